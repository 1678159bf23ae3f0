using DivideMapper.Core.Analysis;
using DivideMapper.Core.Outcomes;
using Npgsql;

namespace DivideMapper.Data.Layers;

/// <summary>A project as the served layers see it: its scope values plus what collection metadata shows.</summary>
public sealed record LayerProject(long Id, string Slug, string Name, int? MetricSrid, PrivacyFloor Floor, string Visibility, string? Attribution)
{
    public bool IsPublic => Visibility == Access.ProjectVisibility.Public;
}

/// <summary>
/// Resolves what a layer request reads: the project (by slug) and, for run layers, the run — the latest finished one,
/// or the one asked for, which must be a finished run of the same project. Refusals use the one error catalogue.
/// </summary>
public static class LayerScopes
{
    /// <summary>The project columns <see cref="Read"/> reads, first in a statement over <c>project</c>.</summary>
    internal const string ProjectColumns = "id, slug, name, metric_srid, min_devices, min_tests, visibility, attribution";
    internal const int ProjectColumnCount = 8;

    public static async Task<LayerProject?> ProjectAsync(NpgsqlDataSource dataSource, string slug, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {ProjectColumns} FROM project WHERE slug = @slug");
        command.Parameters.AddWithValue("slug", slug);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>Every project, in slug order; <paramref name="publicOnly"/> for readers without a viewer key.</summary>
    public static async Task<IReadOnlyList<LayerProject>> ProjectsAsync(NpgsqlDataSource dataSource, bool publicOnly, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {ProjectColumns} FROM project WHERE NOT @public_only OR visibility = 'public' ORDER BY slug");
        command.Parameters.AddWithValue("public_only", publicOnly);
        var projects = new List<LayerProject>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) projects.Add(Read(reader));
        return projects;
    }

    /// <summary>The scope of <paramref name="layer"/> in <paramref name="project"/>; for run layers the run <paramref name="runId"/> or the latest finished.</summary>
    public static async Task<Outcome<LayerScopeValues>> ResolveAsync(NpgsqlDataSource dataSource, LayerProject project, LayerDefinition layer,
        long? runId, CancellationToken ct = default)
    {
        if (layer.Scope == LayerScope.Project) return new LayerScopeValues(project.Id, null, project.Floor);
        await using var command = dataSource.CreateCommand(runId is null
            ? "SELECT id, status FROM run WHERE project_id = @project AND status = 'finished' ORDER BY finished_at DESC, id DESC LIMIT 1"
            : "SELECT id, status FROM run WHERE project_id = @project AND id = @run");
        command.Parameters.AddWithValue("project", project.Id);
        if (runId is { } asked) command.Parameters.AddWithValue("run", asked);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            return runId is { } missing
                ? Refusal.UnknownRun(missing)
                : NoFinishedRun(project, layer);
        if (reader.GetString(1) != Model.RunStatuses.Finished)
            return new Refusal(ErrorCodes.RunNotFinished, $"Run {reader.GetInt64(0)} is {reader.GetString(1)}; its {layer.Id} exist once it has finished.");
        return new LayerScopeValues(project.Id, reader.GetInt64(0), project.Floor);
    }

    /// <summary>A run layer of a project before its first finished run: empty, which tiles and OGC serve as empty rather than as an error.</summary>
    public static Refusal NoFinishedRun(LayerProject project, LayerDefinition layer) =>
        new(ErrorCodes.NoData, $"Project '{project.Slug}' has no finished run yet, so its {layer.Id} layer is empty.");

    /// <summary>The scope of a run given by id (any status; callers check it has finished): its project and that project's floor.</summary>
    public static async Task<LayerScopeValues?> ForRunAsync(NpgsqlDataSource dataSource, long runId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT p.id, p.min_devices, p.min_tests FROM run r JOIN project p ON p.id = r.project_id WHERE r.id = @run");
        command.Parameters.AddWithValue("run", runId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new LayerScopeValues(reader.GetInt64(0), runId, new PrivacyFloor(reader.GetInt32(1), reader.GetInt32(2))) : null;
    }

    internal static LayerProject Read(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3),
        new PrivacyFloor(r.GetInt32(4), r.GetInt32(5)), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7));
}
