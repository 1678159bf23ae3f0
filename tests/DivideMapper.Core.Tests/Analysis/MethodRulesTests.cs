using DivideMapper.Core.Analysis;
using DivideMapper.Core.Comparison;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;
using static DivideMapper.Core.Tests.Fixture;

namespace DivideMapper.Core.Tests.Analysis;

/// <summary>The rules of method 2: one network, one period, explain by id, honest edge cases.</summary>
public class MethodRulesTests
{
    private const string Square = "POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0))";
    private const string Everywhere = "POLYGON ((-100 -100, 1100 -100, 1100 1100, -100 1100, -100 -100))";

    private static Measurement Test(long id, double downMbps, int tests, int devices, Network network, string? period = "2024Q1") =>
        Point(id, 500, 500, downMbps, tests, devices, period: period) with { Network = network };

    private static AnalysisInput Covered(Profile profile, params Measurement[] measurements) => Input(Settlement(1, Square, population: 2000)) with
    {
        Coverage = [Coverage(10, Tech.G4, Everywhere), Coverage(11, Tech.Fixed, Everywhere)],
        Measurements = measurements,
        Profile = profile,
    };

    [Fact]
    public void AMobileProfileJudgesMobileTestsAndAFixedProfileFixedOnes()
    {
        var tests = new[] { Test(1, 3, 40, 20, Network.Mobile), Test(2, 300, 40, 20, Network.Fixed) };
        var mobile = GapAnalyzer.Analyze(Covered(ProfileCatalog.Find("giga-20")!, tests));
        var fixedRun = GapAnalyzer.Analyze(Covered(ProfileCatalog.Find("fcc-100-20")!, tests));
        Assert.Equal(3, mobile.Settlements[0].Row.MedianDownMbps);
        Assert.Equal(300, fixedRun.Settlements[0].Row.MedianDownMbps);
        Assert.Contains(mobile.Problems, p => p.Code == "measurement-other-network");
        Assert.Equal(("mobile", "fixed"), (mobile.Parameters.Network, fixedRun.Parameters.Network));
    }

    [Fact]
    public void UnknownNetworkIsAssumedOnlyWhenNoMeasurementNamesOne()
    {
        var assumed = GapAnalyzer.Analyze(Covered(ProfileCatalog.Find("giga-20")!, Test(1, 30, 40, 20, Network.Unknown)));
        Assert.Equal(30, assumed.Settlements[0].Row.MedianDownMbps);
        Assert.Contains(assumed.Problems, p => p.Code == "measurement-network-assumed");

        var ignored = GapAnalyzer.Analyze(Covered(ProfileCatalog.Find("giga-20")!,
            Test(1, 30, 40, 20, Network.Unknown), Test(2, 3, 40, 20, Network.Mobile)));
        Assert.Equal(3, ignored.Settlements[0].Row.MedianDownMbps);
        Assert.Contains(ignored.Problems, p => p.Code == "measurement-network-unknown");
    }

    [Fact]
    public void ARunAnalysesTheLatestPeriodAndNeverPoolsPeriods()
    {
        var profile = ProfileCatalog.Find("giga-20")!;
        var tests = new[] { Test(1, 5, 30, 12, Network.Mobile, "2024Q1"), Test(2, 50, 30, 12, Network.Mobile, "2024Q3") };
        var latest = GapAnalyzer.Analyze(Covered(profile, tests));
        Assert.Equal(("2024Q3", 50.0, 30L), (latest.Parameters.Period, latest.Settlements[0].Row.MedianDownMbps!.Value, latest.Settlements[0].Row.Tests!.Value));
        Assert.Equal("2024Q3", latest.Settlements[0].Row.Period);
        var baseline = GapAnalyzer.Analyze(Covered(profile, tests) with { Period = "2024Q1" });
        Assert.Equal(5, baseline.Settlements[0].Row.MedianDownMbps);
        // Devices are never summed across quarters: 12 devices each, not 24.
        Assert.Equal(12L, baseline.Settlements[0].Row.Devices);
    }

    [Fact]
    public void FixedBroadbandIsNeverCountedAsFourGInTheKpi()
    {
        var input = Input(Settlement(1, Square, population: 1000)) with { Coverage = [Coverage(11, Tech.Fixed, Everywhere)] };
        var result = GapAnalyzer.Analyze(input);
        Assert.Equal(0, result.Summary.PopulationCovered4G);
        Assert.Equal(1, result.Settlements[0].Row.CoveredShareFixed);
    }

    [Fact]
    public void ExplainNamesThePiecesOperatorsAndNearestSiteById()
    {
        var input = Input(Settlement(1, Square)) with
        {
            Coverage =
            [
                new CoverageArea(10, "639-02", Tech.G4, Fixture.Geo("POLYGON ((-100 -100, 600 -100, 600 1100, -100 1100, -100 -100))")),
                new CoverageArea(11, "639-03", Tech.G4, Fixture.Geo("POLYGON ((400 -100, 1100 -100, 1100 1100, 400 1100, 400 -100))")),
            ],
            Sites = [new CellSite(77, "639-07", Tech.G2, 50, GeoPoint(2000, 500))],
        };
        var inputs = One(input).Explain.Inputs;
        Assert.Contains(new ExplainPiece("coverage", 10, "639-02", "4G"), inputs.Pieces);
        Assert.Contains(new ExplainPiece("coverage", 11, "639-03", "4G"), inputs.Pieces);
        Assert.Equal(0.6, inputs.OperatorCoveredShares["639-02"], 6);
        Assert.Equal(0.6, inputs.OperatorCoveredShares["639-03"], 6);
        Assert.Equal(77L, inputs.NearestSiteId);
    }

    [Fact]
    public void AnOperatorsShareCountsItsOverlappingPiecesOnceAndOnlyAtOrAboveTheTarget()
    {
        // Target 4G. 639-02: a 5G strip x 0–300 and a 4G strip x 200–500 overlapping it (union x 0–500, 0.5), a 4G piece
        // inside the 5G strip (adds nothing), and a 3G strip x 500–1000 that does not serve 4G. 639-03: x 800–1100 (0.2).
        static CoverageArea Strip(long id, string op, Tech tech, double x0, double x1, double y0 = -100, double y1 = 1100) =>
            new(id, op, tech, Fixture.Geo(FormattableString.Invariant($"POLYGON (({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))")));
        var input = Input(Settlement(1, Square)) with
        {
            Coverage =
            [
                Strip(10, "639-02", Tech.G5, -100, 300),
                Strip(11, "639-02", Tech.G4, 200, 500),
                Strip(12, "639-02", Tech.G4, 50, 250, 100, 900),
                Strip(13, "639-02", Tech.G3, 500, 1100),
                Strip(20, "639-03", Tech.G4, 800, 1100),
            ],
        };
        var shares = One(input).Explain.Inputs.OperatorCoveredShares;
        Assert.Equal(0.5, shares["639-02"], 9);
        Assert.Equal(0.2, shares["639-03"], 9);
    }

    [Fact]
    public void TheDecidingRuleComesAsACodeWithValues()
    {
        var r = One(Input(Settlement(1, Square)) with { Coverage = [Coverage(10, Tech.G4, "POLYGON ((-100 -100, 300 -100, 300 1100, -100 1100, -100 -100))")] });
        Assert.Equal("coverage_below_minimum", r.Explain.Rule);
        Assert.Equal("4G", r.Explain.RuleValues["tech"]);
        Assert.Equal(0.3, (double)r.Explain.RuleValues["coveredShare"]!, 6);
        Assert.Equal(0.5, r.Explain.RuleValues["minCoveredShare"]);
    }

    [Fact]
    public void WithoutCoverageDataClassesRestOnMeasurements()
    {
        var result = GapAnalyzer.Analyze(Input(Settlement(1, Square)) with
        {
            Measurements = [Test(1, 50, 40, 20, Network.Mobile)],
            Profile = ProfileCatalog.Find("giga-20")!,
        });
        Assert.Contains(result.Problems, p => p.Code == "no-coverage-data");
        Assert.Equal(GapClass.Served, result.Settlements[0].Row.GapClass);
        Assert.False(result.Summary.HasCoverageData);
    }

    [Fact]
    public void NoFormalSettlementsMakesTheDivideIndexNotComputableNotWithheld()
    {
        var divide = GapAnalyzer.Analyze(Input(Settlement(1, Square, population: 10))).Summary.Divide;
        Assert.Equal("no_formal_settlements", divide.NotComputable);
        Assert.False(divide.FormalSpeedSuppressed);
        Assert.Null(divide.CoverageRatio);
    }

    [Fact]
    public void SettlementsWithoutPopulationAreCountedInTheSummary()
    {
        var summary = GapAnalyzer.Analyze(Input(Settlement(1, Square, population: 10),
            Settlement(2, "POLYGON ((2000 0, 3000 0, 3000 1000, 2000 1000, 2000 0))"))).Summary;
        Assert.Equal((2, 1, 10.0), (summary.Settlements, summary.SettlementsWithoutPopulation, summary.Population!.Value));
    }

    [Theory]
    [InlineData("school", "school")]
    [InlineData("Primary School", "school")]
    [InlineData("shule ya msingi", "school")]
    [InlineData("École primaire", "school")]
    [InlineData("lycée", "school")]
    [InlineData("Health Centre", "clinic")]
    [InlineData("zahanati", "clinic")]
    [InlineData("centre de santé", "clinic")]
    [InlineData("Hospitali", "hospital")]
    [InlineData("bibliothèque", "library")]
    [InlineData("kiosk", "other")]
    [InlineData(null, "other")]
    public void FacilityKindsAreNormalised(string? kind, string expected) => Assert.Equal(expected, FacilityKinds.Normalize(kind));

    [Theory]
    [InlineData("2024-01-01_performance_mobile_tiles.parquet", Network.Mobile)]
    [InlineData("gps_fixed_tiles.csv", Network.Fixed)]
    [InlineData("speed_tiles_2024q1.csv", Network.Unknown)]
    [InlineData("fixed_and_mobile.csv", Network.Unknown)]
    public void OoklaFileNamesNameTheirNetwork(string file, Network expected) => Assert.Equal(expected, Networks.FromFileName(file));

    private static SettlementRow Row(double score, string profile = "giga-20") => new(1, "S1", SettlementKind.Informal, 1000, 100, 1, 1, 1, 0, 0,
        0, 0, 0, 5, null, null, 40, 12, false, null, 0, 0, GapClass.CoveredSlow, score, 1, profile, "2024Q1");

    [Fact]
    public void ComparisonsFlagRunsThatAreNotLikeForLikeAndDropScoreDeltas()
    {
        var a = new RunIdentity("giga-20", 2, "2", 10, 20, "2024Q1", "mobile");
        var same = RunComparer.Compare([Row(10)], [Row(20)], a, a with { Period = "2024Q3" });
        Assert.Empty(same.Summary.Caveats);
        Assert.Equal(10, same.Settlements[0].GapScoreDelta);

        var other = RunComparer.Compare([Row(10)], [Row(20)], a, a with { MethodVersion = "1", MinDevices = 5 });
        Assert.Equal(["method-versions-differ", "privacy-floors-differ"], other.Summary.Caveats);
        Assert.Null(other.Settlements[0].GapScoreDelta);

        var networks = RunComparer.Compare([Row(10)], [Row(10)], a, a with { Network = "fixed" });
        Assert.Contains("networks-differ", networks.Summary.Caveats);
        Assert.Null(networks.Settlements[0].MedianDownMbpsDelta);
    }

    [Fact]
    public void EveryBuiltInProfileStatesItsNetworkAndWhatWasVerified()
    {
        foreach (var p in ProfileCatalog.BuiltIn)
        {
            Assert.NotNull(p.Network);
            Assert.False(string.IsNullOrWhiteSpace(p.Source.Verified), p.Id);
        }
        Assert.All(new[] { "fcc-25-3", "fcc-100-20", "bead-100-20", "itu-umc-2030" }, id => Assert.Equal(Network.Fixed, ProfileCatalog.Find(id)!.JudgedNetwork));
        Assert.Equal("fcc-100-20", ProfileCatalog.Find("fcc-25-3")!.SupersededBy);
        var fcc2024 = ProfileCatalog.Find("fcc-100-20")!;
        Assert.Equal((Tech.Fixed, 100.0, 20.0), (fcc2024.TargetTech, fcc2024.MinDownMbps, fcc2024.MinUpMbps!.Value));
    }
}
