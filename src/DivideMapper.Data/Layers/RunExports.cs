using System.Text.Json;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Runs;
using DivideMapper.Formats.Exports;
using NetTopologySuite.Geometries;
using Npgsql;

namespace DivideMapper.Data.Layers;

/// <summary>
/// Exports of a run's layers (DESIGN §7 <c>dm export</c>, §8 <c>GET /api/runs/{id}/export</c>): the rows come from the
/// layer catalogue through the one publication rule (<see cref="Publication"/>), exactly as OGC API and tiles serve
/// them, and the metadata names the run, profile, method and every source dataset's licence and attribution.
/// </summary>
public static class RunExports
{
    /// <summary>The layers a run exports.</summary>
    public static IReadOnlyList<LayerDefinition> Layers { get; } = [LayerCatalogue.Results, LayerCatalogue.Gaps];

    public static string LayerIds { get; } = string.Join("|", Layers.Select(l => l.Id));

    /// <summary>The format by id, or an invalid-parameter refusal that lists the formats.</summary>
    public static Outcome<ExportFormat> FormatOf(string? id) =>
        ExportFormat.Find(id) is { } format
            ? format
            : new Refusal(ErrorCodes.InvalidParameter, $"Unknown export format '{id}'; use one of {ExportFormat.Ids}.");

    /// <summary>The layer by id, or an invalid-parameter refusal.</summary>
    public static Outcome<LayerDefinition> LayerOf(string? id) =>
        Layers.FirstOrDefault(l => l.Id == id?.Trim().ToLowerInvariant()) is { } layer
            ? layer
            : new Refusal(ErrorCodes.InvalidParameter, $"Unknown export layer '{id}'; use one of {LayerIds}.");

    /// <summary>
    /// The run <paramref name="runId"/> of project <paramref name="slug"/>, or its latest finished run when null: unknown
    /// project or run → refusal; a run of another project is unknown here; an unfinished run → run-not-finished.
    /// </summary>
    public static async Task<Outcome<RunDetail>> RunOfProjectAsync(NpgsqlDataSource dataSource, string slug, long? runId, CancellationToken ct = default)
    {
        if (await LayerScopes.ProjectAsync(dataSource, slug, ct) is not { } project) return Refusal.UnknownProject(slug);
        var scope = await LayerScopes.ResolveAsync(dataSource, project, LayerCatalogue.Results, runId, ct);
        if (scope.Value?.RunId is not { } id) return scope.Refusal!;
        return (await RunQueries.RunAsync(dataSource, id, ct))!;
    }

    /// <summary>
    /// What <see cref="LayerExporter"/> writes for run <paramref name="runId"/>'s <paramref name="layer"/>: the rows (read
    /// lazily, when the writer enumerates them) and the metadata. Unknown run → unknown-run; not finished → run-not-finished.
    /// </summary>
    public static async Task<Outcome<ExportLayer>> PrepareAsync(NpgsqlDataSource dataSource, long runId, LayerDefinition layer,
        CancellationToken ct = default)
    {
        if (await RunQueries.RunAsync(dataSource, runId, ct) is not { } run) return Refusal.UnknownRun(runId);
        return await PrepareAsync(dataSource, run, layer, ct);
    }

    /// <summary>The same for a run already read (<see cref="RunOfProjectAsync"/>), without reading it again.</summary>
    public static async Task<Outcome<ExportLayer>> PrepareAsync(NpgsqlDataSource dataSource, RunDetail run, LayerDefinition layer,
        CancellationToken ct = default)
    {
        if (run.Status != Model.RunStatuses.Finished)
            return new Refusal(ErrorCodes.RunNotFinished, $"Run {run.Id} is {run.Status}; only a finished run can be exported.");
        var metadata = await MetadataAsync(dataSource, run, layer, ct);
        var rows = RunLayers.ReadAsync(dataSource, layer, run.Id, ct);
        return new ExportLayer(layer.Id, layer.Schema, Enum.Parse<OgcGeometryType>(layer.GeometryType), rows, metadata);
    }

    private static async Task<ExportMetadata> MetadataAsync(NpgsqlDataSource dataSource, RunDetail run, LayerDefinition layer, CancellationToken ct)
    {
        // The project as every served layer reads it: name, attribution and the current floor Publication applies.
        var project = (await LayerScopes.ProjectAsync(dataSource, run.Project, ct))!;
        var sources = new List<ExportSource>();
        await using (var datasets = dataSource.CreateCommand("""
            SELECT id, role, name, source_file, period, network, licence, attribution
            FROM dataset WHERE id = ANY(@ids) ORDER BY id
            """))
        {
            datasets.Parameters.AddWithValue("ids", run.DatasetIds);
            await using var reader = await datasets.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                sources.Add(new ExportSource(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Text(reader, 3), Text(reader, 4),
                    Text(reader, 5), Text(reader, 6), Text(reader, 7)));
        }

        var profile = run.Profile.RootElement;
        return new ExportMetadata
        {
            Project = run.Project,
            ProjectName = project.Name,
            ProjectAttribution = project.Attribution,
            RunId = run.Id,
            Layer = layer.Id,
            LayerTitle = layer.Title,
            ProfileId = run.ProfileId,
            ProfileVersion = profile.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null,
            ProfileName = String(profile, "name"),
            ProfileCitation = profile.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.Object ? String(source, "citation") : null,
            MethodVersion = String(AnalysisParameters(run), "methodVersion"),
            People = PeopleRule(AnalysisParameters(run)),
            Period = run.Period,
            FinishedAt = run.FinishedAt,
            AppVersion = run.AppVersion,
            // The floor the rows were published under: the project's current one, as Publication applies it.
            MinDevices = project.Floor.MinDevices,
            MinTests = project.Floor.MinTests,
            Sources = sources,
        };
    }

    /// <summary>The analysis parameters Core recorded in the run summary (method version, population rule); an empty object before.</summary>
    private static JsonElement AnalysisParameters(RunDetail run) =>
        run.Summary?.RootElement is { ValueKind: JsonValueKind.Object } summary && summary.TryGetProperty("parameters", out var parameters)
            ? parameters : default;

    /// <summary>"buildings (building, area-share)": the population layer and rule the people counts rest on (DESIGN §5.3).</summary>
    private static string? PeopleRule(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty("population", out var population)) return null;
        return String(population, "layer") is { } layer
            ? $"{layer} ({String(population, "kind")}, {String(population, "rule")})"
            : String(population, "source") ?? String(population, "rule");
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;
}
