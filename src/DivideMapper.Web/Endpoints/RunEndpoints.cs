using System.Text.Json;
using System.Text.Json.Nodes;
using DivideMapper.Core.Comparison;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data;
using DivideMapper.Data.Layers;
using DivideMapper.Data.Queries;
using DivideMapper.Data.Runs;
using DivideMapper.Data.Storage;
using DivideMapper.Web.Access;
using DivideMapper.Formats.Writers;
using DivideMapper.Web.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace DivideMapper.Web.Endpoints;

public static class RunEndpoints
{
    /// <summary>POST body: a built-in profile id or a custom profile object, and an optional measurement period.</summary>
    public sealed record CreateRun(string? Profile, JsonElement? CustomProfile, string? Period);

    public const int MaxPageSize = 10_000;

    public static IEndpointRouteBuilder MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects/{slug}/runs", CreateAsync).WithTags("Runs")
            .WithSummary("Analyse the project's settlements against a profile; stores an immutable run (analyst). 409 while another run of the project is in progress.")
            .RequireAnalyst().Audited("run.create");
        app.MapDelete("/api/runs/{id:long}", DeleteAsync).WithTags("Runs")
            .WithSummary("Delete a run with its results and gap polygons (admin). 409 while it is running.")
            .RequireAdmin().Audited("run.delete");
        var runs = app.MapGroup("/api/runs/{id:long}").WithTags("Runs").RequireRunRead();
        runs.MapGet("/", GetAsync).WithSummary("A run: profile snapshot, parameters, dataset ids, timings, app version and summary KPIs.");
        runs.MapGet("/settlements", SettlementsAsync)
            .WithSummary("The run's result rows in rank order (worst first); f=geojson for a FeatureCollection with settlement boundaries.");
        runs.MapGet("/gaps", GapsAsync).WithSummary("The run's gap polygons as GeoJSON (settlement minus the target-tech footprint).");
        runs.MapGet("/compare", CompareAsync).WithSummary("Per-settlement and summary deltas from a baseline run (base=ID) to this run.");
        return app;
    }

    internal static async Task<Results<Created<JsonObject>, ProblemHttpResult>> CreateAsync(string slug, CreateRun? body,
        NpgsqlDataSource dataSource, DivideMapperDbContext db, CancellationToken ct)
    {
        var custom = body?.CustomProfile is { ValueKind: JsonValueKind.Object } c ? c.GetRawText() : null;
        var outcome = await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(slug, body?.Profile, custom, body?.Period),
            AppVersion.Current, ct);
        if (outcome.Value is not { } run) return ProblemSetup.Refused(outcome.Refusal!, "The run was not started.");
        var detail = await db.RunAsync(run.RunId, ct);
        return TypedResults.Created($"/api/runs/{run.RunId}", (JsonObject)JsonSerializer.SerializeToNode(detail, AnalysisRunner.Json)!);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, NpgsqlDataSource dataSource, CancellationToken ct) =>
        await Deletions.RunAsync(dataSource, id, ct) switch
        {
            DeleteOutcome.Deleted => TypedResults.NoContent(),
            DeleteOutcome.Running => ProjectEndpoints.Running($"Run {id} is still running; delete it when it has finished or failed."),
            _ => UnknownRun(id),
        };

    internal static async Task<Results<Ok<RunDetail>, ProblemHttpResult>> GetAsync(long id, DivideMapperDbContext db, CancellationToken ct) =>
        await db.RunAsync(id, ct) is { } run ? TypedResults.Ok(run) : UnknownRun(id);

    internal static async Task<IResult> SettlementsAsync(long id, HttpContext http, NpgsqlDataSource dataSource, DivideMapperDbContext db,
        CancellationToken ct, int? limit = null, int? offset = null, string? f = null)
    {
        if (await db.RunAsync(id, ct) is null) return UnknownRun(id);
        if (limit is < 1 or > MaxPageSize || offset is < 0)
            return ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Invalid paging.", $"limit must be 1–{MaxPageSize} and offset ≥ 0.");
        var take = limit ?? MaxPageSize;
        var skip = offset ?? 0;
        if (IsGeoJson(f))
            return await GeoJsonAsync(http, RunLayers.ResultsSchema, RunLayers.ResultsAsync(dataSource, id, skip, take, ct), ct);
        if (f is not null && f != "json")
            return ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Unknown format.", "f must be json or geojson.");

        var rows = await db.ResultsAsync(id, skip, take, ct);
        return TypedResults.Ok(new
        {
            runId = id,
            numberMatched = await db.ResultCountAsync(id, ct),
            numberReturned = rows.Count,
            settlements = rows.Select(r => ResultColumns.ToJsonRow(r)),
        });
    }

    internal static async Task<IResult> GapsAsync(long id, HttpContext http, NpgsqlDataSource dataSource, DivideMapperDbContext db,
        CancellationToken ct)
    {
        if (await db.RunAsync(id, ct) is null) return UnknownRun(id);
        return await GeoJsonAsync(http, RunLayers.GapsSchema, RunLayers.GapsAsync(dataSource, id, ct: ct), ct);
    }

    internal static async Task<Results<Ok<RunComparison>, ProblemHttpResult>> CompareAsync(long id, long? @base, DivideMapperDbContext db,
        CancellationToken ct)
    {
        if (@base is null) return ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Missing base run.", "Give the baseline run as base=ID.");
        var outcome = await RunComparisons.CompareAsync(db, @base.Value, id, ct);
        return outcome.Value is { } comparison ? TypedResults.Ok(comparison) : ProblemSetup.Refused(outcome.Refusal!);
    }

    private static bool IsGeoJson(string? f) => f is "geojson" or "application/geo+json";

    private static async Task<IResult> GeoJsonAsync(HttpContext http, FeatureSchema schema, IAsyncEnumerable<FeatureRow> rows, CancellationToken ct)
    {
        http.Response.ContentType = "application/geo+json";
        await GeoJsonFeatureWriter.WriteAsync(http.Response.Body, schema, rows, cancellationToken: ct);
        return TypedResults.Empty;
    }

    internal static ProblemHttpResult UnknownRun(long id) => ProblemSetup.Refused(Refusal.UnknownRun(id));
}
