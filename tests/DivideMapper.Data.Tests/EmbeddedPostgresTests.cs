using System.Diagnostics;
using DivideMapper.Data.Embedded;
using Npgsql;

namespace DivideMapper.Data.Tests;

/// <summary>The embedded default cluster, made for real in a temp folder on a free port.</summary>
public sealed class EmbeddedPostgresTests : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("dm-embedded-").FullName;
    private EmbeddedPostgres _cluster = null!;

    public Task InitializeAsync()
    {
        // The cluster owner (postgres, when we are root) must be able to reach the folder.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_dataDir, (UnixFileMode)Convert.ToInt32("755", 8));
        _cluster = new EmbeddedPostgres(_dataDir, FreePort.Next());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task FirstStartCreatesTheClusterAndASecondStartIsFastAndKeepsTheData()
    {
        var connectionString = await _cluster.EnsureStartedAsync();
        await DatabaseMigrator.MigrateAsync(connectionString);
        await ExecuteAsync(connectionString, "INSERT INTO project (slug, name) VALUES ('kept', 'Kept')");

        var again = Stopwatch.StartNew();
        var second = await _cluster.EnsureStartedAsync();
        again.Stop();
        Assert.True(again.Elapsed < TimeSpan.FromSeconds(5), $"second start took {again.Elapsed}");

        await _cluster.StopAsync();
        NpgsqlConnection.ClearAllPools(); // pooled connections died with the server
        var afterRestart = await _cluster.EnsureStartedAsync();

        Assert.Equal(second, afterRestart);
        Assert.Equal("Kept", await ScalarAsync(afterRestart, "SELECT name FROM project WHERE slug = 'kept'"));
        Assert.StartsWith("3.", await ScalarAsync(afterRestart, "SELECT postgis_lib_version()"));
    }

    [Fact]
    public async Task TheClusterListensOnLoopbackWithAPasswordOnly()
    {
        var connectionString = await _cluster.EnsureStartedAsync();
        var wrong = new NpgsqlConnectionStringBuilder(connectionString) { Password = "wrong" }.ConnectionString;

        await using var connection = new NpgsqlConnection(wrong);
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
        Assert.Equal("127.0.0.1", await ScalarAsync(connectionString, "SELECT current_setting('listen_addresses')"));
    }

    [Fact]
    public async Task TheAppConnectsAsAnOwnerRoleThatIsNotASuperuser()
    {
        var connectionString = await _cluster.EnsureStartedAsync();
        await DatabaseMigrator.MigrateAsync(connectionString);

        Assert.Equal(EmbeddedPostgres.OwnerRole, new NpgsqlConnectionStringBuilder(connectionString).Username);
        Assert.Equal("false", await ScalarAsync(connectionString,
            "SELECT (rolsuper OR rolcreatedb OR rolcreaterole)::text FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal(EmbeddedPostgres.OwnerRole, await ScalarAsync(connectionString,
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
        Assert.Equal(EmbeddedPostgres.OwnerRole, await ScalarAsync(connectionString,
            "SELECT tableowner FROM pg_tables WHERE tablename = 'settlement_result'"));
        // What a superuser could do and the app must not: read server files, change the server's settings.
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT pg_read_file('PG_VERSION')", c);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => read.ExecuteScalarAsync())).SqlState);
        await using var alter = new NpgsqlCommand("ALTER SYSTEM SET work_mem = '1GB'", c);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => alter.ExecuteNonQueryAsync())).SqlState);
    }

    [Fact]
    public async Task AClusterMadeBeforeTheOwnerRoleIsHandedOverOnTheNextStart()
    {
        var connectionString = await _cluster.EnsureStartedAsync();
        // As an older cluster was: the superuser made the schema.
        var superuser = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Username = "dividemapper",
            Password = (await File.ReadAllTextAsync(Path.Combine(_dataDir, "pg.password"))).Trim(),
        }.ConnectionString;
        await ExecuteAsync(superuser, "CREATE TABLE legacy (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text)");
        File.Delete(Path.Combine(_dataDir, "pg.app.password"));

        var again = await _cluster.EnsureStartedAsync();

        Assert.Equal(EmbeddedPostgres.OwnerRole, await ScalarAsync(again, "SELECT tableowner FROM pg_tables WHERE tablename = 'legacy'"));
        await ExecuteAsync(again, "INSERT INTO legacy (name) VALUES ('still writable')");
        // PostGIS's own table stays the extension owner's.
        Assert.Equal("dividemapper", await ScalarAsync(superuser, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'spatial_ref_sys'"));
    }

    private static async Task ExecuteAsync(string cs, string sql)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<string> ScalarAsync(string cs, string sql)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
