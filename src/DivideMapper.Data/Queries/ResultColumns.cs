using DivideMapper.Data.Model;

namespace DivideMapper.Data.Queries;

/// <summary>
/// The DESIGN §5 result columns, in their documented order and snake_case names. One definition serves the
/// `analyze --json` rows, the REST API, and later CSV/GeoJSON/OGC properties, so they cannot drift apart.
/// </summary>
public static class ResultColumns
{
    public static IReadOnlyList<string> Names { get; } = [.. Layers.LayerCatalogue.Results.Columns.Select(c => c.Name)];

    /// <summary>
    /// The row as ordered (name, value) pairs, values in their natural JSON types (null where absent or withheld):
    /// Core's own column values (<see cref="Core.Analysis.SettlementRow.ToColumns"/>), then <c>run_id</c>.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, object?>> Values(SettlementResultRow r) =>
        Runs.StoredRows.ToCore(r).ToColumns().Append(new("run_id", r.RunId));

    /// <summary>The row as a JSON-ready ordered dictionary, with the explain object appended when asked for.</summary>
    public static IDictionary<string, object?> ToJsonRow(SettlementResultRow r, bool withExplain = true)
    {
        var row = new Dictionary<string, object?>(Values(r));
        if (withExplain) row["explain"] = r.Explain?.RootElement;
        return row;
    }
}
