using DivideMapper.Core.Domain;
using DivideMapper.Core.Geo;
using NetTopologySuite.Geometries;

namespace DivideMapper.Sample;

/// <summary>
/// Speeds follow the best technology at a place, are lower in informal settlements (crowded cells, older
/// handsets) and improve in a few upgrade zones between the periods. Test counts follow where people live,
/// so sparse tiles fall below the privacy floor.
/// </summary>
internal sealed class SpeedModel(CityModel city)
{
    // Typical mean download (kbit/s) and latency (ms) per tech index 2..5; index 0 is "no coverage".
    private static readonly double[] Down = [60, 0, 180, 3_500, 22_000, 160_000];
    private static readonly double[] Latency = [700, 0, 420, 95, 40, 18];

    public IEnumerable<Measurement> Tiles(int period)
    {
        var zoom = city.Size.TileZoom;
        double minLon = double.MaxValue, minLat = double.MaxValue, maxLon = double.MinValue, maxLat = double.MinValue;
        foreach (var (x, y) in new[] { (city.MinX, city.MinY), (city.MaxX, city.MinY), (city.MaxX, city.MaxY), (city.MinX, city.MaxY) })
        {
            var (lon, lat) = city.Utm.Unproject(x, y);
            (minLon, maxLon, minLat, maxLat) = (Math.Min(minLon, lon), Math.Max(maxLon, lon), Math.Min(minLat, lat), Math.Max(maxLat, lat));
        }
        var (x0, y0) = Quadkey.ToTileXY(minLon, maxLat, zoom);
        var (x1, y1) = Quadkey.ToTileXY(maxLon, minLat, zoom);
        var periodRandom = SampleRandom.Stream(city.Seed, (int)RandomStream.TilePeriod, period);
        var id = 0L;
        for (var ty = y0; ty <= y1; ty++)
        for (var tx = x0; tx <= x1; tx++)
        {
            // Draw the period's numbers for every tile, kept or not, so one tile never shifts another's.
            var noise = periodRandom.LogNormalFactor(0.12);
            var testNoise = periodRandom.NextDouble();
            var deviceShare = periodRandom.Uniform(0.3, 0.7);
            var upShare = periodRandom.Uniform(0.12, 0.3);
            var latencyNoise = periodRandom.LogNormalFactor(0.15);

            var tile = Sample(Quadkey.TileEnvelope(tx, ty, zoom));
            if (tile.Inside == 0) continue;
            var persistent = SampleRandom.Stream(city.Seed, (int)RandomStream.TileBase, tx, ty);
            var baseNoise = persistent.LogNormalFactor(0.3);
            var upgrade = period > 0 && tile.Upgraded ? persistent.Uniform(1.3, 1.9) : 1.0;
            var drift = period > 0 ? persistent.Uniform(0.95, 1.1) : 1.0;

            var lambda = (3 + tile.People * (tile.InformalShare * 0.012 + (1 - tile.InformalShare) * 0.035)) * (period > 0 ? 1.15 : 1.0);
            var tests = Poisson(lambda, testNoise);
            if (tests == 0) continue;
            var devices = Math.Max(1, (int)Math.Round(tests * deviceShare));
            var down = Math.Max(16, Math.Round(tile.Down * baseNoise * noise * upgrade * drift));
            var latency = Math.Max(5, Math.Round(tile.Latency * latencyNoise / Math.Sqrt(upgrade)));
            var quadkey = Quadkey.FromTileXY(tx, ty, zoom);
            yield return new Measurement(++id, SampleCity.Periods[period], down, Math.Max(8, Math.Round(down * upShare)),
                latency, tests, devices, quadkey, Quadkey.ToPolygon(quadkey, city.Utm.GeographicFactory));
        }
    }

    public IEnumerable<Measurement> Points()
    {
        var random = SampleRandom.Stream(city.Seed, (int)RandomStream.Points);
        var weights = SiteLayout.Cumulative(city.Settlements.Select(s => s.Metric.Area * s.Density));
        for (var i = 0; i < city.Size.SpeedPoints; i++)
        {
            var period = random.Next(SampleCity.Periods.Count);
            double x, y;
            if (random.NextDouble() < 0.88)
            {
                var s = city.Settlements[random.Pick(weights)];
                (x, y) = (s.X, s.Y);
                for (var attempt = 0; attempt < 30; attempt++)
                {
                    double px = s.X + random.Uniform(-s.RMax, s.RMax), py = s.Y + random.Uniform(-s.RMax, s.RMax);
                    if (s.Contains(px, py)) { (x, y) = (px, py); break; }
                }
            }
            else
                (x, y) = (random.Uniform(city.MinX, city.MaxX), random.Uniform(city.MinY, city.MaxY));

            var tests = 1 + random.Poisson(3);
            var devices = 1 + random.Next(tests);
            var noise = random.LogNormalFactor(0.5);
            var upShare = random.Uniform(0.12, 0.3);
            var upgrade = period > 0 && city.InUpgradeZone(x, y) ? random.Uniform(1.3, 1.9) : 1.0;
            var (baseDown, baseLatency) = At(x, y, city.SettlementAt(x, y)?.Kind);
            var down = Math.Max(16, Math.Round(baseDown * noise * upgrade));
            yield return new Measurement(i + 1, SampleCity.Periods[period], down, Math.Max(8, Math.Round(down * upShare)),
                Math.Max(5, Math.Round(baseLatency * random.LogNormalFactor(0.2) / Math.Sqrt(upgrade))), tests, devices, null,
                city.UnprojectPoint(Math.Round(x, 2), Math.Round(y, 2)));
        }
    }

    private (double Down, double Latency) At(double x, double y, SettlementKind? kind)
    {
        var t = (int?)city.BestTech(x, y) ?? 0;
        var (speedFactor, latencyFactor) = kind switch
        {
            SettlementKind.Informal => (0.5, 1.35),
            SettlementKind.Formal => (1.15, 0.95),
            _ => (1.0, 1.0),
        };
        return (Down[t] * speedFactor, Latency[t] * latencyFactor);
    }

    private readonly record struct TileSample(int Inside, double People, double InformalShare, double Down, double Latency, bool Upgraded);

    /// <summary>Looks at a 3 × 3 grid of points in the tile: who lives there and what reaches them.</summary>
    private TileSample Sample(Envelope tile)
    {
        int inside = 0, informal = 0, settled = 0;
        double density = 0, down = 0, latency = 0;
        var upgraded = false;
        var (ax, ay) = city.Utm.Project(tile.MinX, tile.MinY);
        var (bx, by) = city.Utm.Project(tile.MaxX, tile.MaxY);
        var area = Math.Abs((bx - ax) * (by - ay));
        for (var i = 0; i < 3; i++)
        for (var j = 0; j < 3; j++)
        {
            double x = ax + (bx - ax) * (i + 0.5) / 3, y = ay + (by - ay) * (j + 0.5) / 3;
            if (!city.InExtent(x, y, 0)) continue;
            inside++;
            var s = city.SettlementAt(x, y);
            if (s is not null)
            {
                settled++;
                density += s.Density;
                if (s.Kind == SettlementKind.Informal) informal++;
            }
            var (d, l) = At(x, y, s?.Kind);
            down += d;
            latency += l;
            upgraded |= city.InUpgradeZone(x, y);
        }
        if (inside == 0) return default;
        return new TileSample(inside, density / 1e6 * area / 9, settled == 0 ? 0 : (double)informal / settled,
            down / inside, latency / inside, upgraded);
    }

    /// <summary>Poisson quantile of a uniform draw: one random number per tile whatever the mean.</summary>
    private static int Poisson(double mean, double u)
    {
        if (mean > 50) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * InverseNormal(u)));
        double p = Math.Exp(-mean), cumulative = p;
        var k = 0;
        while (u > cumulative && k < 1_000) { k++; p *= mean / k; cumulative += p; }
        return k;
    }

    private static double InverseNormal(double u)
    {
        // The logistic quantile scaled to unit variance is close enough to the normal one for test counts.
        u = Math.Clamp(u, 1e-9, 1 - 1e-9);
        return Math.Log(u / (1 - u)) * 0.5513;
    }
}
