using System.Text.Json;
using DivideMapper.Core.Analysis;
using DivideMapper.Core.Outcomes;
using DivideMapper.Core.Profiles;
using DivideMapper.Core.Projection;
using DivideMapper.Data.Model;
using DivideMapper.Data.Queries;
using DivideMapper.Data.Storage;
using NetTopologySuite.Geometries;
using Npgsql;

namespace DivideMapper.Data.Runs;

/// <summary>What `dm analyze` and POST /api/projects/{slug}/runs ask for.</summary>
/// <param name="ProfileId">A built-in profile id (default <see cref="ProfileCatalog.DefaultId"/>).</param>
/// <param name="CustomProfileJson">A custom profile (JSON); wins over <paramref name="ProfileId"/>.</param>
/// <param name="Period">The one measurement period to analyse (e.g. 2024Q3); null for the latest period present in the
/// measurements of the profile's network (a run never pools periods).</param>
public sealed record AnalysisRequest(string ProjectSlug, string? ProfileId = null, string? CustomProfileJson = null, string? Period = null);

/// <summary>A run queued for a worker.</summary>
public sealed record QueuedRun(long RunId);

/// <summary>A finished run: its id and everything computed.</summary>
public sealed record CompletedRun(long RunId, AnalysisResult Result, IReadOnlyList<SettlementResultRow> Rows);

/// <summary>
/// Runs the analysis of DESIGN §5 on a project's stored data: load (one snapshot) → Core analysis (NTS, in the
/// project's metric CRS) → an immutable run with its results and gap polygons. Shared by the CLI (in process,
/// <see cref="RunAsync(NpgsqlDataSource, AnalysisRequest, string, IProgress{RunProgress}?, CancellationToken)"/>) and
/// the API (<see cref="EnqueueAsync"/>, then a worker's <see cref="RunQueue"/>). An unknown project or profile, or
/// nothing to analyse, is a <see cref="Refusal"/> (nothing stored).
/// </summary>
public static class AnalysisRunner
{
    public static JsonSerializerOptions Json => JsonDefaults.Options;

    /// <summary>At most this many runs of one project may be queued or running at once (POST beyond: 409 run-in-progress).</summary>
    public const int MaxPendingPerProject = 8;

    public static Task<Outcome<CompletedRun>> RunAsync(NpgsqlDataSource dataSource, AnalysisRequest request, string appVersion,
        CancellationToken ct = default) => RunAsync(dataSource, request, appVersion, null, ct);

    /// <summary>Runs now, in this process (dm analyze, tests, the bench); <paramref name="progress"/> hears each phase and step.</summary>
    public static async Task<Outcome<CompletedRun>> RunAsync(NpgsqlDataSource dataSource, AnalysisRequest request, string appVersion,
        IProgress<RunProgress>? progress, CancellationToken ct = default)
    {
        if (await ProjectSettings.FindAsync(dataSource, request.ProjectSlug, ct) is not { } project)
            return Refusal.UnknownProject(request.ProjectSlug);
        var resolved = ResolveProfile(request);
        if (resolved.Value is not { } profile) return resolved.Refusal!;
        // One run per project at a time, across the server and the CLI; the lock dies with its session, so a killed
        // process never leaves the project locked.
        await using var runLock = await ProjectRunLock.TryAcquireAsync(dataSource, project.Id, ct);
        if (runLock is null)
            return new Refusal(ErrorCodes.RunInProgress,
                $"Project '{request.ProjectSlug}' already has a run in progress; start this one when it has finished.");
        await runLock.FailInterruptedRunsAsync(project.Id, ct);
        progress?.Report(new RunProgress(AnalysisPhases.Load, 0));
        var data = await ProjectDataLoader.LoadAsync(dataSource, project.Id, request.Period, ct);
        if (data.Settlements.Count == 0) return NoSettlements(request.ProjectSlug);

        var projection = await ProjectionAsync(dataSource, project, data, ct);
        var runId = await RunStore.StartAsync(dataSource, new RunStart(project.Id, profile.Id, ProfileJson.Write(profile, indented: false),
            data.DatasetIds, ParametersJson(profile, request.Period), request.Period, projection.Srid, appVersion), ct);
        await using var tracker = RunProgressTracker.Start(dataSource, runId, progress, ct);
        tracker.Report(new AnalysisProgress(AnalysisPhases.Load, 1));
        try
        {
            return await AnalyseAndStoreAsync(dataSource, runId, project, profile, request.Period, data, projection, tracker);
        }
        catch (OperationCanceledException) when (tracker.CancelRequested)
        {
            await RunStore.FailAsync(dataSource, runId, ErrorCodes.Cancelled, "cancelled while running", CancellationToken.None);
            return new Refusal(ErrorCodes.Cancelled, $"Run {runId} was cancelled.");
        }
        catch (Exception e)
        {
            var code = e is OperationCanceledException ? ErrorCodes.Interrupted : ErrorCodes.AnalysisFailed;
            await RunStore.FailAsync(dataSource, runId, code, e.Message, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Queues a run for a worker (POST /api/projects/{slug}/runs). What can be checked at once is: the project, the
    /// profile, that there are settlements, and the bound on pending runs (<see cref="MaxPendingPerProject"/>).
    /// </summary>
    public static async Task<Outcome<QueuedRun>> EnqueueAsync(NpgsqlDataSource dataSource, AnalysisRequest request, string appVersion,
        CancellationToken ct = default)
    {
        if (await ProjectSettings.FindAsync(dataSource, request.ProjectSlug, ct) is not { } project)
            return Refusal.UnknownProject(request.ProjectSlug);
        var resolved = ResolveProfile(request);
        if (resolved.Value is not { } profile) return resolved.Refusal!;
        await using (var any = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM settlement WHERE project_id = @project)"))
        {
            any.Parameters.AddWithValue("project", project.Id);
            if (await any.ExecuteScalarAsync(ct) is not true) return NoSettlements(request.ProjectSlug);
        }
        if (await RunStore.PendingCountAsync(dataSource, project.Id, ct) >= MaxPendingPerProject)
            return new Refusal(ErrorCodes.RunInProgress,
                $"Project '{request.ProjectSlug}' already has {MaxPendingPerProject} runs queued or running; start this one when one has finished.");
        return new QueuedRun(await RunStore.EnqueueAsync(dataSource, new RunQueued(project.Id, profile.Id,
            ProfileJson.Write(profile, indented: false), ParametersJson(profile, request.Period), request.Period, appVersion), ct));
    }

    /// <summary>
    /// Executes a claimed run (a worker holds the project's run lock). Never throws for the run's own failures: they
    /// end the run as failed with a code (<c>cancelled</c>, <c>no-data</c>, <c>analysis-failed</c>, or <c>interrupted</c>
    /// when <paramref name="stopping"/> fires); only a database that is gone escapes (the run is then failed as
    /// interrupted by the next worker to take the project's lock).
    /// </summary>
    public static async Task<string> ExecuteAsync(NpgsqlDataSource dataSource, ClaimedRun run, CancellationToken stopping)
    {
        await using var tracker = RunProgressTracker.Start(dataSource, run.RunId, null, stopping);
        try
        {
            var project = await ProjectSettings.FindByIdAsync(dataSource, run.ProjectId, stopping)
                ?? throw new InvalidOperationException($"Project {run.ProjectId} of run {run.RunId} is gone.");
            var read = ProfileJson.Read(run.ProfileJson);
            if (read.Profile is not { } profile)
                return await FailAsync(dataSource, run.RunId, ErrorCodes.InvalidProfile, "The stored profile does not read: " + string.Join("; ", read.Problems));
            var data = await ProjectDataLoader.LoadAsync(dataSource, project.Id, run.Period, tracker.Cancellation);
            if (data.Settlements.Count == 0)
                return await FailAsync(dataSource, run.RunId, ErrorCodes.NoData, "The project has no settlements to analyse any more.");
            var projection = await ProjectionAsync(dataSource, project, data, tracker.Cancellation);
            await RunStore.SetInputsAsync(dataSource, run.RunId, data.DatasetIds, projection.Srid, tracker.Cancellation);
            tracker.Report(new AnalysisProgress(AnalysisPhases.Load, 1));
            await AnalyseAndStoreAsync(dataSource, run.RunId, project, profile, run.Period, data, projection, tracker);
            return RunStatuses.Finished;
        }
        catch (OperationCanceledException) when (tracker.CancelRequested)
        {
            return await FailAsync(dataSource, run.RunId, ErrorCodes.Cancelled, "cancelled while running");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return await FailAsync(dataSource, run.RunId, ErrorCodes.Interrupted, "interrupted: the server stopped before the run finished");
        }
        catch (Exception e) when (e is not NpgsqlException || e is PostgresException)
        {
            return await FailAsync(dataSource, run.RunId, ErrorCodes.AnalysisFailed, e.Message);
        }
    }

    private static async Task<string> FailAsync(NpgsqlDataSource dataSource, long runId, string code, string message)
    {
        await RunStore.FailAsync(dataSource, runId, code, message, CancellationToken.None);
        return RunStatuses.Failed;
    }

    private static Refusal NoSettlements(string slug) => new(ErrorCodes.NoData,
        $"Project '{slug}' has no settlements to analyse: import a settlements dataset first.");

    private static string ParametersJson(Profile profile, string? period) =>
        JsonSerializer.Serialize(new { Period = period, profile = profile.Id, profileVersion = profile.Version }, Json);

    /// <summary>The compute and the store, shared by both paths; progress and cancellation through <paramref name="tracker"/>.</summary>
    private static async Task<CompletedRun> AnalyseAndStoreAsync(NpgsqlDataSource dataSource, long runId, ProjectSettings project,
        Profile profile, string? period, ProjectData data, MetricProjection projection, RunProgressTracker tracker)
    {
        var ct = tracker.Cancellation;
        var input = data.ToAnalysisInput(profile, project.Floor, projection, period);
        // CPU-bound and parallel inside; keep it off the request thread.
        var result = await Task.Run(() => GapAnalyzer.Analyze(input, tracker, ct), ct);
        tracker.Enter(AnalysisPhases.Store);
        // The last checkpoint: a cancel that arrived during the overlay stops the run before anything is stored.
        await tracker.FlushAsync(CancellationToken.None);
        ct.ThrowIfCancellationRequested();
        // Each row's explain is serialised here (≈ 5 kB a settlement with its measurement list): on all cores, in order.
        var rows = result.Settlements.AsParallel().AsOrdered().WithCancellation(ct).Select(s => ToRow(project.Id, runId, s)).ToList();
        var gaps = result.Settlements.Where(s => !s.Gap.IsEmpty)
            .Select(s => new GapPolygon(s.Row.SettlementId, s.Row.GapAreaM2, s.Gap)).ToList();
        var summary = JsonSerializer.Serialize(new { parameters = result.Parameters, summary = result.Summary, problems = result.Problems }, Json);
        await RunStore.FinishAsync(dataSource, project.Id, runId, rows, gaps, summary, result.Parameters.Period, ct);
        tracker.Report(new AnalysisProgress(AnalysisPhases.Store, 1));
        return new CompletedRun(runId, result, rows);
    }

    private static Outcome<Profile> ResolveProfile(AnalysisRequest request)
    {
        if (request.CustomProfileJson is { } json)
        {
            var parsed = ProfileCatalog.ParseCustom(json);
            return parsed.Profile is { } custom ? custom : new Refusal(ErrorCodes.InvalidProfile,
                "The custom profile is not valid: " + string.Join("; ", parsed.Problems.Select(p => p.ToString())));
        }
        var id = request.ProfileId ?? ProfileCatalog.DefaultId;
        return ProfileCatalog.Find(id) is { } profile ? profile : new Refusal(ErrorCodes.UnknownProfile,
            $"There is no profile '{id}'. Built-in profiles: {string.Join(", ", ProfileCatalog.BuiltIn.Select(p => p.Id))}.");
    }

    /// <summary>The project's metric CRS; chosen from the settlements (their UTM zone) on the first run and kept.</summary>
    private static async Task<MetricProjection> ProjectionAsync(NpgsqlDataSource dataSource, ProjectSettings project, ProjectData data,
        CancellationToken ct)
    {
        if (project.MetricSrid is { } srid) return MetricProjection.ForSrid(srid);
        var envelope = new Envelope();
        foreach (var s in data.Settlements) envelope.ExpandToInclude(s.Geometry.EnvelopeInternal);
        var chosen = MetricProjection.ForData(envelope);
        await using var update = dataSource.CreateCommand("UPDATE project SET metric_srid = @srid WHERE id = @id AND metric_srid IS NULL");
        update.Parameters.AddWithValue("srid", chosen.Srid);
        update.Parameters.AddWithValue("id", project.Id);
        await update.ExecuteNonQueryAsync(ct);
        return chosen;
    }

    internal static SettlementResultRow ToRow(long projectId, long runId, SettlementResult s)
    {
        var r = s.Row;
        return new SettlementResultRow
        {
            ProjectId = projectId,
            RunId = runId,
            SettlementId = r.SettlementId,
            Name = r.Name,
            Kind = Core.Domain.SettlementKinds.ToSlug(r.Kind),
            AreaM2 = r.AreaM2,
            Population = r.Population,
            CoveredShare2g = r.CoveredShare2G,
            CoveredShare3g = r.CoveredShare3G,
            CoveredShare4g = r.CoveredShare4G,
            CoveredShare5g = r.CoveredShare5G,
            CoveredShareFixed = r.CoveredShareFixed,
            GapAreaM2 = r.GapAreaM2,
            GapShare = r.GapShare,
            GapPopulation = r.GapPopulation,
            MedianDownMbps = r.MedianDownMbps,
            MedianUpMbps = r.MedianUpMbps,
            MedianLatencyMs = r.MedianLatencyMs,
            // Saturating, not checked: a count beyond int (more than 2.1 billion tests in one settlement) must not fail
            // the run; imports bound each row (RowMapper.MaxCount), so this only guards sums of extreme data.
            Tests = r.Tests is { } tests ? (int)Math.Min(tests, int.MaxValue) : null,
            Devices = r.Devices is { } devices ? (int)Math.Min(devices, int.MaxValue) : null,
            Suppressed = r.Suppressed,
            NearestSiteM = r.NearestSiteM,
            Facilities = r.Facilities,
            FacilitiesUnconnected = r.FacilitiesUnconnected,
            GapClass = r.GapClass.ToSlug(),
            GapScore = r.GapScore,
            Rank = r.Rank,
            Profile = r.Profile,
            Period = r.Period,
            Explain = JsonSerializer.SerializeToDocument(s.Explain, Json),
        };
    }
}
