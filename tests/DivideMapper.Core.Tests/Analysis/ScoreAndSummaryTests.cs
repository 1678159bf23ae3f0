using DivideMapper.Core.Analysis;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;
using static DivideMapper.Core.Tests.Fixture;

namespace DivideMapper.Core.Tests.Analysis;

/// <summary>Gap score, rank and the run summary on a five-settlement town.</summary>
public class ScoreAndSummaryTests
{
    // S1 uncovered; S2–S4 fully covered by 4G; S5 60% covered. S2 slow, S3 fast, S4 and S5 unmeasured.
    private static AnalysisInput Town() => Input(
            Settlement(1, Box(0), population: 1000, kind: SettlementKind.Informal),
            Settlement(2, Box(2000), population: 2000, kind: SettlementKind.Informal),
            Settlement(3, Box(4000), population: 3000, kind: SettlementKind.Formal),
            Settlement(4, Box(6000), population: 4000, kind: SettlementKind.Formal),
            Settlement(5, Box(8000), population: 500, kind: SettlementKind.Informal)) with
        {
            Coverage =
            [
                Coverage(10, Tech.G4, "POLYGON ((1900 -100, 7100 -100, 7100 1100, 1900 1100, 1900 -100))"),
                Coverage(11, Tech.G4, "POLYGON ((7900 -100, 8600 -100, 8600 1100, 7900 1100, 7900 -100))"),
            ],
            Measurements =
            [
                Point(1, 2500, 500, downMbps: 5, tests: 30, devices: 12),
                Point(2, 4500, 500, downMbps: 50, tests: 30, devices: 12),
                Point(3, 5000, 5000, downMbps: 20, tests: 40, devices: 20), // in no settlement
            ],
            Facilities =
            [
                new Facility(1, "School", "fast", true, 25, GeoPoint(2100, 100)),
                new Facility(2, "school", "slow", true, 10, GeoPoint(4100, 100)),
                new Facility(3, "school", "unknown", null, null, GeoPoint(100, 100)),
                new Facility(4, "clinic", "fast clinic", true, 100, GeoPoint(200, 100)),
            ],
        };

    private static string Box(double x0) => $"POLYGON (({x0} 0, {x0 + 1000} 0, {x0 + 1000} 1000, {x0} 1000, {x0} 0))";

    [Fact]
    public void ScoresFollowTheDocumentedWeights()
    {
        var rows = GapAnalyzer.Analyze(Town()).Settlements.ToDictionary(s => s.Row.SettlementId);
        Assert.Equal(53, rows[1].Row.GapScore);  // 100·(0.5·1 + 0.3·1000/10000): people against the fixed 10,000 reference
        Assert.Equal(10, rows[2].Row.GapScore);  // 100·0.2·(1 − 5/10)
        Assert.Equal(0, rows[3].Row.GapScore);
        Assert.Equal(0, rows[4].Row.GapScore);
        Assert.Equal(20.6, rows[5].Row.GapScore);  // 100·(0.5·0.4 + 0.3·200/10000)
        var s5 = rows[5].Explain.Score;
        Assert.Equal((0.4, 0.02, 0.0), (Math.Round(s5.GapShare, 9), Math.Round(s5.People, 9), s5.SpeedShortfall));
    }

    [Fact]
    public void RankOneIsTheWorstAndTiesGoByIdAscending()
    {
        var rows = GapAnalyzer.Analyze(Town()).Settlements.ToDictionary(s => s.Row.SettlementId, s => s.Row.Rank);
        Assert.Equal([1, 3, 4, 5, 2], new[] { rows[1], rows[2], rows[3], rows[4], rows[5] });
    }

    [Fact]
    public void ClassesOfTheTown()
    {
        var classes = GapAnalyzer.Analyze(Town()).Settlements.Select(s => s.Row.GapClass).ToArray();
        Assert.Equal([GapClass.NoCoverage, GapClass.CoveredSlow, GapClass.Served, GapClass.InsufficientEvidence, GapClass.InsufficientEvidence], classes);
    }

    [Fact]
    public void ProfileWeightsChangeTheScore()
    {
        var input = Town() with { Profile = ProfileCatalog.Default with { Id = "gap-only", Weights = new ScoreWeights(2, 0, 0) } };
        var rows = GapAnalyzer.Analyze(input).Settlements.ToDictionary(s => s.Row.SettlementId);
        Assert.Equal((100.0, 0.0, 40.0), (rows[1].Row.GapScore, rows[2].Row.GapScore, rows[5].Row.GapScore));
        Assert.Equal("gap-only", rows[1].Row.Profile);
    }

    [Fact]
    public void SummaryCountsPeopleWithFourGCoverage()
    {
        var summary = GapAnalyzer.Analyze(Town()).Summary;
        Assert.Equal(5, summary.Settlements);
        Assert.Equal(10_500, summary.Population);
        Assert.Equal(9_300, summary.PopulationCovered4G!.Value, 1e-4);
        Assert.Equal(9_300 / 10_500.0, summary.PopulationCovered4GShare!.Value, 9);
        Assert.Equal(1_200, summary.GapPopulation!.Value, 1e-4);
    }

    [Fact]
    public void SummaryShareOfTestsAtTenMbpsCountsTestsInsideSettlements()
    {
        var summary = GapAnalyzer.Analyze(Town()).Summary;
        // The 40 tests at 20 Mbit/s lie in no settlement: the KPI is about the settlements.
        Assert.Equal((60L, 30L, false), (summary.Tests, summary.TestsAtLeastKpiSpeed, summary.TestsSuppressed));
        Assert.Equal(0.5, summary.TestsAtLeastKpiSpeedShare);
    }

    [Fact]
    public void SummaryTestShareIsWithheldBelowThePrivacyFloor()
    {
        var summary = GapAnalyzer.Analyze(Town() with { PrivacyFloor = new PrivacyFloor(MinDevices: 45) }).Summary;
        Assert.True(summary.TestsSuppressed);
        // The share goes with its numerator and denominator (DESIGN §6): none of the three is published.
        Assert.Equal((null, null, null), (summary.TestsAtLeastKpiSpeedShare, summary.Tests, summary.TestsAtLeastKpiSpeed));
    }

    [Fact]
    public void SummaryCountsSchoolsWithKnownSpeedsAtTwentyMbps()
    {
        var summary = GapAnalyzer.Analyze(Town()).Summary;
        Assert.Equal((2, 1, 0.5), (summary.SchoolsWithKnownSpeed, summary.SchoolsAtLeastKpiSpeed, summary.SchoolsAtLeastKpiSpeedShare!.Value));
    }

    [Fact]
    public void DivideIndexComparesInformalWithFormalSettlements()
    {
        var divide = GapAnalyzer.Analyze(Town()).Summary.Divide;
        Assert.Equal("4G", divide.TargetTech);
        Assert.Equal(2300 / 3500.0, divide.InformalCoveredShare!.Value, 9); // (1000·0 + 2000·1 + 500·0.6) / 3500
        Assert.Equal(1.0, divide.FormalCoveredShare!.Value, 9);
        Assert.Equal(2300 / 3500.0, divide.CoverageRatio!.Value, 9);
        Assert.Equal((5.0, 50.0), (divide.InformalMedianDownMbps!.Value, divide.FormalMedianDownMbps!.Value));
        Assert.Equal(0.1, divide.SpeedRatio!.Value, 12);
    }

    [Fact]
    public void SummaryCountsEveryClass()
    {
        var counts = GapAnalyzer.Analyze(Town()).Summary.ClassCounts;
        Assert.Equal(new Dictionary<string, int>
        {
            ["no_coverage"] = 1, ["insufficient_evidence"] = 2, ["covered_slow"] = 1, ["served"] = 1,
        }, counts);
    }

    [Fact]
    public void RepeatedRunsGiveIdenticalResults()
    {
        var a = GapAnalyzer.Analyze(Town());
        var b = GapAnalyzer.Analyze(Town() with { MaxDegreeOfParallelism = 1 });
        Assert.Equal(a.Settlements.Select(s => s.Row), b.Settlements.Select(s => s.Row));
        Assert.All(a.Settlements.Zip(b.Settlements), p => Assert.True(p.First.Gap.EqualsExact(p.Second.Gap)));
    }

    [Fact]
    public void SpeedShortfallTakesTheWorstKnownMedian()
    {
        var bead = ProfileCatalog.Find("bead-100-20")!;
        Assert.Equal(0.5, GapScorer.SpeedShortfall(bead, 50, 20, 100));   // down 50 of 100
        Assert.Equal(0.75, GapScorer.SpeedShortfall(bead, 100, 5, 100));  // up 5 of 20
        Assert.Equal(0.5, GapScorer.SpeedShortfall(bead, 100, 20, 200));  // latency 200 against 100
        Assert.Equal(0, GapScorer.SpeedShortfall(bead, 300, 50, 10));
        Assert.Equal(0, GapScorer.SpeedShortfall(bead, null, null, null));
    }

    [Fact]
    public void ScoreRoundsHalfAwayFromZeroToTwoDecimals()
    {
        var profile = ProfileCatalog.Default with { Weights = new ScoreWeights(1, 0, 0) };
        Assert.Equal(12.35, GapScorer.Score(profile, 0.123456, null, null, null, null).Score);
        Assert.Equal(0.13, GapScorer.Score(profile, 0.00125, null, null, null, null).Score);
    }
}
