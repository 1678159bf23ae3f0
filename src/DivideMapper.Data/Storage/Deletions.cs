using DivideMapper.Core.Domain;
using DivideMapper.Formats.Roles;
using Npgsql;

namespace DivideMapper.Data.Storage;

public enum DeleteOutcome { Deleted, NotFound, Running }

/// <summary>
/// Admin deletes (DESIGN §8), each one transaction, so all or nothing: a dataset's rows go with its partition (dropped),
/// the rest cascades by foreign key (project → datasets, project → runs → results and gap polygons). A run that is still running is not
/// deleted (its analysis would fail on commit); runs keep the ids of datasets deleted after them, as a record.
/// </summary>
public static class Deletions
{
    public static async Task<DeleteOutcome> ProjectAsync(NpgsqlDataSource dataSource, string slug, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockDatasetsAsync(connection, ct);
        // The project row locked: no run can start on it (a new run's key check waits) until this commits.
        await using (var find = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM run r WHERE r.project_id = p.id AND r.status = 'running') FROM project p WHERE p.slug = @slug FOR UPDATE
            """, connection))
        {
            find.Parameters.AddWithValue("slug", slug);
            switch (await find.ExecuteScalarAsync(ct))
            {
                case null: return DeleteOutcome.NotFound;
                case true: return DeleteOutcome.Running;
            }
        }
        await DropPartitionsAsync(connection, slug, null, ct);
        await using (var delete = new NpgsqlCommand("DELETE FROM project WHERE slug = @slug", connection))
        {
            delete.Parameters.AddWithValue("slug", slug);
            await delete.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return DeleteOutcome.Deleted;
    }

    public static async Task<DeleteOutcome> DatasetAsync(NpgsqlDataSource dataSource, string slug, long datasetId, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockDatasetsAsync(connection, ct);
        if (await DropPartitionsAsync(connection, slug, datasetId, ct) == 0)
            return DeleteOutcome.NotFound;
        await using (var delete = new NpgsqlCommand("DELETE FROM dataset WHERE id = @id", connection))
        {
            delete.Parameters.AddWithValue("id", datasetId);
            await delete.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return DeleteOutcome.Deleted;
    }

    /// <summary>
    /// Locks dataset against writes before any partition is dropped. An import ends by locking dataset and then
    /// attaching to a role table (<see cref="DatasetPartitions.LockForAttachAsync"/>); a delete that dropped a partition
    /// (locking the role table) before touching dataset could wait for that import while it waits for the delete.
    /// </summary>
    private static async Task LockDatasetsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("LOCK TABLE dataset IN ROW EXCLUSIVE MODE", connection);
        command.CommandTimeout = 0; // an import's attach may hold it for a while
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Drops the partitions of the project's datasets, or of its dataset <paramref name="datasetId"/> (their rows go with
    /// them, at once, instead of the foreign key's row-by-row cascade) and returns how many datasets matched. Table names
    /// come from the role catalogue and the dataset id.
    /// </summary>
    private static async Task<int> DropPartitionsAsync(NpgsqlConnection connection, string slug, long? datasetId, CancellationToken ct)
    {
        var partitions = new List<string>();
        await using (var find = new NpgsqlCommand("""
            SELECT d.id, d.role FROM dataset d
            WHERE d.project_id = (SELECT id FROM project WHERE slug = @slug) AND (@id::bigint IS NULL OR d.id = @id)
            FOR UPDATE
            """, connection))
        {
            find.Parameters.AddWithValue("slug", slug);
            find.Parameters.Add(new NpgsqlParameter("id", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)datasetId ?? DBNull.Value });
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                if (DatasetRoles.TryParse(reader.GetString(1), out var role))
                    partitions.Add(DatasetPartitions.Name(RoleCatalog.Of(role), reader.GetInt64(0)));
        }
        if (partitions.Count == 0) return 0;
        await using var drop = new NpgsqlCommand(string.Concat(partitions.Select(p => $"DROP TABLE IF EXISTS {p};")), connection);
        drop.CommandTimeout = 0; // waits for readers of the role table (a run loading it) to finish
        await drop.ExecuteNonQueryAsync(ct);
        return partitions.Count;
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
