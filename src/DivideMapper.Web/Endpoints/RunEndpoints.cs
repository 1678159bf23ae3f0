using System.Text.Json;
using System.Text.Json.Nodes;
using DivideMapper.Core.Comparison;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data;
using DivideMapper.Data.Layers;
using DivideMapper.Data.Model;
using DivideMapper.Data.Queries;
using DivideMapper.Data.Runs;
using DivideMapper.Data.Storage;
using DivideMapper.Web.Access;
using DivideMapper.Web.Hosting;
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
            .WithSummary("Queue an analysis of the project's settlements against a profile (analyst): 202 with the queued run and its Location; " +
                         "poll GET /api/runs/{id} until status is finished or failed. Prefer: wait=N (seconds, at most 120) answers 201 with the ended run " +
                         "if it ends in time. 409 run-in-progress when the project already has too many runs pending.")
            .RequireAnalyst().Audited("run.create");
        app.MapPost("/api/runs/{id:long}/cancel", CancelAsync).WithTags("Runs")
            .WithSummary("Cancel a run (analyst): a queued run fails with error code 'cancelled' at once (200), a running one at its next " +
                         "progress checkpoint (202, cancelRequested true). 409 run-ended when it has already finished or failed.")
            .RequireAnalyst().Audited("run.cancel");
        app.MapDelete("/api/runs/{id:long}", DeleteAsync).WithTags("Runs")
            .WithSummary("Delete a run with its results and gap polygons (admin). 409 while it is running.")
            .RequireAdmin().Audited("run.delete");
        var runs = app.MapGroup("/api/runs/{id:long}").WithTags("Runs").RequireRunRead();
        runs.MapGet("/", GetAsync).WithSummary("A run: status (queued, running, finished, failed), phase and progress 0..1, error code and message, " +
                                               "profile snapshot, parameters, dataset ids, timings, app version and summary KPIs.");
        runs.MapGet("/settlements", SettlementsAsync)
            .WithSummary("The run's result rows in rank order (worst first); f=geojson for a FeatureCollection with settlement boundaries.");
        runs.MapGet("/gaps", GapsAsync).WithSummary("The run's gap polygons as GeoJSON (settlement minus the target-tech footprint).");
        runs.MapGet("/compare", CompareAsync).WithSummary("Per-settlement and summary deltas from a baseline run (base=ID) to this run.");
        return app;
    }

    internal static async Task<Results<Created<JsonObject>, Accepted<JsonObject>, ProblemHttpResult>> CreateAsync(string slug, CreateRun? body,
        HttpContext http, NpgsqlDataSource dataSource, DivideMapperDbContext db, RunSignal signal, CancellationToken ct)
    {
        var custom = body?.CustomProfile is { ValueKind: JsonValueKind.Object } c ? c.GetRawText() : null;
        var outcome = await AnalysisRunner.EnqueueAsync(dataSource, new AnalysisRequest(slug, body?.Profile, custom, body?.Period),
            AppVersion.Current, ct);
        if (outcome.Value?.RunId is not { } runId) return ProblemSetup.Refused(outcome.Refusal!, "The run was not started.");
        signal.Notify();
        var location = $"/api/runs/{runId}";
        if (PreferWait.Seconds(http.Request.Headers["Prefer"]) is { } wait)
        {
            http.Response.Headers["Preference-Applied"] = $"wait={wait}";
            var deadline = DateTime.UtcNow.AddSeconds(wait);
            // Poll the row (the run may execute in another process); a client that goes away only stops the waiting.
            while (DateTime.UtcNow < deadline && !RunStatuses.HasEnded(await db.RunStatusAsync(runId, ct) ?? RunStatuses.Failed))
                await Task.Delay(PreferWait.PollInterval, ct);
            var ended = await db.RunAsync(runId, ct);
            if (ended is not null && RunStatuses.HasEnded(ended.Status)) return TypedResults.Created(location, ToJson(ended));
        }
        return TypedResults.Accepted(location, ToJson((await db.RunAsync(runId, ct))!));
    }

    internal static async Task<Results<Ok<RunDetail>, Accepted<RunDetail>, ProblemHttpResult>> CancelAsync(long id, NpgsqlDataSource dataSource,
        DivideMapperDbContext db, CancellationToken ct)
    {
        var outcome = await RunStore.CancelAsync(dataSource, id, ct);
        if (outcome == CancelOutcome.Unknown) return UnknownRun(id);
        var run = (await db.RunAsync(id, ct))!;
        return outcome switch
        {
            CancelOutcome.CancelledAtOnce => TypedResults.Ok(run),
            CancelOutcome.Requested => TypedResults.Accepted($"/api/runs/{id}", run),
            _ => ProblemSetup.Refused(new Refusal(ErrorCodes.RunEnded, $"Run {id} has already {run.Status}; there is nothing to cancel.")),
        };
    }

    private static JsonObject ToJson(RunDetail run) => (JsonObject)JsonSerializer.SerializeToNode(run, AnalysisRunner.Json)!;

    /// <summary>Results exist only for a finished run: unknown → 404, queued/running/failed → 409 run-not-finished.</summary>
    private static async Task<ProblemHttpResult?> NotFinishedAsync(DivideMapperDbContext db, long id, CancellationToken ct) =>
        await db.RunStatusAsync(id, ct) switch
        {
            null => UnknownRun(id),
            RunStatuses.Finished => null,
            var status => ProblemSetup.Refused(new Refusal(ErrorCodes.RunNotFinished, status == RunStatuses.Failed
                ? $"Run {id} failed; it has no results (GET /api/runs/{id} says why)."
                : $"Run {id} is {status}; its results exist once it has finished (poll GET /api/runs/{id}).")),
        };

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
        if (await NotFinishedAsync(db, id, ct) is { } notFinished) return notFinished;
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
        if (await NotFinishedAsync(db, id, ct) is { } notFinished) return notFinished;
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
