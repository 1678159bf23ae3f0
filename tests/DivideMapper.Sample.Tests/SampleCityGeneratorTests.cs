using DivideMapper.Core.Domain;
using DivideMapper.Sample;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Union;

namespace DivideMapper.Sample.Tests;

public class SampleCityGeneratorTests
{
    private static readonly SampleCity City = SampleCityGenerator.Generate(42, SampleSize.Small);

    [Fact]
    public void SameSeedGivesTheSameCity()
    {
        var again = SampleCityGenerator.Generate(42, SampleSize.Small);
        Assert.Equal(Fingerprint(City), Fingerprint(again));
    }

    [Fact]
    public void DifferentSeedGivesADifferentCity()
    {
        var other = SampleCityGenerator.Generate(43, SampleSize.Small);
        Assert.NotEqual(Fingerprint(City), Fingerprint(other));
    }

    [Fact]
    public void StreamsRepeatWhenEnumeratedAgain()
    {
        Assert.Equal(City.SpeedTiles("2024Q1").Select(m => $"{m.Quadkey} {m.DownKbps} {m.Tests}"),
            City.SpeedTiles("2024Q1").Select(m => $"{m.Quadkey} {m.DownKbps} {m.Tests}"));
        Assert.Equal(City.CoverageAreas().Select(c => c.Geometry.AsText()), City.CoverageAreas().Select(c => c.Geometry.AsText()));
    }

    [Fact]
    public void SmallCityHasTheAdvertisedCounts()
    {
        Assert.Equal(25, City.Settlements.Count);
        Assert.Equal(SampleSize.Small.Sites, City.Sites.Count);
        Assert.Equal(SampleSize.Small.CoverageAreas, City.CoverageAreas().Count());
        Assert.Equal(SampleSize.Small.Facilities, City.Facilities.Count);
        Assert.Equal(32737, City.MetricSrid);
        Assert.Contains(City.Lines, l => l.Kind == "river");
        Assert.Contains(City.Lines, l => l.Kind == "rail");
    }

    [Fact]
    public void AllPolygonsAreValid()
    {
        Assert.All(City.Settlements, s => Assert.True(s.Geometry.IsValid, s.Name));
        Assert.All(City.Settlements, s => Assert.IsType<MultiPolygon>(s.Geometry));
        Assert.All(City.CoverageAreas(), c => Assert.True(c.Geometry.IsValid, $"coverage {c.Id}"));
        Assert.All(City.CoverageAreasMetric(), c => Assert.Equal(32737, c.Geometry.SRID));
        Assert.All(City.SpeedTiles("2024Q3"), m => Assert.True(m.Geometry.IsValid));
    }

    [Fact]
    public void SettlementsDoNotOverlapAndLieInsideTheCity()
    {
        var tree = new STRtree<Settlement>();
        foreach (var s in City.Settlements) tree.Insert(s.Geometry.EnvelopeInternal, s);
        foreach (var s in City.Settlements)
        {
            Assert.True(City.Boundary.Contains(s.Geometry), $"{s.Name} leaves the city");
            foreach (var other in tree.Query(s.Geometry.EnvelopeInternal))
                if (other.Id != s.Id) Assert.False(s.Geometry.Intersects(other.Geometry), $"{s.Name} meets {other.Name}");
        }
        Assert.Equal(City.Settlements.Count, City.Settlements.Select(s => s.Name).Distinct().Count());
    }

    [Fact]
    public void InformalSettlementsAreDenserAndSmallerThanFormalOnes()
    {
        var metric = MetricAreas();
        double Density(SettlementKind k) => City.Settlements.Where(s => s.Kind == k).Sum(s => s.Population!.Value)
            / City.Settlements.Where(s => s.Kind == k).Sum(s => metric[s.Id]) * 1e6;
        Assert.InRange(Density(SettlementKind.Informal), 30_000, 80_000);
        Assert.InRange(Density(SettlementKind.Formal), 2_500, 12_000);
        Assert.True(City.Settlements.Where(s => s.Kind == SettlementKind.Informal).Average(s => metric[s.Id])
            < City.Settlements.Where(s => s.Kind == SettlementKind.Formal).Average(s => metric[s.Id]));
        Assert.All(City.Settlements, s => Assert.True(s.Households > 0 && s.Households < s.Population));
    }

    [Fact]
    public void SomeInformalSettlementsHaveReal4GGaps()
    {
        // Footprint at 4G as the analysis builds it (DESIGN §5): coverage polygons and site disks of tech ≥ 4G.
        var utm = City.Model.Utm;
        var parts = City.CoverageAreasMetric().Where(c => c.Tech >= Tech.G4).Select(c => c.Geometry).ToList();
        foreach (var s in City.Sites.Where(s => s.Site.Tech >= Tech.G4))
        {
            var (x, y) = utm.Project(s.Site.Geometry.X, s.Site.Geometry.Y);
            parts.Add(utm.MetricFactory.CreatePoint(new Coordinate(x, y)).Buffer(s.Site.RangeM!.Value, 16));
        }
        var footprint = CascadedPolygonUnion.Union(parts);
        var gapShares = City.Model.Settlements.Where(s => s.Kind == SettlementKind.Informal)
            .Select(s => s.Metric.Difference(footprint).Area / s.Metric.Area).ToList();
        Assert.True(gapShares.Count(g => g > 0.05) >= 3, string.Join(", ", gapShares.Select(g => g.ToString("0.00"))));
        Assert.Contains(gapShares, g => g > 0.5);
        var formalGaps = City.Model.Settlements.Where(s => s.Kind == SettlementKind.Formal)
            .Select(s => s.Metric.Difference(footprint).Area / s.Metric.Area);
        Assert.True(gapShares.Average() > formalGaps.Average());
    }

    [Fact]
    public void FiveGStaysAwayFromInformalSettlements()
    {
        var informal = City.Settlements.Where(s => s.Kind == SettlementKind.Informal).Select(s => s.Geometry).ToList();
        Assert.Contains(City.Sites, s => s.Site.Tech == Tech.G5);
        Assert.All(City.Sites.Where(s => s.Site.Tech == Tech.G5), s => Assert.DoesNotContain(informal, g => g.Contains(s.Site.Geometry)));
    }

    [Fact]
    public void SpeedTilesHaveBothPeriodsPrivacyFloorCasesAndSlowerInformalAreas()
    {
        var q1 = City.SpeedTiles("2024Q1").ToList();
        var q3 = City.SpeedTiles("2024Q3").ToList();
        Assert.NotEmpty(q1);
        Assert.NotEmpty(q3);
        Assert.All(q1, m => Assert.Equal("2024Q1", m.Period));
        Assert.All(q3, m => Assert.Equal(16, m.Quadkey!.Length));
        Assert.Contains(q1, m => m.Devices < 10 || m.Tests < 20);
        Assert.Contains(q1, m => m.Devices >= 10 && m.Tests >= 20);
        Assert.All(q1, m => Assert.True(m.Devices >= 1 && m.Devices <= m.Tests));

        var byKey = q1.ToDictionary(m => m.Quadkey!);
        var improved = q3.Count(m => byKey.TryGetValue(m.Quadkey!, out var b) && m.DownKbps > b.DownKbps * 1.25);
        Assert.True(improved > 0);

        double MedianIn(SettlementKind kind) => Median(q1.Where(m =>
            City.Settlements.Any(s => s.Kind == kind && s.Geometry.Contains(m.Geometry.Centroid))).Select(m => m.DownKbps!.Value));
        Assert.True(MedianIn(SettlementKind.Informal) < MedianIn(SettlementKind.Formal));
    }

    [Fact]
    public void SitesAndFacilitiesLookLikeTheirSources()
    {
        Assert.All(City.Sites, s => Assert.Contains(s.Site.Operator, SampleCity.Operators));
        Assert.Equal(["GSM", "LTE", "NR", "UMTS"], City.Sites.Select(s => s.Radio).Distinct().Order());
        Assert.All(City.Sites, s => Assert.Equal($"{s.Mcc}-{s.Net:00}", s.Site.Operator));
        Assert.Equal(City.Sites.Count, City.Sites.Select(s => (s.Net, s.Radio, s.Cell)).Distinct().Count());
        Assert.All(City.Sites, s => Assert.True(s.Created <= s.Updated));
        Assert.Contains(City.Facilities, f => f.Kind == "school");
        Assert.Contains(City.Facilities, f => f.Kind == "clinic");
        Assert.Contains(City.Facilities, f => f.Connected == false);
        Assert.All(City.Facilities.Where(f => f.SpeedMbps is not null), f => Assert.True(f.Connected));
    }

    [Fact]
    public void SizesParseFromTheirCommandLineNames()
    {
        Assert.Same(SampleSize.W1, SampleSize.Parse(" W1 "));
        Assert.True(SampleSize.TryParse("small", out var small));
        Assert.Same(SampleSize.Small, small);
        Assert.False(SampleSize.TryParse("huge", out _));
        Assert.Throws<FormatException>(() => SampleSize.Parse("w3"));
        Assert.Equal(["small", "w1", "w1x4", "w2"], SampleSize.Names);
    }

    private static Dictionary<long, double> MetricAreas() =>
        City.Model.Settlements.ToDictionary(s => (long)s.Index + 1, s => s.Metric.Area);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        Assert.NotEmpty(sorted);
        return sorted[sorted.Length / 2];
    }

    private static string Fingerprint(SampleCity city) => string.Join("\n",
        city.Settlements.Select(s => $"{s.Name} {s.Kind} {s.Population} {s.Geometry.AsText()}")
            .Concat(city.Sites.Select(s => $"{s.Site.Operator} {s.Radio} {s.Cell} {s.Site.RangeM} {s.Site.Geometry.AsText()}"))
            .Concat(city.CoverageAreas().Select(c => c.Geometry.AsText()))
            .Concat(city.SpeedTiles("2024Q3").Select(m => $"{m.Quadkey} {m.DownKbps} {m.UpKbps} {m.LatencyMs} {m.Tests} {m.Devices}"))
            .Concat(city.Facilities.Select(f => $"{f.Name} {f.Connected} {f.SpeedMbps} {f.Geometry.AsText()}")));
}
