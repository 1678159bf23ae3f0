using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;

namespace DivideMapper.Sample;

/// <summary>Schools and clinics, mostly inside settlements; those in informal settlements are less often connected.</summary>
internal static class FacilityLayout
{
    public static List<Facility> Place(CityModel city, IReadOnlyList<Settlement> settlements)
    {
        var random = SampleRandom.Stream(city.Seed, (int)RandomStream.Facilities);
        var names = new SampleNames(SampleRandom.Stream(city.Seed, (int)RandomStream.Names, 1));
        var weights = SiteLayout.Cumulative(city.Settlements.Select(s => Math.Sqrt(s.Metric.Area * s.Density)));
        var facilities = new List<Facility>(city.Size.Facilities);
        for (var i = 0; i < city.Size.Facilities; i++)
        {
            var kind = random.NextDouble() < 0.6 ? "school" : "clinic";
            SettlementModel? home = null;
            double x, y;
            if (random.NextDouble() < 0.65)
            {
                home = city.Settlements[random.Pick(weights)];
                (x, y) = (home.X, home.Y);
                for (var attempt = 0; attempt < 30; attempt++)
                {
                    double px = home.X + random.Uniform(-home.RMax, home.RMax), py = home.Y + random.Uniform(-home.RMax, home.RMax);
                    if (home.Contains(px, py)) { (x, y) = (px, py); break; }
                }
            }
            else
                (x, y) = (random.Uniform(city.MinX, city.MaxX), random.Uniform(city.MinY, city.MaxY));

            var connectedChance = home?.Kind switch { SettlementKind.Informal => 0.35, SettlementKind.Formal => 0.85, _ => 0.6 };
            var known = random.NextDouble() >= 0.1;
            var connected = random.NextDouble() < connectedChance;
            var speedMedian = home?.Kind == SettlementKind.Informal ? 6.0 : 30.0;
            var speed = Math.Round(speedMedian * random.LogNormalFactor(0.8), 1);
            var name = names.Facility(kind, home is null ? null : settlements[home.Index].Name);
            facilities.Add(new Facility(i + 1, kind, name, known ? connected : null, known && connected ? speed : null,
                city.UnprojectPoint(Math.Round(x, 2), Math.Round(y, 2))));
        }
        return facilities;
    }
}
