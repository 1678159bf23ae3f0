using Npgsql;

namespace DivideMapper.Data.Runs;

/// <summary>
/// A PostgreSQL session advisory lock per project, held on a connection of its own for the length of a run.
/// Advisory locks belong to the session: if the process holding one is killed, the server drops the connection and
/// the lock with it, so there is nothing stale to clean up (unlike a "running" flag in a table).
/// </summary>
public sealed class ProjectRunLock : IAsyncDisposable
{
    // Key space of our advisory locks: "DM" in the top bits, the project id below.
    private const long Namespace = 0x444D_0000_0000_0000;
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private ProjectRunLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lock, or null when another session holds it (a run of this project is in progress).</summary>
    public static async Task<ProjectRunLock?> TryAcquireAsync(NpgsqlDataSource dataSource, long projectId, CancellationToken ct = default)
    {
        var key = Namespace | projectId;
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            if (await command.ExecuteScalarAsync(ct) is true) return new ProjectRunLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            command.Parameters.AddWithValue("key", _key);
            await command.ExecuteScalarAsync();
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and the lock with it.
        }
        await _connection.DisposeAsync();
    }
}
