using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;

namespace DivideMapper.Sample;

/// <summary>Rivers meander across the city west to east; rail lines run roughly north-west to south-east.</summary>
internal sealed class CityLines
{
    public CityLines(CityModel city)
    {
        var random = SampleRandom.Stream(city.Seed, (int)RandomStream.Lines);
        var extent = city.ExtentPolygon(densifyMeters: double.MaxValue);
        var size = city.Size.ExtentMeters;
        var step = Math.Max(40, size / 150);

        for (var i = 0; i < city.Size.Rivers; i++)
        {
            var baseY = (i + 0.5) / city.Size.Rivers * size - city.Half + random.Uniform(-0.05, 0.05) * size;
            double a1 = 0.08 * size, l1 = size * random.Uniform(0.6, 1.0), p1 = random.Uniform(0, 2 * Math.PI);
            double a2 = 0.025 * size, l2 = size * random.Uniform(0.15, 0.3), p2 = random.Uniform(0, 2 * Math.PI);
            var tilt = random.Uniform(-0.35, 0.35);
            var points = new List<Coordinate>();
            for (var t = -0.75 * size; t <= 0.75 * size; t += step)
            {
                var y = baseY + a1 * Math.Sin(2 * Math.PI * t / l1 + p1) + a2 * Math.Sin(2 * Math.PI * t / l2 + p2);
                points.Add(Rotate(city, t, y, tilt));
            }
            Add(city, extent, "river", SampleNames.River(i), points);
        }

        for (var i = 0; i < city.Size.RailLines; i++)
        {
            var offset = (i - (city.Size.RailLines - 1) / 2.0) * size / city.Size.RailLines * 0.8 + random.Uniform(-0.05, 0.05) * size;
            var angle = Math.PI * 0.75 + random.Uniform(-0.35, 0.35);
            var bend = random.Uniform(-0.06, 0.06) * size;
            var points = new List<Coordinate>();
            for (var t = -0.75 * size; t <= 0.75 * size; t += step)
                points.Add(Rotate(city, t, offset + bend * Math.Cos(Math.PI * t / (1.5 * size)), angle));
            Add(city, extent, "rail", SampleNames.Rail(i), points);
        }

        var all = city.Utm.MetricFactory.CreateMultiLineString(Lines.Select(l => l.Metric).ToArray());
        _distance = new IndexedFacetDistance(all);
        Lengths = new double[Lines.Count];
        var total = 0.0;
        for (var i = 0; i < Lines.Count; i++) Lengths[i] = total += Lines[i].Metric.Length;
    }

    public List<(string Kind, string Name, LineString Metric)> Lines { get; } = [];

    /// <summary>Running totals of line lengths, to pick a line with probability ∝ length.</summary>
    public double[] Lengths { get; }

    private readonly IndexedFacetDistance _distance;

    public double DistanceTo(double x, double y) => _distance.Distance(new Point(x, y));

    private static Coordinate Rotate(CityModel city, double t, double y, double angle) =>
        new(Math.Round(city.CentreX + t * Math.Cos(angle) - y * Math.Sin(angle), 2),
            Math.Round(city.CentreY + t * Math.Sin(angle) + y * Math.Cos(angle), 2));

    private void Add(CityModel city, Geometry extent, string kind, string name, List<Coordinate> points)
    {
        var line = city.Utm.MetricFactory.CreateLineString(points.ToArray());
        // Keep the longest piece inside the city; a meander may leave and re-enter near a corner.
        LineString? longest = null;
        var clipped = line.Intersection(extent);
        for (var i = 0; i < clipped.NumGeometries; i++)
            if (clipped.GetGeometryN(i) is LineString piece && (longest is null || piece.Length > longest.Length))
                longest = piece;
        if (longest is not null && longest.Length > city.Size.ExtentMeters * 0.2) Lines.Add((kind, name, longest));
    }
}
