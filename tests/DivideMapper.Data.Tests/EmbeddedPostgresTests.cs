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
