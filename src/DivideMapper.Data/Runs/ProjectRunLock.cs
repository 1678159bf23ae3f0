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

    /// <summary>
    /// Marks the project's runs still 'running' as failed (interrupted). Only call it holding the lock: then no live
    /// process can be running them, so any such row was left by a process that was killed.
    /// </summary>
    public async Task<int> FailInterruptedRunsAsync(long projectId, CancellationToken ct = default)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE run SET status = 'failed', finished_at = now(), error_code = 'interrupted', phase = NULL,
                           error = 'interrupted: the process running it stopped before it finished'
            WHERE project_id = @project AND status = 'running'
            """, _connection);
        command.Parameters.AddWithValue("project", projectId);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>At start: every project with a 'running' run whose lock is free had its run interrupted; mark those failed.</summary>
    public static async Task<int> FailInterruptedRunsAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        var projects = new List<long>();
        await using (var command = dataSource.CreateCommand("SELECT DISTINCT project_id FROM run WHERE status = 'running'"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) projects.Add(reader.GetInt64(0));
        var failed = 0;
        foreach (var project in projects)
        {
            await using var held = await TryAcquireAsync(dataSource, project, ct);
            if (held is not null) failed += await held.FailInterruptedRunsAsync(project, ct);
        }
        return failed;
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
