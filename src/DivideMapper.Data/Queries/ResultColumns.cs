using DivideMapper.Data.Model;

namespace DivideMapper.Data.Queries;

/// <summary>
/// The DESIGN §5 result columns, in their documented order and snake_case names. One definition serves the
/// `analyze --json` rows, the REST API, and later CSV/GeoJSON/OGC properties, so they cannot drift apart.
/// </summary>
public static class ResultColumns
{
    public static IReadOnlyList<string> Names { get; } = [.. Core.Analysis.SettlementRow.ColumnNames, "run_id"];

    /// <summary>The row as ordered (name, value) pairs, values in their natural JSON types (null where absent or withheld).</summary>
    public static IEnumerable<KeyValuePair<string, object?>> Values(SettlementResultRow r)
    {
        object?[] values =
        [
            r.SettlementId, r.Name, r.Kind, r.AreaM2, r.Population, r.CoveredShare2g, r.CoveredShare3g, r.CoveredShare4g,
            r.CoveredShare5g, r.GapAreaM2, r.GapShare, r.GapPopulation, r.MedianDownMbps, r.MedianUpMbps, r.MedianLatencyMs,
            r.Tests, r.Devices, r.Suppressed, r.NearestSiteM, r.Facilities, r.FacilitiesUnconnected, r.GapClass, r.GapScore,
            r.Rank, r.Profile, r.RunId,
        ];
        for (var i = 0; i < Names.Count; i++) yield return new(Names[i], values[i]);
    }

    /// <summary>The row as a JSON-ready ordered dictionary, with the explain object appended when asked for.</summary>
    public static IDictionary<string, object?> ToJsonRow(SettlementResultRow r, bool withExplain = true)
    {
        var row = new Dictionary<string, object?>(Values(r));
        if (withExplain) row["explain"] = r.Explain?.RootElement;
        return row;
    }
}
