using System.Text;
using NetTopologySuite.Geometries;
using Npgsql;

namespace DivideMapper.Data.Layers;

/// <summary>
/// Where and when a layer's features are: the <c>ST_Extent</c> of its geometries in EPSG:4326 (null when it has
/// none), and the instants its periods cover — <see cref="Start"/> the first instant of the earliest period,
/// <see cref="End"/> the last instant (to the second) of the latest, so that handing the interval back as an OGC
/// <c>datetime</c> selects exactly these periods (<see cref="PeriodRange"/> ranges are half-open: 2024Q1 is
/// [2024-01-01, 2024-04-01), its last second 2024-03-31T23:59:59Z). Both null when the layer has no period.
/// </summary>
public sealed record LayerExtent(Envelope? Spatial, DateTimeOffset? Start, DateTimeOffset? End);

/// <summary>
/// The extents of several layers of one scope in one statement (one <c>UNION ALL</c> branch per layer, each one scan of
/// the layer's rows in the scope: the same FROM, WHERE and privacy rule as its pages and tiles, so a withheld
/// aggregate widens no extent). Callers cache the answer under the project's data version.
/// </summary>
public static class LayerExtents
{
    public static async Task<IReadOnlyDictionary<string, LayerExtent>> ReadAsync(NpgsqlDataSource dataSource, IReadOnlyList<LayerDefinition> layers,
        LayerScopeValues scope, CancellationToken ct = default)
    {
        var extents = new Dictionary<string, LayerExtent>(StringComparer.Ordinal);
        if (layers.Count == 0) return extents;
        await using var command = dataSource.CreateCommand(Sql(layers));
        scope.AddTo(command);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var layer = layers[reader.GetInt32(0)];
            var spatial = reader.IsDBNull(1) ? null : new Envelope(reader.GetDouble(1), reader.GetDouble(3), reader.GetDouble(2), reader.GetDouble(4));
            DateTimeOffset? Instant(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
            extents[layer.Id] = new LayerExtent(spatial, Instant(5), Instant(6));
        }
        return extents;
    }

    /// <summary>
    /// The statement. A layer with a period collects its distinct periods in the same scan and maps only those to
    /// ranges (a few quarters, not one regular expression per row).
    /// </summary>
    public static string Sql(IReadOnlyList<LayerDefinition> layers)
    {
        var sql = new StringBuilder();
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (i > 0) sql.Append("\nUNION ALL\n");
            var periods = layer.PeriodSql is { } p ? $"array_agg(DISTINCT {p}) FILTER (WHERE {p} IS NOT NULL)" : "NULL::text[]";
            var range = PeriodRange.Sql("x.p");
            sql.Append($"SELECT {i}, ST_XMin(a.e), ST_YMin(a.e), ST_XMax(a.e), ST_YMax(a.e), ")
                .Append($"(SELECT min(lower({range})) FROM unnest(a.periods) x(p)), ")
                .Append($"(SELECT max(upper({range})) - interval '1 second' FROM unnest(a.periods) x(p)) ")
                .Append($"FROM (SELECT ST_Extent({layer.GeometrySql}) AS e, {periods} AS periods FROM {layer.From} WHERE {layer.ScopeWhere}) a");
        }
        return sql.ToString();
    }
}
