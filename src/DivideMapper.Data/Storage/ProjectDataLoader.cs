using DivideMapper.Core.Analysis;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;
using DivideMapper.Core.Projection;
using NetTopologySuite.Geometries;
using Npgsql;

namespace DivideMapper.Data.Storage;

/// <summary>Everything one analysis run needs from a project, read into Core's records (EPSG:4326).</summary>
public sealed record ProjectData(
    IReadOnlyList<Settlement> Settlements,
    IReadOnlyList<CoverageArea> Coverage,
    IReadOnlyList<CellSite> Sites,
    IReadOnlyList<Measurement> Measurements,
    IReadOnlyList<Facility> Facilities,
    IReadOnlyList<long> DatasetIds,
    IReadOnlyList<PopulationLayer>? Population = null)
{
    /// <summary>The analysis input for these rows (the one place a run's input is assembled: runs and the bench).</summary>
    public AnalysisInput ToAnalysisInput(Profile profile, PrivacyFloor floor, MetricProjection projection, string? period = null) => new()
    {
        Settlements = Settlements,
        Coverage = Coverage,
        Sites = Sites,
        Measurements = Measurements,
        Facilities = Facilities,
        Population = Population ?? [],
        Profile = profile,
        PrivacyFloor = floor,
        Projection = projection,
        Period = period,
    };
}

public static class ProjectDataLoader
{
    /// <summary>
    /// Reads the project's rows. With <paramref name="period"/>, only measurements of that period are read
    /// (monitoring over time: a run per quarter); without, all of them, and Core picks the latest period of the
    /// profile's network.
    /// </summary>
    public static async Task<ProjectData> LoadAsync(NpgsqlDataSource dataSource, long projectId, string? period,
        CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for all the reads, so a concurrent import cannot make the run inconsistent. The measurements (the
        // most rows) are read on a second connection that joins this transaction's exported snapshot, as pg_dump's
        // parallel workers do, so the server sends both streams and the client decodes both at once.
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        string snapshot;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, tx))
            snapshot = (string)(await export.ExecuteScalarAsync(ct))!;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var measurementsRead = Task.Run(() => ReadMeasurementsAsync(dataSource, snapshot, projectId, period, failed.Token), failed.Token);
        try
        {
            var settlements = await ReadAsync(connection, "SELECT id, name, kind, population, households, geom FROM settlement WHERE project_id = @p",
                projectId, null, r => new Settlement(r.GetInt64(0), r.GetString(1), ParseKind(r.GetString(2)), NullableDouble(r, 3),
                    NullableDouble(r, 4), r.GetFieldValue<Geometry>(5)), ct);
            var coverage = await ReadAsync(connection, "SELECT id, operator, tech, geom FROM coverage WHERE project_id = @p",
                projectId, null, r => new CoverageArea(r.GetInt64(0), NullableString(r, 1), ParseTech(r.GetString(2)), r.GetFieldValue<Geometry>(3)), ct);
            var sites = await ReadAsync(connection, "SELECT id, operator, tech, range_m, geom FROM site WHERE project_id = @p",
                projectId, null, r => new CellSite(r.GetInt64(0), NullableString(r, 1), ParseTech(r.GetString(2)), NullableDouble(r, 3),
                    r.GetFieldValue<Point>(4)), ct);
            var facilities = await ReadAsync(connection, "SELECT id, kind, name, connected, speed_mbps, geom FROM facility WHERE project_id = @p",
                projectId, null, r => new Facility(r.GetInt64(0), r.GetString(1), NullableString(r, 2),
                    r.IsDBNull(3) ? null : r.GetBoolean(3), NullableDouble(r, 4), r.GetFieldValue<Point>(5)), ct);
            var population = await PopulationLayerLoader.LoadAsync(connection, projectId, ct);
            var datasetIds = await ReadAsync(connection, "SELECT id FROM dataset WHERE project_id = @p ORDER BY id", projectId, null,
                r => r.GetInt64(0), ct);
            var measurements = await measurementsRead;
            await tx.CommitAsync(ct);
            // Rows in id order, as runs have always read them (results must not depend on storage order). Sorted here, not
            // by ORDER BY: the role tables are partitioned by dataset, and a partition just attached has no column
            // statistics yet, so the planner sorted 200k measurement rows on disk (0.4 s) where this takes milliseconds.
            settlements.Sort((a, b) => a.Id.CompareTo(b.Id));
            coverage.Sort((a, b) => a.Id.CompareTo(b.Id));
            sites.Sort((a, b) => a.Id.CompareTo(b.Id));
            measurements.Sort((a, b) => a.Id.CompareTo(b.Id));
            facilities.Sort((a, b) => a.Id.CompareTo(b.Id));
            return new ProjectData(settlements, coverage, sites, measurements, facilities, datasetIds, population);
        }
        catch
        {
            // The measurement read must not outlive this transaction (its snapshot) or the caller's connection budget.
            await failed.CancelAsync();
            try { await measurementsRead; } catch (Exception) { } // the first failure is the one reported
            throw;
        }
    }

    /// <summary>The measurement rows, on a connection of its own inside the exported <paramref name="snapshot"/>.</summary>
    private static async Task<List<Measurement>> ReadMeasurementsAsync(NpgsqlDataSource dataSource, string snapshot, long projectId,
        string? period, CancellationToken ct)
    {
        // SET TRANSACTION SNAPSHOT takes no parameters; the id comes from the server, checked to be what it looks like.
        if (snapshot.Length == 0 || !snapshot.All(c => char.IsAsciiHexDigit(c) || c == '-'))
            throw new InvalidOperationException($"Unexpected snapshot id '{snapshot}'.");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using (var join = new NpgsqlCommand($"SET TRANSACTION SNAPSHOT '{snapshot}'", connection, tx))
            await join.ExecuteNonQueryAsync(ct);
        var measurements = await ReadAsync(connection,
            "SELECT id, period, down_kbps, up_kbps, latency_ms, tests, devices, quadkey, geom, network FROM measurement " +
            "WHERE project_id = @p AND (@period::text IS NULL OR period = @period)",
            projectId, period, r => new Measurement(r.GetInt64(0), NullableString(r, 1), NullableDouble(r, 2), NullableDouble(r, 3),
                NullableDouble(r, 4), r.GetInt32(5), r.GetInt32(6), NullableString(r, 7), r.GetFieldValue<Geometry>(8),
                Networks.TryParse(r.GetString(9), out var network) ? network : Network.Unknown), ct);
        await tx.CommitAsync(ct);
        return measurements;
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, string sql, long projectId, string? period,
        Func<NpgsqlDataReader, T> map, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("p", projectId);
        if (sql.Contains("@period", StringComparison.Ordinal))
            command.Parameters.Add(new NpgsqlParameter("period", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)period ?? DBNull.Value });
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(map(reader));
        return list;
    }

    private static double? NullableDouble(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
    private static string? NullableString(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static SettlementKind ParseKind(string kind) => SettlementKinds.TryParse(kind, out var k) ? k : SettlementKind.Unknown;

    private static Tech ParseTech(string tech) =>
        Techs.TryParse(tech, out var t) ? t : throw new InvalidOperationException($"Stored tech '{tech}' is not a known technology.");
}
