using DivideMapper.Core.Analysis;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;
using static DivideMapper.Core.Tests.Fixture;

namespace DivideMapper.Core.Tests.Analysis;

/// <summary>The class decision order, the privacy floor and the medians behind them.</summary>
public class ClassificationTests
{
    private const string Square = "POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0))";
    private const string Covered = "POLYGON ((-100 -100, 1100 -100, 1100 1100, -100 1100, -100 -100))";
    private const string LeftSixty = "POLYGON ((-100 -100, 600 -100, 600 1100, -100 1100, -100 -100))";
    private const string LeftForty = "POLYGON ((-100 -100, 400 -100, 400 1100, -100 1100, -100 -100))";

    private static AnalysisInput Covering(string coverageWkt, params Measurement[] measurements) =>
        Input(Settlement(1, Square, population: 1000)) with
        {
            Coverage = [Coverage(10, Tech.G4, coverageWkt)],
            Measurements = measurements,
        };

    [Fact]
    public void CoverageBelowTheMinimumIsNoCoverageEvenWhenFast()
    {
        var r = One(Covering(LeftForty, Point(1, 100, 500, downMbps: 90, tests: 100, devices: 50)));
        Assert.Equal(GapClass.NoCoverage, r.Row.GapClass);
        Assert.Equal("coverage_below_minimum", r.Explain.Rule);
        Assert.Contains("4G covers 40%", r.Explain.Reason);
        Assert.Equal(90, r.Row.MedianDownMbps); // the medians are still reported
    }

    [Fact]
    public void CoveredWithoutMeasurementsIsInsufficientEvidence()
    {
        var r = One(Covering(LeftSixty));
        Assert.Equal(GapClass.InsufficientEvidence, r.Row.GapClass);
        Assert.Equal("no_measurements", r.Explain.Rule);
        Assert.Equal((null, null, true), (r.Row.Tests, r.Row.Devices, r.Row.Suppressed));
    }

    [Fact]
    public void NineDevicesAreBelowThePrivacyFloor()
    {
        var r = One(Covering(Covered, Point(1, 100, 500, downMbps: 50, tests: 100, devices: 9)));
        Assert.True(r.Row.Suppressed);
        Assert.Equal((null, null, null), (r.Row.MedianDownMbps, r.Row.MedianUpMbps, r.Row.MedianLatencyMs));
        Assert.Equal(GapClass.InsufficientEvidence, r.Row.GapClass);
        Assert.Equal("below_privacy_floor", r.Explain.Rule);
        Assert.All(r.Explain.Checks, c => Assert.Equal("withheld", c.Outcome));
        // The evidence counts are withheld with the medians (DESIGN §6), in the row and in explain.
        Assert.Equal((null, null), (r.Row.Tests, r.Row.Devices));
        Assert.Equal((null, null, null), (r.Explain.Inputs.Tests, r.Explain.Inputs.Devices, r.Explain.Inputs.Measurements));
        Assert.Null(r.Explain.Inputs.MeasurementList);
    }

    [Fact]
    public void TenDevicesAndTwentyTestsMeetThePrivacyFloor()
    {
        var r = One(Covering(Covered, Point(1, 100, 500, downMbps: 50, tests: 20, devices: 10)));
        Assert.False(r.Row.Suppressed);
        Assert.Equal(50, r.Row.MedianDownMbps);
        Assert.Equal(GapClass.Served, r.Row.GapClass);
    }

    [Fact]
    public void NineteenTestsAreBelowThePrivacyFloor()
    {
        var r = One(Covering(Covered, Point(1, 100, 500, downMbps: 50, tests: 19, devices: 10)));
        Assert.True(r.Row.Suppressed);
        Assert.Equal(GapClass.InsufficientEvidence, r.Row.GapClass);
    }

    [Fact]
    public void ProjectPrivacyFloorIsApplied()
    {
        var r = One(Covering(Covered, Point(1, 100, 500, downMbps: 50, tests: 20, devices: 10)) with { PrivacyFloor = new(MinDevices: 11) });
        Assert.True(r.Row.Suppressed);
    }

    [Fact]
    public void SlowMedianIsCoveredSlow()
    {
        var r = One(Covering(Covered, Point(1, 100, 500, downMbps: 4, tests: 30, devices: 12)));
        Assert.Equal(GapClass.CoveredSlow, r.Row.GapClass);
        Assert.Equal("threshold_missed", r.Explain.Rule);
        var down = Assert.Single(r.Explain.Checks); // ITU UMC sets only a download threshold
        Assert.Equal(("down_mbps", 4.0, 10.0, ">=", "missed"), (down.Metric, down.Median!.Value, down.Threshold, down.Comparison, down.Outcome));
        Assert.Contains("median download 4 Mbit/s is below 10 Mbit/s", r.Explain.Reason);
    }

    [Fact]
    public void MedianEqualToTheThresholdMeetsIt()
    {
        var r = One(Covering(LeftSixty, Point(1, 100, 500, downMbps: 10, tests: 30, devices: 12)));
        Assert.Equal(GapClass.Served, r.Row.GapClass);
        Assert.Equal("thresholds_met", r.Explain.Rule);
    }

    [Fact]
    public void LatencyAboveTheMaximumIsCoveredSlow()
    {
        var profile = Custom(maxLatencyMs: 100);
        var r = One(Covering(Covered, Point(1, 100, 500, downMbps: 50, tests: 30, devices: 12, latencyMs: 140)) with { Profile = profile });
        Assert.Equal(GapClass.CoveredSlow, r.Row.GapClass);
        Assert.Contains(r.Explain.Checks, c => c.Metric == "latency_ms" && c.Outcome == "missed" && c.Comparison == "<=");
    }

    [Fact]
    public void MissingMetricWithAThresholdIsInsufficientEvidence()
    {
        var profile = Custom(maxLatencyMs: 100);
        var r = One(Covering(Covered, Point(1, 100, 500, downMbps: 50, tests: 30, devices: 12, latencyMs: null)) with { Profile = profile });
        Assert.Equal(GapClass.InsufficientEvidence, r.Row.GapClass);
        Assert.Equal("metric_missing", r.Explain.Rule);
        Assert.Null(r.Row.MedianLatencyMs);
    }

    [Fact]
    public void TestWeightedMedianOfSeveralMeasurements()
    {
        var r = One(Covering(Covered,
            Point(1, 100, 100, downMbps: 2.5, tests: 120, devices: 40, upMbps: 1, latencyMs: 90),
            Point(2, 200, 200, downMbps: 50, tests: 40, devices: 10, upMbps: 10, latencyMs: 30),
            Point(3, 300, 300, downMbps: 80, tests: 30, devices: 8, upMbps: 20, latencyMs: 20),
            Point(4, 400, 400, downMbps: 100, tests: 10, devices: 2, upMbps: 30, latencyMs: 10),
            Point(5, 5000, 5000, downMbps: 1, tests: 999, devices: 99))); // outside: not counted
        Assert.Equal((200L, 60L), (r.Row.Tests, r.Row.Devices));
        Assert.Equal(2.5, r.Row.MedianDownMbps);   // 120 of 200 tests are at 2.5 Mbit/s
        Assert.Equal(1, r.Row.MedianUpMbps);
        Assert.Equal(90, r.Row.MedianLatencyMs);
        Assert.Equal(4, r.Explain.Inputs.Measurements);
    }

    [Fact]
    public void TileOverlappingTheBoundaryCountsForTheSettlement()
    {
        // A tile with a ninth of its area inside counts a ninth of its tests and devices.
        var tile = new Measurement(7, "2024Q1", 30_000, 5_000, 30, 270, 99, "1202", Fixture.Geo("POLYGON ((900 900, 1200 900, 1200 1200, 900 1200, 900 900))"));
        var r = One(Covering(Covered) with { Measurements = [tile] });
        Assert.Equal(30, r.Row.MedianDownMbps);
        Assert.Equal((30L, 11L), (r.Row.Tests!.Value, r.Row.Devices!.Value));
        var listed = Assert.Single(r.Explain.Inputs.MeasurementList!);
        Assert.Equal((7L, "1202"), (listed.Id, listed.Quadkey));
        Assert.Equal(1 / 9.0, listed.Share, 9);
    }

    [Fact]
    public void PeriodFilterKeepsOnlyTheChosenPeriods()
    {
        var input = Covering(Covered,
            Point(1, 100, 100, downMbps: 5, tests: 30, devices: 12, period: "2024Q1"),
            Point(2, 200, 200, downMbps: 40, tests: 30, devices: 12, period: "2024Q2"),
            Point(3, 300, 300, downMbps: 40, tests: 30, devices: 12, period: null)) with { Period = "2024Q2" };
        var r = One(input);
        Assert.Equal((30L, 40.0), (r.Row.Tests, r.Row.MedianDownMbps!.Value));
    }

    private static Profile Custom(double? maxLatencyMs) => ProfileCatalog.Default with
    {
        Id = "test-latency",
        MaxLatencyMs = maxLatencyMs,
    };
}
