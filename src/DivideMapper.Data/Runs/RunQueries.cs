using System.Text.Json;
using DivideMapper.Data.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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
    private const string RunDetailSql = """
        SELECT r.id, p.slug, r.profile_id, r.status, r.phase, r.progress, r.error_code, r.error, r.cancel_requested, r.period,
               r.metric_srid, r.queued_at, r.started_at, r.finished_at, r.app_version, r.dataset_ids, r.profile, r.parameters, r.summary
        FROM run r JOIN project p ON p.id = r.project_id WHERE r.id = @run
        """;

    /// <summary>
    /// One run as <see cref="RunDetail"/>, in one plain statement rather than a LINQ query: a short-lived <c>./dm</c>
    /// process would otherwise pay a second or more building EF's model and compiling the query just to print it.
    /// </summary>
    public static async Task<RunDetail?> RunAsync(NpgsqlDataSource dataSource, long runId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(RunDetailSql);
        return await ReadRunAsync(command, runId, ct);
    }

    /// <summary>The same read for callers holding a context (the API, comparisons), on the context's connection.</summary>
    public static async Task<RunDetail?> RunAsync(this DivideMapperDbContext db, long runId, CancellationToken ct = default)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(RunDetailSql, (NpgsqlConnection)db.Database.GetDbConnection());
            return await ReadRunAsync(command, runId, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<RunDetail?> ReadRunAsync(NpgsqlCommand command, long runId, CancellationToken ct)
    {
        command.Parameters.AddWithValue("run", runId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        DateTimeOffset? Time(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
        return new RunDetail(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(4), reader.GetDouble(5),
            Text(6), Text(7), reader.GetBoolean(8), Text(9), reader.IsDBNull(10) ? null : reader.GetInt32(10),
            reader.GetFieldValue<DateTimeOffset>(11), Time(12), Time(13), reader.GetString(14), reader.GetFieldValue<long[]>(15),
            reader.GetFieldValue<JsonDocument>(16), reader.GetFieldValue<JsonDocument>(17),
            reader.IsDBNull(18) ? null : reader.GetFieldValue<JsonDocument>(18));
    }

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
