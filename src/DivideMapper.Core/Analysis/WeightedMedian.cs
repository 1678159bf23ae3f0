namespace DivideMapper.Core.Analysis;

/// <summary>
/// The test-weighted median used for every speed and latency figure.
/// </summary>
/// <remarks>
/// <para>Definition (the <em>lower weighted median</em>): drop items whose value is not a finite number or whose
/// weight is ≤ 0; let W be the sum of the remaining weights; sort by value ascending; the median is the smallest
/// value v such that the summed weight of all items with value ≤ v is at least W / 2 (tested exactly as
/// <c>2 · cumulative ≥ W</c> on integers). With no items left there is no median (null).</para>
/// <para>It is always one of the observed values (no interpolation), so it reproduces exactly in SQL:</para>
/// <code>
/// SELECT min(v) FROM (
///   SELECT v, sum(w) OVER (ORDER BY v RANGE UNBOUNDED PRECEDING) AS cw, sum(w) OVER () AS tw
///   FROM items WHERE w &gt; 0 AND v IS NOT NULL) s
/// WHERE 2 * cw &gt;= tw;
/// </code>
/// </remarks>
public static class WeightedMedian
{
    /// <summary>The lower weighted median of the items, or null when no item has a finite value and a positive weight.</summary>
    public static double? Lower(IEnumerable<(double Value, long Weight)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var kept = new List<(double Value, long Weight)>();
        foreach (var item in items)
            if (item.Weight > 0 && double.IsFinite(item.Value)) kept.Add(item);
        return LowerInPlace(kept);
    }

    /// <summary>Relative tolerance of the "half the weight" test with real weights: 2 · cumulative ≥ W · (1 − 1e-9).</summary>
    public const double RealWeightTolerance = 1e-9;

    /// <summary>
    /// The lower weighted median with real (non-integer) weights, e.g. tests × the share of a tile inside a settlement:
    /// the smallest value v with 2 · (weight of values ≤ v) ≥ W · (1 − <see cref="RealWeightTolerance"/>). The tolerance
    /// makes a cumulative weight that equals half the total in exact arithmetic count as reaching it, in Core and SQL alike.
    /// </summary>
    public static double? LowerReal(IEnumerable<(double Value, double Weight)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var kept = new List<(double Value, double Weight)>();
        foreach (var item in items)
            if (item.Weight > 0 && double.IsFinite(item.Weight) && double.IsFinite(item.Value)) kept.Add(item);
        return LowerInPlace(kept);
    }

    internal static double? LowerInPlace(List<(double Value, double Weight)> kept)
    {
        if (kept.Count == 0) return null;
        kept.Sort(static (a, b) => a.Value.CompareTo(b.Value));
        double total = 0;
        foreach (var (_, w) in kept) total += w;
        double cumulative = 0, reach = total * (1 - RealWeightTolerance);
        for (int i = 0; i < kept.Count; i++)
        {
            cumulative += kept[i].Weight;
            // Equal values share one cumulative weight (SQL's RANGE window), so decide only at the last of a run.
            if (i + 1 < kept.Count && kept[i + 1].Value == kept[i].Value) continue;
            if (2 * cumulative >= reach) return kept[i].Value;
        }
        return kept[^1].Value;
    }

    /// <summary>As <see cref="Lower(IEnumerable{ValueTuple{double, long}})"/> on a list already filtered; sorts it.</summary>
    internal static double? LowerInPlace(List<(double Value, long Weight)> kept)
    {
        if (kept.Count == 0) return null;
        kept.Sort(static (a, b) => a.Value.CompareTo(b.Value));
        long total = 0;
        foreach (var (_, w) in kept) total += w;
        long cumulative = 0;
        foreach (var (v, w) in kept)
        {
            cumulative += w;
            if (2 * cumulative >= total) return v;
        }
        return kept[^1].Value; // unreachable: the last cumulative equals the total
    }
}
