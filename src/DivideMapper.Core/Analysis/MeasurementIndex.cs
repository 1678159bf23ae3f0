using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace DivideMapper.Core.Analysis;

/// <summary>One measurement's part in a settlement's figures.</summary>
/// <param name="Index">Index into the run's measurements.</param>
/// <param name="Share">For a tile, area(tile ∩ S) / area(tile) in the metric CRS; 1 for a point inside S.</param>
internal readonly record struct MeasurementShare(int Index, double Share);

/// <summary>
/// Evidence counts and weighted medians of the measurements in one settlement (speeds in Mbit/s), DESIGN §5.4.
/// </summary>
/// <remarks>
/// Each measurement i weighs w_i = tests_i × share_i (<see cref="MeasurementShare"/>): a 610 m tile that touches 10 % of
/// its own area to a settlement counts with 10 % of its tests, and a tile across two settlements is split between them.
/// The evidence counts are tests = ⌊Σ tests_i × share_i⌋ and devices = ⌊Σ devices_i × share_i⌋ (the expected number
/// inside S if a tile's tests are spread evenly over it), rounded down so the privacy floor errs on the side of
/// withholding. Medians are lower weighted medians (<see cref="WeightedMedian"/>) with these real weights.
/// </remarks>
internal sealed record MeasurementStats(
    int Count, long Tests, long Devices, double? DownMbps, double? UpMbps, double? LatencyMs, MeasurementShare[] Shares)
{
    /// <summary>Added before rounding a weighted count down, so that a sum such as 19.999999999 (20 in exact arithmetic) is 20
    /// in Core and in SQL alike.</summary>
    public const double CountSlack = 1e-6;

    public static MeasurementStats Of(IReadOnlyList<Measurement> all, IReadOnlyList<MeasurementShare> shares)
    {
        double tests = 0, devices = 0;
        var down = new List<(double, double)>();
        var up = new List<(double, double)>();
        var latency = new List<(double, double)>();
        var used = new List<MeasurementShare>(shares.Count);
        foreach (var share in shares)
        {
            if (!(share.Share > 0)) continue; // touches only along an edge
            used.Add(share);
            var m = all[share.Index];
            double weight = m.Tests * share.Share;
            tests += weight;
            devices += m.Devices * share.Share;
            Add(down, m.DownKbps, weight);
            Add(up, m.UpKbps, weight);
            Add(latency, m.LatencyMs, weight);
        }
        // Medians of kbit/s values, then ÷ 1000: the lower weighted median is an observed value, so the order of
        // conversion does not matter and SQL can do either.
        return new MeasurementStats(used.Count, Floor(tests), Floor(devices),
            WeightedMedian.LowerInPlace(down) / 1000.0, WeightedMedian.LowerInPlace(up) / 1000.0,
            WeightedMedian.LowerInPlace(latency), [.. used]);
    }

    public static long Floor(double weightedCount) => (long)Math.Floor(weightedCount + CountSlack);

    private static void Add(List<(double, double)> list, double? value, double weight)
    {
        if (value is { } v && double.IsFinite(v) && weight > 0) list.Add((v, weight));
    }
}

/// <summary>
/// Assigns measurements and facilities to the settlements they intersect. This runs in EPSG:4326 on the stored
/// geometries, the same test as PostGIS <c>ST_Intersects(m.geom, s.geom)</c> on the stored columns, so counts
/// reproduce exactly in SQL and 200,000 points need no projection.
/// </summary>
/// <remarks>
/// The loop runs over the items against an STRtree of the (few) prepared settlements, in parallel, rather than
/// building a tree of the (many) points.
/// </remarks>
internal static class PointAssignment
{
    /// <summary>For each settlement position, the ascending indices of the items intersecting it.</summary>
    public static int[][] Assign<T>(
        IReadOnlyList<IPreparedGeometry> settlements, IReadOnlyList<T> items, Func<T, NetTopologySuite.Geometries.Geometry> geometry,
        ParallelOptions parallel)
    {
        var tree = new STRtree<int>();
        for (int s = 0; s < settlements.Count; s++) tree.Insert(settlements[s].Geometry.EnvelopeInternal, s);
        tree.Build();

        var chunks = new System.Collections.Concurrent.ConcurrentBag<List<(int Settlement, int Item)>>();
        Parallel.For(0, items.Count, parallel, () => new List<(int, int)>(), (i, _, local) =>
        {
            var g = geometry(items[i]);
            foreach (int s in tree.Query(g.EnvelopeInternal))
                if (settlements[s].Intersects(g)) local.Add((s, i));
            return local;
        }, local => chunks.Add(local));

        var counts = new int[settlements.Count];
        foreach (var chunk in chunks)
            foreach (var (s, _) in chunk) counts[s]++;
        var result = new int[settlements.Count][];
        for (int s = 0; s < result.Length; s++) result[s] = new int[counts[s]];
        var filled = new int[settlements.Count];
        foreach (var chunk in chunks)
            foreach (var (s, i) in chunk) result[s][filled[s]++] = i;
        foreach (var list in result) Array.Sort(list); // chunk order depends on scheduling; the result must not
        return result;
    }
}
