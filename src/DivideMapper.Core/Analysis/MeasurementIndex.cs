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
/// Point-in-settlement lookups for measurements and facilities. These run in EPSG:4326 on the stored geometries,
/// the same test as PostGIS <c>ST_Intersects(m.geom, s.geom)</c> on the stored columns, so counts reproduce exactly
/// in SQL and 200,000 points need no projection.
/// </summary>
internal sealed class PointLookup<T>
{
    private readonly IReadOnlyList<T> _items;
    private readonly Func<T, NetTopologySuite.Geometries.Geometry> _geometry;
    private readonly STRtree<int> _tree = new();

    public PointLookup(IReadOnlyList<T> items, Func<T, NetTopologySuite.Geometries.Geometry> geometry)
    {
        _items = items;
        _geometry = geometry;
        for (int i = 0; i < items.Count; i++) _tree.Insert(geometry(items[i]).EnvelopeInternal, i);
        _tree.Build();
    }

    /// <summary>Indices (ascending) of the items intersecting the prepared settlement.</summary>
    public int[] Intersecting(IPreparedGeometry settlement)
    {
        var hits = new List<int>();
        foreach (int i in _tree.Query(settlement.Geometry.EnvelopeInternal))
            if (settlement.Intersects(_geometry(_items[i]))) hits.Add(i);
        hits.Sort();
        return [.. hits];
    }
}
