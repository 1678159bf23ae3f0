using DivideMapper.Data.Model;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace DivideMapper.Data.Runs;

/// <summary>What a run records before it starts: enough to reproduce it.</summary>
public sealed record RunStart(long ProjectId, string ProfileId, string ProfileJson, IReadOnlyList<long> DatasetIds,
    string ParametersJson, string? Period, int MetricSrid, string AppVersion);

/// <summary>What a queued run records: the profile snapshot and the request; datasets and the metric CRS come at load.</summary>
public sealed record RunQueued(long ProjectId, string ProfileId, string ProfileJson, string ParametersJson, string? Period, string AppVersion);

/// <summary>A queued run a worker has claimed (now 'running').</summary>
public sealed record ClaimedRun(long RunId, long ProjectId, string ProfileJson, string? Period);

/// <summary>A gap polygon of one settlement (EPSG:4326) with its metric area.</summary>
public sealed record GapPolygon(long SettlementId, double AreaM2, MultiPolygon Geometry);

/// <summary>What POST /api/runs/{id}/cancel did.</summary>
public enum CancelOutcome { Unknown, CancelledAtOnce, Requested, AlreadyEnded }

/// <summary>
/// Runs are jobs and immutable once finished: a run row is created 'queued' (API) or 'running' (dm analyze); a
/// worker claims a queued one ('running'), reports phase and progress, then results, gaps and the summary are written
/// and the status flipped to 'finished' in one transaction. A failed analysis leaves a 'failed' run with its code,
/// reason and no partial results.
/// </summary>
public static class RunStore
{
    /// <summary>A run that starts at once (dm analyze, in process, holding the project's run lock).</summary>
    public static async Task<long> StartAsync(NpgsqlDataSource dataSource, RunStart run, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO run (project_id, profile_id, profile, dataset_ids, parameters, period, metric_srid, status, phase, progress,
                             app_version, queued_at, started_at)
            VALUES (@project, @profileId, @profile::jsonb, @datasets, @parameters::jsonb, @period, @srid, 'running', 'load', 0.1,
                    @version, now(), now())
            RETURNING id
            """);
        command.Parameters.AddWithValue("project", run.ProjectId);
        command.Parameters.AddWithValue("profileId", run.ProfileId);
        command.Parameters.AddWithValue("profile", run.ProfileJson);
        command.Parameters.AddWithValue("datasets", run.DatasetIds.ToArray());
        command.Parameters.AddWithValue("parameters", run.ParametersJson);
        command.Parameters.Add(new NpgsqlParameter("period", NpgsqlDbType.Text) { Value = (object?)run.Period ?? DBNull.Value });
        command.Parameters.AddWithValue("srid", run.MetricSrid);
        command.Parameters.AddWithValue("version", run.AppVersion);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>A run for a worker to execute (POST /api/projects/{slug}/runs).</summary>
    public static async Task<long> EnqueueAsync(NpgsqlDataSource dataSource, RunQueued run, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO run (project_id, profile_id, profile, dataset_ids, parameters, period, status, progress, app_version, queued_at)
            VALUES (@project, @profileId, @profile::jsonb, '{}', @parameters::jsonb, @period, 'queued', 0, @version, now())
            RETURNING id
            """);
        command.Parameters.AddWithValue("project", run.ProjectId);
        command.Parameters.AddWithValue("profileId", run.ProfileId);
        command.Parameters.AddWithValue("profile", run.ProfileJson);
        command.Parameters.AddWithValue("parameters", run.ParametersJson);
        command.Parameters.Add(new NpgsqlParameter("period", NpgsqlDbType.Text) { Value = (object?)run.Period ?? DBNull.Value });
        command.Parameters.AddWithValue("version", run.AppVersion);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Runs of the project not yet ended (queued or running): the queue bound counts them.</summary>
    public static async Task<int> PendingCountAsync(NpgsqlDataSource dataSource, long projectId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM run WHERE project_id = @project AND status IN ('queued','running')");
        command.Parameters.AddWithValue("project", projectId);
        return (int)(long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Projects with queued runs, the one waiting longest first.</summary>
    public static async Task<IReadOnlyList<long>> ProjectsWithQueuedRunsAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        var projects = new List<long>();
        await using var command = dataSource.CreateCommand(
            "SELECT project_id FROM run WHERE status = 'queued' GROUP BY project_id ORDER BY min(queued_at), min(id)");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) projects.Add(reader.GetInt64(0));
        return projects;
    }

    /// <summary>
    /// The project's oldest queued run, now 'running' (phase load); null when none is queued. Call it holding the
    /// project's run lock, so runs of one project never overlap.
    /// </summary>
    public static async Task<ClaimedRun?> ClaimNextAsync(NpgsqlDataSource dataSource, long projectId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE run SET status = 'running', started_at = now(), phase = 'load', progress = 0
            WHERE id = (SELECT id FROM run WHERE project_id = @project AND status = 'queued' ORDER BY queued_at, id LIMIT 1
                        FOR UPDATE SKIP LOCKED)
            RETURNING id, project_id, profile::text, period
            """);
        command.Parameters.AddWithValue("project", projectId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ClaimedRun(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3))
            : null;
    }

    /// <summary>What a claimed run loaded: its datasets and metric CRS (part of the immutable record).</summary>
    public static async Task SetInputsAsync(NpgsqlDataSource dataSource, long runId, IReadOnlyList<long> datasetIds, int metricSrid,
        CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE run SET dataset_ids = @datasets, metric_srid = @srid WHERE id = @id AND status = 'running'");
        command.Parameters.AddWithValue("datasets", datasetIds.ToArray());
        command.Parameters.AddWithValue("srid", metricSrid);
        command.Parameters.AddWithValue("id", runId);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Records a running run's phase and progress; true when a cancel has been requested.</summary>
    public static async Task<bool> ReportAsync(NpgsqlDataSource dataSource, long runId, string phase, double progress, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE run SET phase = @phase, progress = greatest(progress, @progress) WHERE id = @id AND status = 'running'
            RETURNING cancel_requested
            """);
        command.Parameters.AddWithValue("phase", phase);
        command.Parameters.AddWithValue("progress", Math.Clamp(progress, 0, 1));
        command.Parameters.AddWithValue("id", runId);
        return await command.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>
    /// Cancels a run: a queued one fails (code <c>cancelled</c>) at once; a running one is asked to stop at its next
    /// progress checkpoint. One statement each, so a worker claiming the run at the same moment either gets it
    /// cancelled or sees the request.
    /// </summary>
    public static async Task<CancelOutcome> CancelAsync(NpgsqlDataSource dataSource, long runId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            WITH queued AS (
                UPDATE run SET status = 'failed', finished_at = now(), cancel_requested = true, error_code = 'cancelled',
                               error = 'cancelled before it started', phase = NULL
                WHERE id = @id AND status = 'queued' RETURNING id),
            running AS (
                UPDATE run SET cancel_requested = true WHERE id = @id AND status = 'running' RETURNING id)
            SELECT CASE WHEN EXISTS (SELECT 1 FROM queued) THEN 1
                        WHEN EXISTS (SELECT 1 FROM running) THEN 2
                        WHEN EXISTS (SELECT 1 FROM run WHERE id = @id) THEN 3
                        ELSE 0 END
            """);
        command.Parameters.AddWithValue("id", runId);
        return (int)(await command.ExecuteScalarAsync(ct))! switch
        {
            1 => CancelOutcome.CancelledAtOnce,
            2 => CancelOutcome.Requested,
            3 => CancelOutcome.AlreadyEnded,
            _ => CancelOutcome.Unknown,
        };
    }

    /// <summary>
    /// Results, gap polygons and the finished status in one transaction. <paramref name="projectId"/> is the run's project:
    /// every stored row carries it (the distribution column), and the foreign key (project_id, run_id) → run checks it.
    /// </summary>
    public static async Task FinishAsync(NpgsqlDataSource dataSource, long projectId, long runId, IReadOnlyList<SettlementResultRow> results,
        IReadOnlyList<GapPolygon> gaps, string summaryJson, string? period, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await CopyResultsAsync(connection, projectId, runId, results, ct);
        await CopyGapsAsync(connection, projectId, runId, gaps, ct);
        await using (var finish = new NpgsqlCommand(
            """
            UPDATE run SET status = 'finished', finished_at = now(), summary = @summary::jsonb, period = @period, progress = 1, phase = NULL
            WHERE id = @id AND status = 'running'
            """,
            connection, tx))
        {
            finish.Parameters.AddWithValue("summary", summaryJson);
            // The period the analysis chose (the latest present when none was asked for) is part of the run.
            finish.Parameters.Add(new NpgsqlParameter("period", NpgsqlDbType.Text) { Value = (object?)period ?? DBNull.Value });
            finish.Parameters.AddWithValue("id", runId);
            if (await finish.ExecuteNonQueryAsync(ct) != 1)
                throw new InvalidOperationException($"Run {runId} is not running; a finished run is immutable.");
        }
        await tx.CommitAsync(ct);
        // The new run's rows are what the map asks for next (tiles, OGC pages). Until the planner's statistics know this
        // run, it guesses a handful of rows for it and looks up every settlement of the run by id for each tile (7 ms
        // a z14 tile) instead of finding the tile's few settlements by their GiST index (well under 1 ms); autovacuum
        // re-analyses a large settlement_result only after 10 % of it changed. What the planner needs is how many rows a
        // run has, so a small sample does (3,000 rows at statistics target 10, against 30,000 by default, which also
        // decompressed every sampled explain document: 0.2-0.7 s per run on W1, now ≈ 50 ms). Autovacuum's later
        // ANALYZE still uses the full target.
        await using var analyzeTx = await connection.BeginTransactionAsync(ct);
        await using var analyze = new NpgsqlCommand("SET LOCAL default_statistics_target = 10; ANALYZE settlement_result", connection, analyzeTx);
        await analyze.ExecuteNonQueryAsync(ct);
        await analyzeTx.CommitAsync(ct);
    }

    /// <summary>Fails a run that has not ended, with a stable <paramref name="code"/> (ErrorCodes) and the reason.</summary>
    public static async Task FailAsync(NpgsqlDataSource dataSource, long runId, string code, string error, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE run SET status = 'failed', finished_at = now(), error_code = @code, error = @error, phase = NULL
            WHERE id = @id AND status IN ('queued','running')
            """);
        command.Parameters.AddWithValue("code", code);
        command.Parameters.AddWithValue("error", error);
        command.Parameters.AddWithValue("id", runId);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// COPY of the result rows, column list and values both read from Core's one declaration
    /// (<see cref="Core.Analysis.SettlementRow.Columns"/>), between (project_id, run_id) and explain.
    /// </summary>
    private static async Task CopyResultsAsync(NpgsqlConnection connection, long projectId, long runId, IReadOnlyList<SettlementResultRow> rows,
        CancellationToken ct)
    {
        var columns = Core.Analysis.SettlementRow.Columns;
        await using var w = await connection.BeginBinaryImportAsync(
            $"COPY settlement_result (project_id, run_id, {string.Join(", ", columns.Select(c => c.Name))}, explain) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in rows)
        {
            var core = StoredRows.ToCore(r);
            await w.StartRowAsync(ct);
            await w.WriteAsync(projectId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(runId, NpgsqlDbType.Bigint, ct);
            foreach (var column in columns) await WriteAsync(w, column.Kind, column.Value(core), ct);
            if (r.Explain is null) await w.WriteNullAsync(ct);
            else await w.WriteAsync(r.Explain.RootElement.GetRawText(), NpgsqlDbType.Jsonb, ct);
        }
        await w.CompleteAsync(ct);
    }

    /// <summary>One value in the column type its kind is stored as (settlement_result's DDL).</summary>
    private static Task WriteAsync(NpgsqlBinaryImporter w, Core.Analysis.ResultValueKind kind, object? value, CancellationToken ct) => value is null
        ? w.WriteNullAsync(ct)
        : kind switch
        {
            Core.Analysis.ResultValueKind.Id => w.WriteAsync(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, ct),
            // Saturating, not checked: a count beyond int must not fail the run; imports bound each row, so this only
            // guards sums of extreme data.
            Core.Analysis.ResultValueKind.Count => w.WriteAsync(
                (int)Math.Clamp(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), int.MinValue, int.MaxValue), NpgsqlDbType.Integer, ct),
            Core.Analysis.ResultValueKind.Real => w.WriteAsync(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Double, ct),
            Core.Analysis.ResultValueKind.Boolean => w.WriteAsync((bool)value, NpgsqlDbType.Boolean, ct),
            _ => w.WriteAsync((string)value, NpgsqlDbType.Text, ct),
        };

    private static async Task CopyGapsAsync(NpgsqlConnection connection, long projectId, long runId, IReadOnlyList<GapPolygon> gaps,
        CancellationToken ct)
    {
        await using var w = await connection.BeginBinaryImportAsync(
            "COPY gap_area (project_id, run_id, settlement_id, area_m2, geom) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var g in gaps)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(projectId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(runId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(g.SettlementId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(g.AreaM2, NpgsqlDbType.Double, ct);
            g.Geometry.SRID = DivideMapperDbContext.StorageSrid;
            await w.WriteAsync(g.Geometry, NpgsqlDbType.Geometry, ct);
        }
        await w.CompleteAsync(ct);
    }
}
