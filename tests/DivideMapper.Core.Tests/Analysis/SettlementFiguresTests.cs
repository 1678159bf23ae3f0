using DivideMapper.Core.Analysis;
using DivideMapper.Core.Domain;
using static DivideMapper.Core.Tests.Fixture;

namespace DivideMapper.Core.Tests.Analysis;

/// <summary>People, facilities, nearest site, problems and output order.</summary>
public class SettlementFiguresTests
{
    private const string Square = "POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0))";
    private const string LeftQuarter = "POLYGON ((-100 -100, 250 -100, 250 1100, -100 1100, -100 -100))";

    [Fact]
    public void GapPopulationSpreadsThePopulationEvenly()
    {
        var r = One(Input(Settlement(1, Square, population: 8000)) with { Coverage = [Coverage(10, Tech.G4, LeftQuarter)] });
        Assert.Equal(6000, r.Row.GapPopulation!.Value, 1e-4);
        Assert.Equal("settlement", r.Explain.Inputs.PopulationSource);
    }

    [Fact]
    public void UnknownPopulationLeavesGapPopulationUnknown()
    {
        var r = One(Input(Settlement(1, Square, population: null)));
        Assert.Null(r.Row.GapPopulation);
        Assert.Equal("none", r.Explain.Inputs.PopulationSource);
    }

    [Fact]
    public void FacilitiesCountInsideAndUnconnectedByTheProfileSchoolThreshold()
    {
        var input = Input(Settlement(1, Square)) with
        {
            Facilities =
            [
                new Facility(1, "school", "A", Connected: false, SpeedMbps: null, GeoPoint(100, 100)),
                new Facility(2, "school", "B", Connected: true, SpeedMbps: 5, GeoPoint(200, 200)),   // below ITU's 20 Mbit/s
                new Facility(3, "clinic", "C", Connected: true, SpeedMbps: 50, GeoPoint(300, 300)),
                new Facility(4, "school", "D", Connected: null, SpeedMbps: null, GeoPoint(400, 400)), // unknown: not counted as unconnected
                new Facility(5, "school", "E", Connected: false, SpeedMbps: null, GeoPoint(2000, 2000)), // outside
            ],
        };
        var r = One(input);
        Assert.Equal((4, 2), (r.Row.Facilities, r.Row.FacilitiesUnconnected));
    }

    [Fact]
    public void NearestSiteIsMeasuredFromTheSettlementEdge()
    {
        var r = One(Input(Settlement(1, Square)) with
        {
            Sites = [Site(1, Tech.G2, 1300, 500, 10), Site(2, Tech.G5, 500, 1800, 10), Site(3, Tech.Fixed, -900, 500, null)],
        });
        Assert.Equal(300, r.Row.NearestSiteM!.Value, 1e-4);
    }

    [Fact]
    public void NearestSiteIsUnknownWithoutSites() => Assert.Null(One(Input(Settlement(1, Square))).Row.NearestSiteM);

    [Fact]
    public void ResultsComeOutOrderedBySettlementId()
    {
        var input = Input(
            Settlement(30, "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"),
            Settlement(10, "POLYGON ((20 0, 30 0, 30 10, 20 10, 20 0))"),
            Settlement(20, "POLYGON ((40 0, 50 0, 50 10, 40 10, 40 0))"));
        Assert.Equal([10L, 20L, 30L], GapAnalyzer.Analyze(input).Settlements.Select(s => s.Row.SettlementId));
    }

    [Fact]
    public void DuplicateSettlementIdsAreRejected()
    {
        var input = Input(Settlement(1, Square), Settlement(1, "POLYGON ((2000 0, 2100 0, 2100 100, 2000 100, 2000 0))"));
        Assert.Throws<ArgumentException>(() => GapAnalyzer.Analyze(input));
    }

    [Fact]
    public void BowTieSettlementIsRepairedAndReported()
    {
        var result = GapAnalyzer.Analyze(Input(Settlement(1, "POLYGON ((0 0, 100 100, 100 0, 0 100, 0 0))")));
        var row = Assert.Single(result.Settlements).Row;
        Assert.Equal(5000, row.AreaM2, 1e-3); // two triangles of 2,500 m²
        Assert.Contains(result.Problems, p => p is { Layer: "settlements", Id: 1, Code: "invalid-geometry-repaired" });
    }

    [Fact]
    public void NonAreaSettlementIsLeftOutAndReported()
    {
        var input = Input(Settlement(1, Square)) with
        {
            Settlements = [Settlement(1, Square), new Settlement(2, "line", SettlementKind.Formal, 10, null, Fixture.Geo("LINESTRING (0 0, 10 10)"))],
        };
        var result = GapAnalyzer.Analyze(input);
        Assert.Equal([1L], result.Settlements.Select(s => s.Row.SettlementId));
        Assert.Contains(result.Problems, p => p is { Layer: "settlements", Id: 2, Code: "not-polygonal" });
    }

    [Fact]
    public void NegativeSiteRangeAddsNoCoverageAndIsReported()
    {
        var result = GapAnalyzer.Analyze(Input(Settlement(1, Square)) with { Sites = [Site(9, Tech.G4, 500, 500, -5)] });
        Assert.Equal(0, result.Settlements[0].Row.CoveredShare4G);
        Assert.Equal(0, result.Settlements[0].Row.NearestSiteM); // still a site for distances
        Assert.Contains(result.Problems, p => p is { Layer: "sites", Id: 9, Code: "invalid-range" });
    }

    [Fact]
    public void ProjectionDefaultsToTheUtmZoneOfTheSettlements()
    {
        var result = GapAnalyzer.Analyze(Input(Settlement(1, Square)) with { Projection = null });
        Assert.Equal(32737, result.Parameters.MetricSrid);
        Assert.Equal(1_000_000, result.Settlements[0].Row.AreaM2, 1e-3);
    }

    [Fact]
    public void ColumnsFollowTheDesignOrderWithSlugs()
    {
        var row = One(Input(Settlement(1, Square))).Row;
        var columns = row.ToColumns();
        Assert.Equal(SettlementRow.ColumnNames, columns.Select(c => c.Key));
        Assert.Equal(27, columns.Count);
        Assert.Equal("informal", columns.Single(c => c.Key == "kind").Value);
        // No coverage data at all: the class rests on the (missing) measurements, not on an unknown coverage.
        Assert.Equal("insufficient_evidence", columns.Single(c => c.Key == "gap_class").Value);
        Assert.Equal("itu-umc-2030", columns.Single(c => c.Key == "profile").Value);
    }

    [Fact]
    public void RunWithoutSettlementsIsEmptyWhenTheCrsIsGiven()
    {
        var result = GapAnalyzer.Analyze(Input());
        Assert.Empty(result.Settlements);
        Assert.Equal(0, result.Summary.Settlements);
        Assert.Null(result.Summary.Population);
    }

    [Fact]
    public void RunWithoutSettlementsOrCrsIsRejected() =>
        Assert.Throws<ArgumentException>(() => GapAnalyzer.Analyze(Input() with { Projection = null }));

    [Fact]
    public void ProfileBuiltInCodeIsValidatedLikeJson()
    {
        var bad = Core.Profiles.ProfileCatalog.Default with { MinDownMbps = 0 };
        var e = Assert.Throws<ArgumentException>(() => GapAnalyzer.Analyze(Input(Settlement(1, Square)) with { Profile = bad }));
        Assert.Contains("$.minDownMbps", e.Message);
    }
}
