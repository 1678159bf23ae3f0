using DivideMapper.Core.Projection;
using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;

namespace DivideMapper.Sample;

/// <summary>
/// Generates a plausible synthetic city for demos, tests and benchmarks: rivers and rail, informal and formal
/// settlements, three operators' sites and coverage, Ookla-style speed tiles for two periods, point speed
/// tests, schools and clinics. Deterministic: only <see cref="System.Random"/> seeded from
/// <paramref name="seed"/> is used, so the same seed and size give the same city and the same files.
/// </summary>
public static class SampleCityGenerator
{
    /// <summary>Centre of the synthetic city: near Nairobi, in UTM zone 37S (EPSG:32737).</summary>
    public const double CentreLon = 36.82, CentreLat = -1.29;

    public static SampleCity Generate(int seed, SampleSize size, SampleShapes shapes = SampleShapes.Organic)
    {
        ArgumentNullException.ThrowIfNull(size);
        var zone = (int)Math.Floor((CentreLon + 180) / 6) + 1;
        var utmZone = new UtmZone(zone, north: CentreLat >= 0);
        var utm = MetricProjection.ForUtm(utmZone);
        var (cx, cy) = utm.Project(CentreLon, CentreLat);
        var city = new CityModel(seed, size, utmZone, Math.Round(cx / 1_000) * 1_000, Math.Round(cy / 1_000) * 1_000, shapes);

        var lines = new CityLines(city);
        SettlementLayout.Place(city, lines);
        SiteLayout.PlaceGapCores(city);
        SiteLayout.PlaceSites(city);

        var names = new SampleNames(SampleRandom.Stream(seed, (int)RandomStream.Names));
        var settlements = city.Settlements.Select(s => ToSettlement(city, s, names.Settlement(s.Kind))).ToList();
        var sampleLines = lines.Lines
            .Select((l, i) => new SampleLine(i + 1, l.Kind, l.Name, (LineString)utm.Unproject(l.Metric)))
            .ToList();
        var sites = SiteFields(city);
        var facilities = FacilityLayout.Place(city, settlements);
        return new SampleCity(seed, size, city, sampleLines, settlements, sites, facilities);
    }

    private static Settlement ToSettlement(CityModel city, SettlementModel s, string name)
    {
        var areaKm2 = s.Metric.Area / 1e6;
        var population = Math.Round(areaKm2 * s.Density);
        var random = SampleRandom.Stream(city.Seed, (int)RandomStream.Names, 2, s.Index);
        var householdSize = s.Kind == SettlementKind.Informal ? random.Uniform(3.0, 4.0) : random.Uniform(3.2, 4.2);
        var polygon = (Polygon)city.Utm.Unproject(s.Metric);
        return new Settlement(s.Index + 1, name, s.Kind, population, Math.Round(population / householdSize),
            city.Utm.GeographicFactory.CreateMultiPolygon([polygon]));
    }

    /// <summary>OpenCelliD fields: LAC/TAC by 5-km block, cell ids per radio, PSC/PCI, samples and dates.</summary>
    private static List<SampleSite> SiteFields(CityModel city)
    {
        var random = SampleRandom.Stream(city.Seed, (int)RandomStream.SiteFields);
        var counters = new int[SampleCity.Operators.Count, 6];
        var sites = new List<SampleSite>(city.Sites.Count);
        const long from = 1_420_070_400; // 2015-01-01
        const long to = 1_727_654_400;   // 2024-09-30
        for (var i = 0; i < city.Sites.Count; i++)
        {
            var m = city.Sites[i];
            var n = ++counters[m.Operator, (int)m.Tech];
            var block = (int)((m.X - city.MinX) / 5_000) * 41 + (int)((m.Y - city.MinY) / 5_000);
            var area = (m.Tech is Tech.G2 or Tech.G3 ? 1_000 : 20_000) + block;
            long cell = m.Tech switch
            {
                Tech.G2 => 10_000 + n,
                Tech.G3 => (100L + n / 60_000) * 65_536 + 1_000 + n % 60_000,
                Tech.G4 => (10_000L + n) * 256 + 1 + random.Next(3),
                _ => (500_000L + n) * 4_096 + 1 + random.Next(3),
            };
            var unit = m.Tech switch { Tech.G2 => 0, Tech.G3 => random.Next(512), _ => random.Next(504) };
            var samples = 1 + random.Poisson(12) * (1 + random.Next(20));
            var created = from + (long)(random.NextDouble() * (to - from - 86_400));
            var updated = created + (long)(random.NextDouble() * (to - created));
            var op = SampleCity.Operators[m.Operator];
            var point = city.UnprojectPoint(m.X, m.Y);
            sites.Add(new SampleSite(new CellSite(i + 1, op, m.Tech, m.Range, point), SampleSite.RadioOf(m.Tech),
                639, int.Parse(op[4..]), area, cell, unit, samples, created, updated));
        }
        return sites;
    }
}
