using System.Runtime.CompilerServices;
using DivideMapper.Data.Queries;
using DivideMapper.Formats.Writers;
using NetTopologySuite.Geometries;
using Npgsql;

namespace DivideMapper.Data.Layers;

/// <summary>
/// The two layers a run publishes (DESIGN §7 <c>--layer results|gaps</c>): each a fixed schema and a stream of
/// features read with one SQL statement. Shared by the API, the map and (later) exports, so every output carries
/// the same columns. Rows are already privacy-safe: the analysis withheld medians below the floor.
/// </summary>
public static class RunLayers
{
    /// <summary>results: one feature per settlement, its boundary with the DESIGN §5 result columns.</summary>
    public static FeatureSchema ResultsSchema { get; } = new(ResultColumns.Names.Select(name => new FeatureColumn(name, name switch
    {
        "settlement_id" or "tests" or "devices" or "facilities" or "facilities_unconnected" or "rank" or "run_id" => ColumnType.Integer,
        "name" or "kind" or "gap_class" or "profile" or "period" => ColumnType.Text,
        "suppressed" => ColumnType.Boolean,
        _ => ColumnType.Real,
    })));

    /// <summary>gaps: the uncovered part of each settlement at the profile's target technology.</summary>
    public static FeatureSchema GapsSchema { get; } = new(
        new FeatureColumn("settlement_id", ColumnType.Integer),
        new FeatureColumn("name", ColumnType.Text),
        new FeatureColumn("kind", ColumnType.Text),
        new FeatureColumn("gap_area_m2", ColumnType.Real),
        new FeatureColumn("gap_share", ColumnType.Real),
        new FeatureColumn("gap_population", ColumnType.Real),
        new FeatureColumn("gap_class", ColumnType.Text),
        new FeatureColumn("rank", ColumnType.Integer),
        new FeatureColumn("profile", ColumnType.Text),
        new FeatureColumn("run_id", ColumnType.Integer));

    private static readonly string ResultsSql =
        "SELECT s.geom, " + string.Join(", ", ResultColumns.Names.Select(n => "r." + n)) + """
         FROM settlement_result r JOIN settlement s ON s.id = r.settlement_id
         WHERE r.run_id = @run ORDER BY r.rank, r.settlement_id OFFSET @offset LIMIT @limit
        """;

    private const string GapsSql = """
        SELECT g.geom, r.settlement_id, r.name, r.kind, g.area_m2, r.gap_share, r.gap_population, r.gap_class, r.rank, r.profile, r.run_id
        FROM gap_area g JOIN settlement_result r ON r.run_id = g.run_id AND r.settlement_id = g.settlement_id
        WHERE g.run_id = @run ORDER BY r.rank, r.settlement_id OFFSET @offset LIMIT @limit
        """;

    public static IAsyncEnumerable<FeatureRow> ResultsAsync(NpgsqlDataSource dataSource, long runId, int offset = 0, int limit = int.MaxValue,
        CancellationToken ct = default) => ReadAsync(dataSource, ResultsSql, runId, offset, limit, ct);

    public static IAsyncEnumerable<FeatureRow> GapsAsync(NpgsqlDataSource dataSource, long runId, int offset = 0, int limit = int.MaxValue,
        CancellationToken ct = default) => ReadAsync(dataSource, GapsSql, runId, offset, limit, ct);

    private static async IAsyncEnumerable<FeatureRow> ReadAsync(NpgsqlDataSource dataSource, string sql, long runId, int offset, int limit,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("offset", (long)offset);
        command.Parameters.AddWithValue("limit", (long)limit);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            var geometry = reader.GetFieldValue<Geometry>(0);
            var values = new object?[reader.FieldCount - 1];
            for (var i = 1; i < reader.FieldCount; i++) values[i - 1] = await reader.IsDBNullAsync(i, ct) ? null : reader.GetValue(i);
            yield return new FeatureRow(geometry, values);
        }
    }
}
