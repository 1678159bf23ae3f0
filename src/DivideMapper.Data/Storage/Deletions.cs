using Npgsql;

namespace DivideMapper.Data.Storage;

public enum DeleteOutcome { Deleted, NotFound, Running }

/// <summary>
/// Admin deletes (DESIGN §8). Each is one statement, so it is all or nothing; the foreign keys cascade
/// (project → datasets → their rows, project → runs → results and gap polygons). A run that is still running is not
/// deleted (its analysis would fail on commit); runs keep the ids of datasets deleted after them, as a record.
/// </summary>
public static class Deletions
{
    public static async Task<DeleteOutcome> ProjectAsync(NpgsqlDataSource dataSource, string slug, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM project p WHERE p.slug = @slug
              AND NOT EXISTS (SELECT 1 FROM run r WHERE r.project_id = p.id AND r.status = 'running')
            RETURNING id
            """);
        command.Parameters.AddWithValue("slug", slug);
        if (await command.ExecuteScalarAsync(ct) is long) return DeleteOutcome.Deleted;
        return await ExistsAsync(dataSource, "SELECT 1 FROM project WHERE slug = @k", slug, ct) ? DeleteOutcome.Running : DeleteOutcome.NotFound;
    }

    public static async Task<DeleteOutcome> DatasetAsync(NpgsqlDataSource dataSource, string slug, long datasetId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM dataset d USING project p WHERE d.project_id = p.id AND p.slug = @slug AND d.id = @id RETURNING d.id
            """);
        command.Parameters.AddWithValue("slug", slug);
        command.Parameters.AddWithValue("id", datasetId);
        return await command.ExecuteScalarAsync(ct) is long ? DeleteOutcome.Deleted : DeleteOutcome.NotFound;
    }

    public static async Task<DeleteOutcome> RunAsync(NpgsqlDataSource dataSource, long runId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM run WHERE id = @id AND status <> 'running' RETURNING id");
        command.Parameters.AddWithValue("id", runId);
        if (await command.ExecuteScalarAsync(ct) is long) return DeleteOutcome.Deleted;
        return await ExistsAsync(dataSource, "SELECT 1 FROM run WHERE id = @k", runId, ct) ? DeleteOutcome.Running : DeleteOutcome.NotFound;
    }

    private static async Task<bool> ExistsAsync(NpgsqlDataSource dataSource, string sql, object key, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("k", key);
        return await command.ExecuteScalarAsync(ct) is not null;
    }
}
