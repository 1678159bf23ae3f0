using DivideMapper.Core.Domain;
using DivideMapper.Sample;
using NetTopologySuite.Index.Strtree;

namespace DivideMapper.Sample.Tests;

/// <summary>Benchmark workload W1 (DESIGN §9) has the advertised size and stays valid at scale. Not a timing test.</summary>
public class WorkloadW1Tests
{
    private static readonly SampleCity City = SampleCityGenerator.Generate(42, SampleSize.W1);

    [Fact]
    public void W1HasTheCountsOfDesignSection9()
    {
        Assert.Equal(2_000, City.Settlements.Count);
        Assert.Equal(20_000, City.Sites.Count);
        Assert.Equal(20_000, City.CoverageAreasMetric().Count());
        Assert.Equal(200_000, City.SpeedPoints().Count());
        Assert.Equal(SampleCity.Periods, City.SpeedPoints().Take(1_000).Select(m => m.Period).Distinct().Order());
    }

    [Fact]
    public void W1SettlementsAreValidAndDoNotOverlap()
    {
        var tree = new STRtree<Settlement>();
        foreach (var s in City.Settlements) tree.Insert(s.Geometry.EnvelopeInternal, s);
        foreach (var s in City.Settlements)
        {
            Assert.True(s.Geometry.IsValid, s.Name);
            foreach (var other in tree.Query(s.Geometry.EnvelopeInternal))
                Assert.True(other.Id == s.Id || !s.Geometry.Intersects(other.Geometry), $"{s.Name} meets {other.Name}");
        }
        Assert.InRange(City.Settlements.Count(s => s.Kind == SettlementKind.Informal), 1_150, 1_250);
    }
}
