using DivideMapper.Core.Domain;
using DivideMapper.Data.Storage;
using DivideMapper.Testing;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace DivideMapper.Data.Tests;

public sealed class DatasetStoreTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private static readonly WKTReader Wkt = new();

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    private static DatasetToStore Meta(string project, DatasetRole role, string sha) =>
        new(project, role, "test", "test.geojson", sha, "EPSG:4326", null, null, null, "{\"features\":1}");

    [Fact]
    public async Task SettlementsAreStoredAndLoadedBackWithTheirAttributes()
    {
        await using var dataSource = _database.CreateDataSource();
        var settlement = new Settlement(0, "Kibera", SettlementKind.Informal, 170_000, 45_000,
            Wkt.Read("POLYGON ((36.78 -1.32, 36.80 -1.32, 36.80 -1.30, 36.78 -1.30, 36.78 -1.32))"),
            new Dictionary<string, object?> { ["id"] = "K-1", ["ward"] = "Sarangombe" });

        var stored = await DatasetStore.SaveAsync(dataSource, Meta("nairobi", DatasetRole.Settlements, "a1"), RoleRows.Of([settlement]));
        var loaded = await ProjectDataLoader.LoadAsync(dataSource, stored.ProjectId, null);

        Assert.False(stored.AlreadyExisted);
        var back = Assert.Single(loaded.Settlements);
        Assert.Equal("Kibera", back.Name);
        Assert.Equal(SettlementKind.Informal, back.Kind);
        Assert.Equal(170_000, back.Population);
        Assert.IsType<MultiPolygon>(back.Geometry);
        Assert.Equal(4326, back.Geometry.SRID);
        Assert.True(back.Geometry.EqualsExact(RoleRowCopier.AsMultiPolygon(settlement.Geometry)));
        Assert.Equal("K-1", await _database.ScalarAsync<string>("SELECT source_id FROM settlement"));
        Assert.Equal("Sarangombe", await _database.ScalarAsync<string>("SELECT properties->>'ward' FROM settlement"));
        Assert.Equal([stored.Id], loaded.DatasetIds);
    }

    [Fact]
    public async Task ReimportingTheSameBytesReturnsTheExistingDatasetWithoutDuplicates()
    {
        await using var dataSource = _database.CreateDataSource();
        var site = new CellSite(0, "639-02", Tech.G4, null, (Point)Wkt.Read("POINT (36.8 -1.3)"));

        var first = await DatasetStore.SaveAsync(dataSource, Meta("p", DatasetRole.Sites, "same"), RoleRows.Of([site]));
        var second = await DatasetStore.SaveAsync(dataSource, Meta("p", DatasetRole.Sites, "same"), RoleRows.Of([site]));

        Assert.True(second.AlreadyExisted);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM site"));
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM dataset"));
    }

    [Fact]
    public async Task AFailureMidCopyStoresNothingNotEvenTheProject()
    {
        await using var dataSource = _database.CreateDataSource();
        var good = new CoverageArea(0, "A", Tech.G4, Wkt.Read("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"));
        var bad = new CoverageArea(0, "A", Tech.G4, Wkt.Read("POINT (0 0)")); // not a polygon: fails inside COPY

        await Assert.ThrowsAsync<ArgumentException>(() =>
            DatasetStore.SaveAsync(dataSource, Meta("fresh", DatasetRole.Coverage, "x"), RoleRows.Of([good, good, bad])));

        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM coverage"));
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM dataset"));
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM project"));
    }

    [Fact]
    public async Task MeasurementsCanBeLimitedToAPeriod()
    {
        await using var dataSource = _database.CreateDataSource();
        Measurement M(string period) => new(0, period, 12_000, 3_000, 40, 30, 12, null, Wkt.Read("POINT (36.8 -1.3)"));
        var stored = await DatasetStore.SaveAsync(dataSource, Meta("m", DatasetRole.Measurements, "m1"),
            RoleRows.Of([M("2024Q1"), M("2024Q1"), M("2024Q3")]));

        var q1 = await ProjectDataLoader.LoadAsync(dataSource, stored.ProjectId, "2024Q1");
        var all = await ProjectDataLoader.LoadAsync(dataSource, stored.ProjectId, null);

        Assert.Equal(2, q1.Measurements.Count);
        Assert.Equal(3, all.Measurements.Count);
    }
}
