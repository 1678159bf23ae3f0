using DivideMapper.Core.Domain;
using DivideMapper.Data.Storage;
using DivideMapper.Testing;
using NetTopologySuite.Geometries;

namespace DivideMapper.Data.Tests;

/// <summary>
/// The role tables are partitioned by dataset (DatasetPartitions): each import is loaded into a table of its own and
/// attached at the end, and deleting a dataset drops its partition.
/// </summary>
public sealed class DatasetPartitionTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    private static DatasetToStore Meta(string project, string sha) =>
        new(project, DatasetRole.Measurements, "test", "test.csv", sha, "EPSG:4326", "2024Q1", null, null, "{}");

    private static RoleRows Points(int count, int seed)
    {
        var random = new Random(seed);
        return RoleRows.Of(Enumerable.Range(0, count)
            .Select(i => new Measurement(0, "2024Q1", 10_000 + i, 2_000, 30, 5, 2, null,
                Factory.CreatePoint(new Coordinate(36.6 + random.NextDouble() * 0.4, -1.5 + random.NextDouble() * 0.4))))
            .ToList());
    }

    private Task<long> CountAsync(string sql) => _database.ScalarAsync<long>(sql);

    [Fact]
    public async Task EachImportIsAnAttachedPartitionWithItsKeyIndexesAndForeignKey()
    {
        await using var dataSource = _database.CreateDataSource();
        var first = await DatasetStore.SaveAsync(dataSource, Meta("p", "a"), Points(5_000, 1));
        var second = await DatasetStore.SaveAsync(dataSource, Meta("p", "b"), Points(3_000, 2));

        Assert.Equal($"measurement_ds_{first.Id},measurement_ds_{second.Id}", await _database.ScalarAsync<string>(
            "SELECT string_agg(inhrelid::regclass::text, ',' ORDER BY inhrelid::regclass::text) FROM pg_inherits WHERE inhparent = 'measurement'::regclass"));
        foreach (var id in new[] { first.Id, second.Id })
        {
            // Primary key, GiST, (project, id) and (project, dataset, period), all attached to the parent's.
            Assert.Equal(4L, await CountAsync($"""
                SELECT count(*) FROM pg_index i JOIN pg_inherits h ON h.inhrelid = i.indexrelid
                WHERE i.indrelid = 'measurement_ds_{id}'::regclass
                """));
            Assert.Equal(1L, await CountAsync($"SELECT count(*) FROM pg_constraint WHERE conrelid = 'measurement_ds_{id}'::regclass AND contype = 'f'"));
            // Small enough to be analysed at attach: the planner has column statistics right after the import.
            Assert.True(await CountAsync($"SELECT count(*) FROM pg_stats WHERE tablename = 'measurement_ds_{id}'") > 0);
        }
        Assert.Equal(8_000L, await CountAsync("SELECT count(DISTINCT id) FROM measurement"));
        Assert.Equal(5_000L, await CountAsync($"SELECT count(*) FROM measurement WHERE dataset_id = {first.Id}"));

        // A row for a dataset without a partition has nowhere to go.
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => _database.ExecuteAsync($"""
            INSERT INTO measurement (dataset_id, project_id, period, tests, devices, geom)
            VALUES ({second.Id + 100}, {first.ProjectId}, '2024Q1', 1, 1, 'SRID=4326;POINT(36.7 -1.3)')
            """));
        Assert.Equal("23514", error.SqlState); // check_violation: no partition of relation "measurement" found for row
    }

    /// <summary>The key leads with the dataset; rows by id within a project (results join settlements by id, OGC items
    /// page by id) need an index of their own on every role table.</summary>
    [Theory]
    [InlineData("settlement")]
    [InlineData("coverage")]
    [InlineData("site")]
    [InlineData("measurement")]
    [InlineData("facility")]
    [InlineData("population")]
    public async Task EveryRoleTableHasAnIndexOnProjectAndId(string table)
    {
        Assert.Equal(1L, await CountAsync($"""
            SELECT count(*) FROM pg_index i
            WHERE i.indrelid = '{table}'::regclass
              AND i.indkey[0] = (SELECT attnum FROM pg_attribute WHERE attrelid = '{table}'::regclass AND attname = 'project_id')
              AND i.indkey[1] = (SELECT attnum FROM pg_attribute WHERE attrelid = '{table}'::regclass AND attname = 'id')
            """));
    }

    [Fact]
    public async Task DeletingADatasetOrAProjectDropsTheirPartitionsOnly()
    {
        await using var dataSource = _database.CreateDataSource();
        var kept = await DatasetStore.SaveAsync(dataSource, Meta("keep", "k"), Points(1_000, 3));
        var gone = await DatasetStore.SaveAsync(dataSource, Meta("keep", "g"), Points(1_000, 4));
        var other = await DatasetStore.SaveAsync(dataSource, Meta("drop", "d"), Points(1_000, 5));

        Assert.Equal(DeleteOutcome.Deleted, await Deletions.DatasetAsync(dataSource, "keep", gone.Id));
        Assert.Equal(DeleteOutcome.NotFound, await Deletions.DatasetAsync(dataSource, "drop", kept.Id)); // another project's
        Assert.False(await _database.ScalarAsync<bool>($"SELECT to_regclass('measurement_ds_{gone.Id}') IS NOT NULL"));
        Assert.Equal(DeleteOutcome.Deleted, await Deletions.ProjectAsync(dataSource, "drop"));
        Assert.False(await _database.ScalarAsync<bool>($"SELECT to_regclass('measurement_ds_{other.Id}') IS NOT NULL"));

        Assert.Equal(1_000L, await CountAsync("SELECT count(*) FROM measurement"));
        Assert.Equal(1L, await CountAsync($"SELECT count(*) FROM pg_inherits WHERE inhparent = 'measurement'::regclass"));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM dataset"));
    }

    [Fact]
    public async Task AFailedImportLeavesNoTableBehind()
    {
        await using var dataSource = _database.CreateDataSource();
        var good = new CoverageArea(0, "A", Tech.G4, Factory.CreatePolygon(new Coordinate[] { new(0, 0), new(1, 0), new(1, 1), new(0, 0) }));
        var bad = new CoverageArea(0, "A", Tech.G4, Factory.CreatePoint(new Coordinate(0, 0))); // not a polygon: fails mid-copy
        var meta = Meta("fails", "f") with { Role = DatasetRole.Coverage };

        await Assert.ThrowsAsync<ArgumentException>(() => DatasetStore.SaveAsync(dataSource, meta, RoleRows.Of([good, good, bad])));

        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_ds\\_%'"));
        Assert.Equal(0L, await CountAsync("SELECT (SELECT count(*) FROM dataset) + (SELECT count(*) FROM project)"));
    }

    /// <summary>Imports finishing together take turns to attach (DatasetPartitions.LockForAttachAsync) instead of deadlocking.</summary>
    [Fact]
    public async Task ImportsFinishingTogetherAllAttach()
    {
        await using var dataSource = _database.CreateDataSource();

        var stored = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => DatasetStore.SaveAsync(dataSource, Meta(i % 2 == 0 ? "even" : "odd", $"s{i}"), Points(20_000, 10 + i)))));

        Assert.Equal(6, stored.Select(s => s.Id).Distinct().Count());
        Assert.All(stored, s => Assert.False(s.AlreadyExisted));
        Assert.Equal(120_000L, await CountAsync("SELECT count(*) FROM measurement"));
        Assert.Equal(6L, await CountAsync("SELECT count(*) FROM pg_inherits WHERE inhparent = 'measurement'::regclass"));
    }
}
