using Npgsql;

namespace DivideMapper.Data.Access;

/// <summary>What a read check needs to know about a project.</summary>
public sealed record ProjectAccess(long Id, string Slug, string Visibility)
{
    public bool IsPublic => Visibility == ProjectVisibility.Public;
}

/// <summary>Looks up the project a request reads (by slug or through one of its runs) and changes its visibility.</summary>
public static class ProjectAccessQueries
{
    public static async Task<ProjectAccess?> BySlugAsync(NpgsqlDataSource dataSource, string slug, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT id, slug, visibility FROM project WHERE slug = @slug");
        command.Parameters.AddWithValue("slug", slug);
        return await ReadAsync(command, ct);
    }

    public static async Task<ProjectAccess?> ByRunAsync(NpgsqlDataSource dataSource, long runId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT p.id, p.slug, p.visibility FROM run r JOIN project p ON p.id = r.project_id WHERE r.id = @id");
        command.Parameters.AddWithValue("id", runId);
        return await ReadAsync(command, ct);
    }

    /// <summary>Sets a project's visibility; false when there is no such project.</summary>
    public static async Task<bool> SetVisibilityAsync(NpgsqlDataSource dataSource, string slug, string visibility, CancellationToken ct = default)
    {
        if (!ProjectVisibility.IsValid(visibility)) throw new ArgumentException($"visibility must be public or private, not '{visibility}'.");
        await using var command = dataSource.CreateCommand("UPDATE project SET visibility = @v WHERE slug = @slug");
        command.Parameters.AddWithValue("v", visibility);
        command.Parameters.AddWithValue("slug", slug);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    private static async Task<ProjectAccess?> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new ProjectAccess(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
    }
}
