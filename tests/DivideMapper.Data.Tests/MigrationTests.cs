using DivideMapper.Data;
using DivideMapper.Testing;
using Npgsql;

namespace DivideMapper.Data.Tests;

public sealed class MigrationTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new() { Migrate = false };

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task MigrationAppliesOnAnEmptyDatabaseAndAgainAsANoOp()
    {
        Assert.NotEmpty(await DatabaseMigrator.PendingAsync(_database.ConnectionString));

        await DatabaseMigrator.MigrateAsync(_database.ConnectionString);
        Assert.Empty(await DatabaseMigrator.PendingAsync(_database.ConnectionString));
        var applied = await _database.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\"");

        await DatabaseMigrator.MigrateAsync(_database.ConnectionString);
        Assert.Equal(applied, await _database.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\""));
        Assert.Empty(await DatabaseMigrator.PendingAsync(_database.ConnectionString));
    }

    [Fact]
    public async Task SchemaHasEveryTableWithGeometryIn4326AndGistIndexes()
    {
        await DatabaseMigrator.MigrateAsync(_database.ConnectionString);

        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        foreach (var expected in new[] { "project", "dataset", "settlement", "coverage", "site", "measurement", "facility", "run", "settlement_result", "gap_area", "population" })
            Assert.Contains(expected, tables);

        var geometryColumns = new Dictionary<string, (int Srid, string Type)>();
        await using (var cmd = new NpgsqlCommand("SELECT f_table_name, srid, type FROM geometry_columns WHERE f_table_schema = 'public'", connection))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) geometryColumns[r.GetString(0)] = (r.GetInt32(1), r.GetString(2));
        Assert.Equal(("MULTIPOLYGON"), geometryColumns["settlement"].Type);
        Assert.Equal("POINT", geometryColumns["site"].Type);
        Assert.Equal("GEOMETRY", geometryColumns["measurement"].Type);
        Assert.Equal("GEOMETRY", geometryColumns["population"].Type); // cells and footprints (polygons) or points
        Assert.All(geometryColumns.Values, c => Assert.Equal(4326, c.Srid));
        Assert.Equal(7, geometryColumns.Count);

        var gist = await _database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE '%USING gist (geom)%'");
        Assert.Equal(7, gist);
    }

    [Fact]
    public async Task PostgisExtensionIsCreatedByTheMigrator()
    {
        await DatabaseMigrator.MigrateAsync(_database.ConnectionString);
        var version = await _database.ScalarAsync<string>("SELECT postgis_lib_version()");
        Assert.StartsWith("3.", version);
    }
}
