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

/// <summary>A finished run: its id and everything computed.</summary>
public sealed record CompletedRun(long RunId, AnalysisResult Result, IReadOnlyList<SettlementResultRow> Rows);

/// <summary>
/// Runs the analysis of DESIGN §5 on a project's stored data: load (one snapshot) → Core analysis (NTS, in the
/// project's metric CRS) → an immutable run with its results and gap polygons. Shared by the CLI and the API.
/// An unknown project or profile, or nothing to analyse, is a <see cref="Refusal"/> (nothing stored).
/// </summary>
public static class AnalysisRunner
{
    public static JsonSerializerOptions Json => JsonDefaults.Options;

    public static async Task<Outcome<CompletedRun>> RunAsync(NpgsqlDataSource dataSource, AnalysisRequest request, string appVersion,
        CancellationToken ct = default)
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
        var data = await ProjectDataLoader.LoadAsync(dataSource, project.Id, request.Period, ct);
        if (data.Settlements.Count == 0)
            return new Refusal(ErrorCodes.NoData,
                $"Project '{request.ProjectSlug}' has no settlements to analyse: import a settlements dataset first.");

        var projection = await ProjectionAsync(dataSource, project, data, ct);
        var input = data.ToAnalysisInput(profile, project.Floor, projection, request.Period);

        var runId = await RunStore.StartAsync(dataSource, new RunStart(project.Id, profile.Id, ProfileJson.Write(profile, indented: false),
            data.DatasetIds, JsonSerializer.Serialize(new { request.Period, profile = profile.Id, profileVersion = profile.Version }, Json),
            request.Period, projection.Srid, appVersion), ct);
        try
        {
            // CPU-bound and parallel inside; keep it off the request thread.
            var result = await Task.Run(() => GapAnalyzer.Analyze(input, ct), ct);
            var rows = result.Settlements.Select(s => ToRow(runId, s)).ToList();
            var gaps = result.Settlements.Where(s => !s.Gap.IsEmpty)
                .Select(s => new GapPolygon(s.Row.SettlementId, s.Row.GapAreaM2, s.Gap)).ToList();
            var summary = JsonSerializer.Serialize(new { parameters = result.Parameters, summary = result.Summary, problems = result.Problems }, Json);
            await RunStore.FinishAsync(dataSource, runId, rows, gaps, summary, result.Parameters.Period, ct);
            return new CompletedRun(runId, result, rows);
        }
        catch (Exception e)
        {
            await RunStore.FailAsync(dataSource, runId, e.Message, CancellationToken.None);
            throw;
        }
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

    internal static SettlementResultRow ToRow(long runId, SettlementResult s)
    {
        var r = s.Row;
        return new SettlementResultRow
        {
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
