using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;
using NetTopologySuite.LinearReferencing;

namespace DivideMapper.Sample;

/// <summary>
/// Places settlements as star-shaped polygons inside non-overlapping circles: informal ones small, irregular
/// and dense, clustered along rivers and rail; formal ones larger, regular and sparser, away from the lines.
/// A polygon never leaves its circle and circles keep a margin, so settlements never overlap or touch.
/// </summary>
internal static class SettlementLayout
{
    private const double Margin = 15;      // metres between settlement circles
    private const double EdgeMargin = 60;  // metres from the city edge

    public static void Place(CityModel city, CityLines lines)
    {
        var random = SampleRandom.Stream(city.Seed, (int)RandomStream.Settlements);
        var informal = (int)Math.Round(city.Size.Settlements * city.Size.InformalShare);
        var spread = Math.Min(350, city.Size.ExtentMeters / 12);
        var indexed = lines.Lines.Select(l => new LengthIndexedLine(l.Metric)).ToArray();

        for (var i = 0; i < city.Size.Settlements; i++)
        {
            var kind = i < informal ? SettlementKind.Informal : SettlementKind.Formal;
            var rMax = kind == SettlementKind.Informal
                ? Math.Clamp(160 * random.LogNormalFactor(0.35), 70, 300)
                : random.Uniform(220, 480);
            var (x, y) = FindSpot(city, lines, indexed, random, kind, ref rMax, spread);
            var polygon = city.Shapes == SampleShapes.Star ? StarShape(city, random, x, y, rMax)
                : kind == SettlementKind.Informal ? InformalShape(city, random, x, y, rMax)
                : FormalShape(city, random, x, y, rMax);
            var density = kind == SettlementKind.Informal
                ? 30_000 + 50_000 * Math.Pow(random.NextDouble(), 0.8)
                : random.Uniform(2_500, 12_000);
            city.SettlementGrid.Add(x, y, rMax, city.Settlements.Count);
            city.Settlements.Add(new SettlementModel(city.Settlements.Count, kind, x, y, rMax, polygon,
                polygon.Shell.Coordinates, density));
        }
    }

    private static (double X, double Y) FindSpot(CityModel city, CityLines lines, LengthIndexedLine[] indexed,
        Random random, SettlementKind kind, ref double rMax, double spread)
    {
        for (var round = 0; round < 12; round++, rMax *= 0.85)
        {
            for (var attempt = 0; attempt < 400; attempt++)
            {
                var widen = 1 + attempt / 40.0;
                double x, y;
                if (kind == SettlementKind.Informal && random.NextDouble() < 0.85)
                    (x, y) = AlongLine(lines, indexed, random, 0.5 * rMax + Math.Abs(random.Gaussian()) * spread * widen);
                else if (kind == SettlementKind.Informal && city.Settlements.Count > 0)
                {
                    // Informal settlements also grow next to each other.
                    var next = city.Settlements[random.Next(city.Settlements.Count)];
                    var d = next.RMax + rMax + Margin + random.Uniform(0, 300) * widen;
                    var a = random.Uniform(0, 2 * Math.PI);
                    (x, y) = (next.X + d * Math.Cos(a), next.Y + d * Math.Sin(a));
                }
                else
                    (x, y) = (random.Uniform(city.MinX, city.MaxX), random.Uniform(city.MinY, city.MaxY));

                if (!city.InExtent(x, y, rMax + EdgeMargin)) continue;
                if (city.SettlementGrid.Any(x, y, rMax + Margin)) continue;
                // Formal estates are rarely cut by a river or the railway.
                if (kind == SettlementKind.Formal && attempt < 300 && lines.DistanceTo(x, y) < rMax + 80) continue;
                return (x, y);
            }
        }
        throw new InvalidOperationException($"No room left for settlement {city.Settlements.Count + 1} in the {city.Size.Name} city.");
    }

    private static (double X, double Y) AlongLine(CityLines lines, LengthIndexedLine[] indexed, Random random, double offset)
    {
        var i = random.Pick(lines.Lengths);
        var line = indexed[i];
        var at = random.Uniform(line.StartIndex, line.EndIndex);
        var p = line.ExtractPoint(at);
        var q = line.ExtractPoint(Math.Min(at + 5, line.EndIndex));
        if (q.Equals2D(p)) q = line.ExtractPoint(at - 5);
        double dx = q.X - p.X, dy = q.Y - p.Y, len = Math.Sqrt(dx * dx + dy * dy);
        var side = random.NextDouble() < 0.5 ? -1 : 1;
        return (p.X - side * dy / len * offset, p.Y + side * dx / len * offset);
    }

    /// <summary>A many-sided, irregular outline: radius varies smoothly and a little at random by angle.</summary>
    private static Polygon InformalShape(CityModel city, Random random, double x, double y, double rMax)
    {
        var n = 16 + random.Next(13);
        double p1 = random.Uniform(0, 2 * Math.PI), p2 = random.Uniform(0, 2 * Math.PI), p3 = random.Uniform(0, 2 * Math.PI);
        double a1 = random.Uniform(0.3, 1), a2 = random.Uniform(0.2, 0.8), a3 = random.Uniform(0, 0.5);
        var ring = new Coordinate[n + 1];
        var step = 2 * Math.PI / n;
        for (var k = 0; k < n; k++)
        {
            var theta = k * step + random.Uniform(-0.3, 0.3) * step; // angles stay increasing: a simple ring
            var wave = (a1 * Math.Sin(theta + p1) + a2 * Math.Sin(2 * theta + p2) + a3 * Math.Sin(3 * theta + p3)) / (a1 + a2 + a3);
            var r = rMax * Math.Clamp(0.72 + 0.2 * wave + random.Uniform(-0.08, 0.08), 0.3, 0.99);
            ring[k] = Round(x + r * Math.Cos(theta), y + r * Math.Sin(theta));
        }
        ring[n] = ring[0].Copy();
        return city.Utm.MetricFactory.CreatePolygon(ring);
    }

    /// <summary>
    /// A star of 6–30 spikes (12–60 vertices): tips near the circle, notches at 35–65% of it, each tip and notch
    /// jittered. Concave everywhere, so every overlay with coverage cuts many edges.
    /// </summary>
    private static Polygon StarShape(CityModel city, Random random, double x, double y, double rMax)
    {
        var spikes = 6 + random.Next(25);
        var notch = random.Uniform(0.35, 0.65);
        var rotation = random.Uniform(0, 2 * Math.PI);
        var n = 2 * spikes;
        var ring = new Coordinate[n + 1];
        for (var k = 0; k < n; k++)
        {
            var theta = rotation + Math.PI * k / spikes;
            var r = rMax * (k % 2 == 0 ? random.Uniform(0.85, 0.99) : notch * random.Uniform(0.9, 1.1));
            ring[k] = Round(x + r * Math.Cos(theta), y + r * Math.Sin(theta));
        }
        ring[n] = ring[0].Copy();
        return city.Utm.MetricFactory.CreatePolygon(ring);
    }

    /// <summary>A rotated rectangle (planned estate) or a regular 6–8-gon.</summary>
    private static Polygon FormalShape(CityModel city, Random random, double x, double y, double rMax)
    {
        var rotation = random.Uniform(0, Math.PI);
        var r = rMax * 0.95;
        double[] angles;
        if (random.NextDouble() < 0.7)
        {
            var beta = Math.Atan(1 / random.Uniform(1, 1.7)); // half-angle between the diagonals
            angles = [beta, Math.PI - beta, Math.PI + beta, 2 * Math.PI - beta];
        }
        else
        {
            var n = 6 + random.Next(3);
            angles = Enumerable.Range(0, n).Select(k => 2 * Math.PI * k / n).ToArray();
        }
        var ring = new Coordinate[angles.Length + 1];
        for (var k = 0; k < angles.Length; k++)
            ring[k] = Round(x + r * Math.Cos(angles[k] + rotation), y + r * Math.Sin(angles[k] + rotation));
        ring[^1] = ring[0].Copy();
        return city.Utm.MetricFactory.CreatePolygon(ring);
    }

    private static Coordinate Round(double x, double y) => new(Math.Round(x, 2), Math.Round(y, 2));
}
