using System.Text.Json;
using DivideMapper.Core.Analysis;
using DivideMapper.Core.Profiles;
using DivideMapper.Core.Projection;
using DivideMapper.Data.Model;
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

/// <summary>An expected refusal (unknown project or profile, nothing to analyse), with a stable code.</summary>
public sealed class AnalysisRefused(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
    public const string UnknownProject = "unknown-project";
    public const string UnknownProfile = "unknown-profile";
    public const string InvalidProfile = "invalid-profile";
    public const string NoSettlements = "no-data";
}

/// <summary>
/// Runs the analysis of DESIGN §5 on a project's stored data: load (one snapshot) → Core analysis (NTS, in the
/// project's metric CRS) → an immutable run with its results and gap polygons. Shared by the CLI and the API.
/// </summary>
public static class AnalysisRunner
{
    public static JsonSerializerOptions Json => JsonDefaults.Options;

    public static async Task<CompletedRun> RunAsync(NpgsqlDataSource dataSource, AnalysisRequest request, string appVersion,
        CancellationToken ct = default)
    {
        var project = await ProjectRowAsync(dataSource, request.ProjectSlug, ct)
            ?? throw new AnalysisRefused(AnalysisRefused.UnknownProject, $"There is no project '{request.ProjectSlug}'.");
        var profile = ResolveProfile(request);
        var data = await ProjectDataLoader.LoadAsync(dataSource, project.Id, request.Period, ct);
        if (data.Settlements.Count == 0)
            throw new AnalysisRefused(AnalysisRefused.NoSettlements,
                $"Project '{request.ProjectSlug}' has no settlements to analyse: import some with --role settlements first.");

        var projection = await ProjectionAsync(dataSource, project, data, ct);
        var input = data.ToAnalysisInput(profile, new PrivacyFloor(project.MinDevices, project.MinTests), projection, request.Period);

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

    private static Profile ResolveProfile(AnalysisRequest request)
    {
        if (request.CustomProfileJson is { } json)
        {
            var parsed = ProfileCatalog.ParseCustom(json);
            return parsed.Profile ?? throw new AnalysisRefused(AnalysisRefused.InvalidProfile,
                "The custom profile is not valid: " + string.Join("; ", parsed.Problems.Select(p => p.ToString())));
        }
        var id = request.ProfileId ?? ProfileCatalog.DefaultId;
        return ProfileCatalog.Find(id) ?? throw new AnalysisRefused(AnalysisRefused.UnknownProfile,
            $"There is no profile '{id}'. Built-in profiles: {string.Join(", ", ProfileCatalog.BuiltIn.Select(p => p.Id))}.");
    }

    /// <summary>The project's metric CRS; chosen from the settlements (their UTM zone) on the first run and kept.</summary>
    private static async Task<MetricProjection> ProjectionAsync(NpgsqlDataSource dataSource, ProjectRow project, ProjectData data,
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
            Tests = r.Tests is { } tests ? checked((int)tests) : null,
            Devices = r.Devices is { } devices ? checked((int)devices) : null,
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

    private sealed record ProjectRow(long Id, int? MetricSrid, int MinDevices, int MinTests);

    private static async Task<ProjectRow?> ProjectRowAsync(NpgsqlDataSource dataSource, string slug, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT id, metric_srid, min_devices, min_tests FROM project WHERE slug = @slug");
        command.Parameters.AddWithValue("slug", slug);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ProjectRow(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3))
            : null;
    }
}
