using DivideMapper.Core.Analysis;
using DivideMapper.Core.Comparison;
using DivideMapper.Core.Domain;

namespace DivideMapper.Core.Tests.Comparison;

public class RunComparerTests
{
    private static SettlementRow Row(long id, GapClass gapClass, double gapShare, double? gapPopulation, double? down,
        int rank = 1, string profile = "itu-umc-2030") =>
        new(id, $"S{id}", SettlementKind.Informal, 1000, gapPopulation is null ? null : 10_000, 0.9, 0.8, 1 - gapShare, 0, 0,
            1000 * gapShare, gapShare, gapPopulation, down, null, null, 40, 12, false, 100, 1, 0, gapClass, 50, rank, profile, "2024Q1");

    [Fact]
    public void MatchedSettlementsGetDeltasCurrentMinusBaseline()
    {
        var comparison = RunComparer.Compare(
            [Row(1, GapClass.NoCoverage, 0.8, 800, 3, rank: 1)],
            [Row(1, GapClass.CoveredSlow, 0.3, 300, 7.5, rank: 2)]);
        var d = Assert.Single(comparison.Settlements);
        Assert.Equal(MatchStatus.Matched, d.Status);
        Assert.Equal(ClassChange.Improved, d.ClassChange);
        Assert.Equal(-0.5, d.GapShareDelta!.Value, 12);
        Assert.Equal(-500, d.GapPopulationDelta);
        Assert.Equal(0.5, d.CoveredShare4GDelta!.Value, 12);
        Assert.Equal(4.5, d.MedianDownMbpsDelta);
        Assert.Null(d.MedianUpMbpsDelta); // unknown on both sides
        Assert.Equal((1, 2), (d.BaselineRank!.Value, d.CurrentRank!.Value));
    }

    [Fact]
    public void SettlementsInOnlyOneRunAreAddedOrRemoved()
    {
        var comparison = RunComparer.Compare(
            [Row(1, GapClass.Served, 0, 0, 20), Row(2, GapClass.Served, 0, 0, 20)],
            [Row(2, GapClass.Served, 0, 0, 20), Row(3, GapClass.NoCoverage, 1, 100, null)]);
        Assert.Equal([(1L, MatchStatus.Removed), (2L, MatchStatus.Matched), (3L, MatchStatus.Added)],
            comparison.Settlements.Select(d => (d.SettlementId, d.Status)));
        Assert.Null(comparison.Settlements[0].GapShareDelta);
        Assert.Equal((1, 1, 1), (comparison.Summary.Matched, comparison.Summary.Added, comparison.Summary.Removed));
    }

    [Theory]
    [InlineData(GapClass.NoCoverage, GapClass.InsufficientEvidence, ClassChange.Improved)]
    [InlineData(GapClass.CoveredSlow, GapClass.Served, ClassChange.Improved)]
    [InlineData(GapClass.Served, GapClass.CoveredSlow, ClassChange.Worsened)]
    [InlineData(GapClass.InsufficientEvidence, GapClass.NoCoverage, ClassChange.Worsened)]
    [InlineData(GapClass.CoveredSlow, GapClass.InsufficientEvidence, ClassChange.EvidenceChanged)]
    [InlineData(GapClass.InsufficientEvidence, GapClass.Served, ClassChange.EvidenceChanged)]
    [InlineData(GapClass.Served, GapClass.Served, ClassChange.Unchanged)]
    public void ClassChangesAreJudgedTowardsServed(GapClass before, GapClass after, ClassChange expected) =>
        Assert.Equal(expected, RunComparer.Change(before, after));

    [Fact]
    public void SummaryAddsUpPeopleAndClasses()
    {
        var summary = RunComparer.Compare(
            [Row(1, GapClass.NoCoverage, 1, 1000, null), Row(2, GapClass.CoveredSlow, 0.2, 200, 4), Row(3, GapClass.Served, 0, null, 30)],
            [Row(1, GapClass.CoveredSlow, 0.4, 400, 6), Row(2, GapClass.CoveredSlow, 0.2, 200, 5), Row(3, GapClass.CoveredSlow, 0.1, null, 8)]).Summary;
        Assert.Equal((1, 1, 0), (summary.Improved, summary.Worsened, summary.EvidenceChanged));
        Assert.Equal((1200.0, 600.0, -600.0), (summary.BaselineGapPopulation, summary.CurrentGapPopulation, summary.GapPopulationDelta));
        Assert.Equal(-0.5 / 3, summary.MeanGapShareDelta!.Value, 12);
        Assert.Equal(1, summary.BaselineClassCounts["no_coverage"]);
        Assert.Equal(3, summary.CurrentClassCounts["covered_slow"]);
        Assert.False(summary.ProfilesDiffer);
    }

    [Fact]
    public void DifferentProfilesAreFlagged() =>
        Assert.True(RunComparer.Compare([Row(1, GapClass.Served, 0, 0, 30)], [Row(1, GapClass.Served, 0, 0, 30, profile: "giga-20")]).Summary.ProfilesDiffer);

    [Fact]
    public void DuplicateIdsAreRejected() =>
        Assert.Throws<ArgumentException>(() => RunComparer.Compare([Row(1, GapClass.Served, 0, 0, 30), Row(1, GapClass.Served, 0, 0, 30)], []));
}
