using DivideMapper.Data.Model;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace DivideMapper.Data.Runs;

/// <summary>What a run records before it starts: enough to reproduce it.</summary>
public sealed record RunStart(long ProjectId, string ProfileId, string ProfileJson, IReadOnlyList<long> DatasetIds,
    string ParametersJson, string? Period, int MetricSrid, string AppVersion);

/// <summary>A gap polygon of one settlement (EPSG:4326) with its metric area.</summary>
public sealed record GapPolygon(long SettlementId, double AreaM2, MultiPolygon Geometry);

/// <summary>
/// Runs are immutable once finished: a run row is created as 'running', then results, gaps and the summary are
/// written and the status flipped to 'finished' in one transaction. A failed analysis leaves a 'failed' run with its
/// reason and no partial results.
/// </summary>
public static class RunStore
{
    public static async Task<long> StartAsync(NpgsqlDataSource dataSource, RunStart run, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO run (project_id, profile_id, profile, dataset_ids, parameters, period, metric_srid, status, app_version)
            VALUES (@project, @profileId, @profile::jsonb, @datasets, @parameters::jsonb, @period, @srid, 'running', @version)
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

    public static async Task FinishAsync(NpgsqlDataSource dataSource, long runId, IReadOnlyList<SettlementResultRow> results,
        IReadOnlyList<GapPolygon> gaps, string summaryJson, string? period, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await CopyResultsAsync(connection, runId, results, ct);
        await CopyGapsAsync(connection, runId, gaps, ct);
        await using (var finish = new NpgsqlCommand(
            "UPDATE run SET status = 'finished', finished_at = now(), summary = @summary::jsonb, period = @period WHERE id = @id AND status = 'running'",
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
    }

    public static async Task FailAsync(NpgsqlDataSource dataSource, long runId, string error, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE run SET status = 'failed', finished_at = now(), error = @error WHERE id = @id AND status = 'running'");
        command.Parameters.AddWithValue("error", error);
        command.Parameters.AddWithValue("id", runId);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task CopyResultsAsync(NpgsqlConnection connection, long runId, IReadOnlyList<SettlementResultRow> rows,
        CancellationToken ct)
    {
        await using var w = await connection.BeginBinaryImportAsync("""
            COPY settlement_result (run_id, settlement_id, name, kind, area_m2, population, covered_share_2g, covered_share_3g,
              covered_share_4g, covered_share_5g, covered_share_fixed, gap_area_m2, gap_share, gap_population, median_down_mbps, median_up_mbps,
              median_latency_ms, tests, devices, suppressed, nearest_site_m, facilities, facilities_unconnected, gap_class,
              gap_score, rank, profile, period, explain) FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var r in rows)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(runId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(r.SettlementId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(r.Name, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.Kind, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.AreaM2, NpgsqlDbType.Double, ct);
            await Nullable(w, r.Population, ct);
            await w.WriteAsync(r.CoveredShare2g, NpgsqlDbType.Double, ct);
            await w.WriteAsync(r.CoveredShare3g, NpgsqlDbType.Double, ct);
            await w.WriteAsync(r.CoveredShare4g, NpgsqlDbType.Double, ct);
            await w.WriteAsync(r.CoveredShare5g, NpgsqlDbType.Double, ct);
            await w.WriteAsync(r.CoveredShareFixed, NpgsqlDbType.Double, ct);
            await w.WriteAsync(r.GapAreaM2, NpgsqlDbType.Double, ct);
            await w.WriteAsync(r.GapShare, NpgsqlDbType.Double, ct);
            await Nullable(w, r.GapPopulation, ct);
            await Nullable(w, r.MedianDownMbps, ct);
            await Nullable(w, r.MedianUpMbps, ct);
            await Nullable(w, r.MedianLatencyMs, ct);
            await NullableInt(w, r.Tests, ct);
            await NullableInt(w, r.Devices, ct);
            await w.WriteAsync(r.Suppressed, NpgsqlDbType.Boolean, ct);
            await Nullable(w, r.NearestSiteM, ct);
            await w.WriteAsync(r.Facilities, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(r.FacilitiesUnconnected, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(r.GapClass, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.GapScore, NpgsqlDbType.Double, ct);
            await w.WriteAsync(r.Rank, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(r.Profile, NpgsqlDbType.Text, ct);
            if (r.Period is null) await w.WriteNullAsync(ct); else await w.WriteAsync(r.Period, NpgsqlDbType.Text, ct);
            if (r.Explain is null) await w.WriteNullAsync(ct);
            else await w.WriteAsync(r.Explain.RootElement.GetRawText(), NpgsqlDbType.Jsonb, ct);
        }
        await w.CompleteAsync(ct);
    }

    private static async Task CopyGapsAsync(NpgsqlConnection connection, long runId, IReadOnlyList<GapPolygon> gaps, CancellationToken ct)
    {
        await using var w = await connection.BeginBinaryImportAsync(
            "COPY gap_area (run_id, settlement_id, area_m2, geom) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var g in gaps)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(runId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(g.SettlementId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(g.AreaM2, NpgsqlDbType.Double, ct);
            g.Geometry.SRID = DivideMapperDbContext.StorageSrid;
            await w.WriteAsync(g.Geometry, NpgsqlDbType.Geometry, ct);
        }
        await w.CompleteAsync(ct);
    }

    private static Task NullableInt(NpgsqlBinaryImporter w, int? value, CancellationToken ct) =>
        value is { } v ? w.WriteAsync(v, NpgsqlDbType.Integer, ct) : w.WriteNullAsync(ct);

    private static Task Nullable(NpgsqlBinaryImporter w, double? value, CancellationToken ct) =>
        value is { } v ? w.WriteAsync(v, NpgsqlDbType.Double, ct) : w.WriteNullAsync(ct);
}
