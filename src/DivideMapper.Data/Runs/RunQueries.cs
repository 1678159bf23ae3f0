using System.Text.Json;
using DivideMapper.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace DivideMapper.Data.Runs;

/// <summary>
/// A run as the API and CLI show it: the job's state (status, phase, progress 0..1, error code and message, whether a
/// cancel was asked for), metadata, parameters and the summary KPIs.
/// </summary>
public sealed record RunDetail(long Id, string Project, string ProfileId, string Status, string? Phase, double Progress,
    string? ErrorCode, string? Error, bool CancelRequested, string? Period, int? MetricSrid,
    DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string AppVersion, long[] DatasetIds, JsonDocument Profile,
    JsonDocument Parameters, JsonDocument? Summary);

public static class RunQueries
{
    public static Task<RunDetail?> RunAsync(this DivideMapperDbContext db, long runId, CancellationToken ct = default) =>
        db.Runs.AsNoTracking().Where(r => r.Id == runId)
            .Select(r => new RunDetail(r.Id, r.Project!.Slug, r.ProfileId, r.Status, r.Phase, r.Progress, r.ErrorCode, r.Error,
                r.CancelRequested, r.Period, r.MetricSrid, r.QueuedAt, r.StartedAt, r.FinishedAt,
                r.AppVersion, r.DatasetIds, r.Profile, r.Parameters, r.Summary))
            .FirstOrDefaultAsync(ct);

    /// <summary>A run's status, without the rest (the results endpoints' check, Prefer: wait's poll); null when unknown.</summary>
    public static Task<string?> RunStatusAsync(this DivideMapperDbContext db, long runId, CancellationToken ct = default) =>
        db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => r.Status).FirstOrDefaultAsync(ct);

    /// <summary>The newest finished run of a project ("latest" in exports and OGC collections).</summary>
    public static Task<long?> LatestFinishedRunIdAsync(this DivideMapperDbContext db, long projectId, CancellationToken ct = default) =>
        db.Runs.AsNoTracking().Where(r => r.ProjectId == projectId && r.Status == "finished")
            .OrderByDescending(r => r.FinishedAt).ThenByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);

    /// <summary>Result rows in rank order (1 = worst gap first).</summary>
    public static Task<List<SettlementResultRow>> ResultsAsync(this DivideMapperDbContext db, long runId, int offset = 0,
        int limit = int.MaxValue, CancellationToken ct = default) =>
        db.SettlementResults.AsNoTracking().Where(r => r.RunId == runId).OrderBy(r => r.Rank).ThenBy(r => r.SettlementId)
            .Skip(offset).Take(limit).ToListAsync(ct);

    public static Task<int> ResultCountAsync(this DivideMapperDbContext db, long runId, CancellationToken ct = default) =>
        db.SettlementResults.CountAsync(r => r.RunId == runId, ct);
}
