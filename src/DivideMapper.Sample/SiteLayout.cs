using DivideMapper.Core.Domain;

namespace DivideMapper.Sample;

/// <summary>
/// Cell sites of three operators. 2G reaches far; 4G thins out over informal settlements; 5G stays in the centre
/// and formal areas. Some informal settlements get a gap core that no site of 4G (or 3G) or better reaches.
/// </summary>
internal static class SiteLayout
{
    private static readonly double[] OperatorShare = [0.45, 0.35, 0.20];
    private static readonly (Tech Tech, double Share, double Min, double Max, double Floor)[] Mix =
    [
        (Tech.G2, 0.18, 1_500, 4_500, 800),
        (Tech.G3, 0.24, 700, 2_000, 400),
        (Tech.G4, 0.45, 300, 1_200, 200),
        (Tech.G5, 0.13, 100, 300, 80),
    ];

    public static double MaxRange(Tech tech) => Mix.First(m => m.Tech == tech).Max;

    public static void PlaceGapCores(CityModel city)
    {
        var random = SampleRandom.Stream(city.Seed, (int)RandomStream.Gaps);
        var informal = city.Settlements.Where(s => s.Kind == SettlementKind.Informal).ToList();
        foreach (var s in informal)
            if (random.NextDouble() < 0.35) AddGapCore(city, random, s);
        // Even the small city needs a few gaps for the analysis to find.
        foreach (var s in informal)
        {
            if (city.GapCores.Count >= Math.Min(3, informal.Count)) break;
            if (city.GapCores.All(c => c.Settlement != s.Index)) AddGapCore(city, random, s);
        }

        var upgrades = SampleRandom.Stream(city.Seed, (int)RandomStream.Upgrades);
        var zones = Math.Max(2, informal.Count / 12);
        for (var i = 0; i < zones && informal.Count > 0; i++)
        {
            var s = upgrades.Pick(informal);
            city.UpgradeZones.Add(new Zone(s.X, s.Y, Math.Min(city.Size.ExtentMeters / 5, upgrades.Uniform(600, 2_500))));
        }
    }

    private static void AddGapCore(CityModel city, Random random, SettlementModel s)
    {
        var tech = random.NextDouble() < 0.15 ? Tech.G3 : Tech.G4;
        // Mostly a hole towards one side, so sites beyond the other side can still serve the rest;
        // one in five gets no such coverage at all.
        var whole = random.NextDouble() < 0.2;
        var offset = whole ? 0 : s.RMax * random.Uniform(0.3, 0.7);
        var angle = random.Uniform(0, 2 * Math.PI);
        var radius = s.RMax * (whole ? 1.05 : random.Uniform(0.3, 0.6));
        city.GapCores.Add(new GapCore(s.X + offset * Math.Cos(angle), s.Y + offset * Math.Sin(angle), radius, tech, s.Index));
    }

    public static void PlaceSites(CityModel city)
    {
        var random = SampleRandom.Stream(city.Seed, (int)RandomStream.Sites);
        var gapGrid = city.NewGrid<int>(1_000);
        for (var i = 0; i < city.GapCores.Count; i++) gapGrid.Add(city.GapCores[i].X, city.GapCores[i].Y, city.GapCores[i].R, i);
        var weights = Cumulative(city.Settlements.Select(s => Math.Pow(s.Metric.Area * s.Density, 0.6)));
        var operators = Cumulative(OperatorShare);
        var techs = Cumulative(Mix.Select(m => m.Share));
        var centreRadius = 0.3 * city.Half;

        for (var i = 0; i < city.Size.Sites; i++)
        {
            var op = random.Pick(operators);
            var mix = Mix[random.Pick(techs)];
            for (var attempt = 0; ; attempt++)
            {
                if (attempt > 5_000) throw new InvalidOperationException($"Could not place cell site {i + 1}.");
                var range = random.Uniform(mix.Min, mix.Max);
                double x, y;
                if (random.NextDouble() < 0.7)
                {
                    var s = city.Settlements[random.Pick(weights)];
                    var r = s.RMax * 1.3 * Math.Sqrt(random.NextDouble());
                    var a = random.Uniform(0, 2 * Math.PI);
                    (x, y) = (s.X + r * Math.Cos(a), s.Y + r * Math.Sin(a));
                }
                else
                    (x, y) = (random.Uniform(city.MinX, city.MaxX), random.Uniform(city.MinY, city.MaxY));
                if (!city.InExtent(x, y, 0)) continue;

                var relaxed = attempt > 200; // never relaxes the gap cores below
                if (mix.Tech == Tech.G4 && !relaxed && city.NearKind(x, y, 150, SettlementKind.Informal) && random.NextDouble() > 0.3)
                    continue;
                if (mix.Tech == Tech.G5)
                {
                    var central = Math.Sqrt((x - city.CentreX) * (x - city.CentreX) + (y - city.CentreY) * (y - city.CentreY)) <= centreRadius;
                    if (!central && !city.NearKind(x, y, 100, SettlementKind.Formal)) continue;
                    if (city.NearKind(x, y, 250, SettlementKind.Informal)) continue;
                }
                if (!FitsGaps(city, gapGrid, x, y, mix.Tech, ref range, mix.Floor)) continue;
                city.AddSite(new SiteModel(Math.Round(x, 2), Math.Round(y, 2), mix.Tech, Math.Round(range), op));
                break;
            }
        }
    }

    /// <summary>Shrinks <paramref name="range"/> so the site's disk stays clear of every gap core it must respect.</summary>
    private static bool FitsGaps(CityModel city, SpatialGrid<int> gaps, double x, double y, Tech tech, ref double range, double floor)
    {
        foreach (var e in gaps.Near(x, y, range + 10))
        {
            var core = city.GapCores[e.Item];
            if (tech < core.MinTech) continue;
            var clear = Math.Sqrt((x - core.X) * (x - core.X) + (y - core.Y) * (y - core.Y)) - core.R - 10;
            range = Math.Floor(Math.Min(range, clear)); // whole metres, as the site's range is written
            if (range < floor) return false;
        }
        return true;
    }

    internal static double[] Cumulative(IEnumerable<double> weights)
    {
        var list = new List<double>();
        var total = 0.0;
        foreach (var w in weights) list.Add(total += w);
        return list.ToArray();
    }
}
