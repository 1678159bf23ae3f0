using DivideMapper.Data;
using DivideMapper.Data.Embedded;
using Npgsql;
using Xunit;

namespace DivideMapper.Testing;

/// <summary>
/// A fresh PostGIS database of its own for one test class, created on the throwaway cluster that ./test.sh starts
/// (DIVIDEMAPPER_TEST_DB, a server-level connection string) and dropped afterwards. There is no fallback: a test that
/// needs PostGIS fails loudly when it is missing, it never skips.
/// </summary>
public sealed class PostgisDatabase : IAsyncLifetime
{
    public const string ServerVariable = "DIVIDEMAPPER_TEST_DB";

    /// <summary>The role tests connect as: owner of each test database, not a superuser, exactly like the app's (DESIGN §8).</summary>
    public const string OwnerRole = "dm_test_owner";

    public string Name { get; } = $"dm_test_{Guid.NewGuid():N}";
    public string ConnectionString { get; private set; } = "";

    /// <summary>Set to false before InitializeAsync to get an empty database (migration tests).</summary>
    public bool Migrate { get; init; } = true;

    public static string ServerConnectionString => RequireServer(Environment.GetEnvironmentVariable(ServerVariable));

    /// <summary>The server connection string, or the loud failure every PostGIS test gets without one.</summary>
    public static string RequireServer(string? value) =>
        value is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"PostGIS is required for this test but {ServerVariable} is not set. Run ./test.sh, which starts a throwaway PostGIS cluster, " +
                $"or set {ServerVariable} to a server-level Npgsql connection string of a PostGIS ≥ 3 server.");

    public async Task InitializeAsync()
    {
        var server = ServerConnectionString;
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        // Every test talks to PostGIS as a plain owner role, so nothing in the product can come to rely on superuser rights.
        await DatabaseOwner.EnsureAsync(server, Name, OwnerRole, password: null);
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name, Username = OwnerRole, Pooling = true }.ConnectionString;
        if (Migrate) await DatabaseMigrator.MigrateAsync(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ServerConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>A data source with the NTS plugin, like the app's; dispose it in the test.</summary>
    public NpgsqlDataSource CreateDataSource() => DataServiceCollectionExtensions.CreateDataSource(ConnectionString);

    /// <summary>Runs one statement (a test's own set-up, e.g. raising a floor) and returns the rows it touched.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
