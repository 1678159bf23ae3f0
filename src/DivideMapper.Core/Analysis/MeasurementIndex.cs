using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace DivideMapper.Core.Analysis;

/// <summary>Sums and test-weighted medians of the measurements intersecting one settlement (speeds in Mbit/s).</summary>
internal sealed record MeasurementStats(
    int Count, long Tests, long Devices, double? DownMbps, double? UpMbps, double? LatencyMs, int[] Indices)
{
    public static MeasurementStats Of(IReadOnlyList<Measurement> all, int[] indices)
    {
        long tests = 0, devices = 0;
        var down = new List<(double, long)>();
        var up = new List<(double, long)>();
        var latency = new List<(double, long)>();
        foreach (int i in indices)
        {
            var m = all[i];
            tests += m.Tests;
            devices += m.Devices;
            Add(down, m.DownKbps, m.Tests);
            Add(up, m.UpKbps, m.Tests);
            Add(latency, m.LatencyMs, m.Tests);
        }
        // Medians of kbit/s values, then ÷ 1000: the lower weighted median is an observed value, so the order of
        // conversion does not matter and SQL can do either.
        return new MeasurementStats(indices.Length, tests, devices,
            WeightedMedian.LowerInPlace(down) / 1000.0, WeightedMedian.LowerInPlace(up) / 1000.0,
            WeightedMedian.LowerInPlace(latency), indices);
    }

    private static void Add(List<(double, long)> list, double? value, int weight)
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
