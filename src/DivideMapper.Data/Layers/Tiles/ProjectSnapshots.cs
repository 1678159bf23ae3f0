using Npgsql;

namespace DivideMapper.Data.Layers.Tiles;

/// <summary>
/// What a tile request needs to know about a project, read in one statement: the project (visibility, floor), its
/// latest finished run, and a data version that changes whenever what any of its layers shows can change — a
/// dataset imported or deleted, a run finished or deleted, the floor or the visibility changed. Ids only grow, so
/// "count.sum of ids" changes on every insert and every delete. Tile caches and ETags key on it, which is how a
/// cache is invalidated without anyone having to remember to invalidate it.
/// </summary>
public sealed record ProjectSnapshot(LayerProject Project, long? LatestRunId, string Version);

public static class ProjectSnapshots
{
    private static readonly string Sql =
        $"""
        SELECT {LayerScopes.ProjectColumns},
          (SELECT r.id FROM run r WHERE r.project_id = project.id AND r.status = 'finished' ORDER BY r.finished_at DESC, r.id DESC LIMIT 1),
          (SELECT count(*) || '.' || coalesce(sum(d.id), 0) FROM dataset d WHERE d.project_id = project.id) || ':' ||
          (SELECT count(*) || '.' || coalesce(sum(r.id), 0) FROM run r WHERE r.project_id = project.id AND r.status = 'finished') || ':' ||
          min_devices || '.' || min_tests || ':' || visibility
        FROM project WHERE slug = @slug
        """;

    public static async Task<ProjectSnapshot?> ReadAsync(NpgsqlDataSource dataSource, string slug, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("slug", slug);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var n = LayerScopes.ProjectColumnCount;
        return new ProjectSnapshot(LayerScopes.Read(reader), reader.IsDBNull(n) ? null : reader.GetInt64(n), reader.GetString(n + 1));
    }
}
