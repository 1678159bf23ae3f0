using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;

namespace DivideMapper.Core.Analysis;

/// <summary>Builds <see cref="RunSummary"/>; the definitions are on its parameters.</summary>
internal static class RunSummaryBuilder
{
    public static RunSummary Build(
        RunInputs run, IReadOnlyList<SettlementMeasure> measures, IReadOnlyList<SettlementResult> results, Profile profile, PrivacyFloor floor)
    {
        // People with ≥ 4G coverage: each settlement's population spread evenly over its area.
        var withPopulation = measures.Where(m => m.Settlement.Population is not null).ToList();
        double? population = withPopulation.Count == 0 ? null : withPopulation.Sum(m => m.Settlement.Population!.Value);
        double? covered4G = withPopulation.Count == 0 ? null : withPopulation.Sum(m => m.Settlement.Population!.Value * m.CoveredShare(Tech.G4));
        double? covered4GShare = population is > 0 ? covered4G / population : null;

        // Tests at ≥ 10 Mbit/s inside settlements, weighted as in the rows (a tile split between settlements counts its
        // share in each, so nothing is counted twice); withheld as a whole — share, numerator and denominator — below the floor.
        double tests = 0, fast = 0, devices = 0;
        foreach (var m in measures)
            foreach (var share in m.Stats.Shares)
            {
                var measurement = run.Measurements[share.Index];
                if (measurement.DownKbps is not { } down || !double.IsFinite(down) || measurement.Tests <= 0) continue;
                tests += measurement.Tests * share.Share;
                devices += measurement.Devices * share.Share;
                if (down >= GapAnalyzer.TestKpiMbps * 1000) fast += measurement.Tests * share.Share;
            }
        long testCount = MeasurementStats.Floor(tests), fastCount = MeasurementStats.Floor(fast);
        bool testsSuppressed = floor.Withholds(MeasurementStats.Floor(devices), testCount);
        double? fastShare = testsSuppressed || testCount == 0 ? null : Math.Clamp(fast / tests, 0, 1);

        // Schools at ≥ 20 Mbit/s among schools with a known speed ("Primary School", "shule", "école" are schools).
        var schools = run.Facilities.Where(f => f.SpeedMbps is { } v && double.IsFinite(v)
                                                && FacilityKinds.Normalize(f.Kind) == FacilityKinds.School).ToList();
        int schoolsFast = schools.Count(f => f.SpeedMbps >= GapAnalyzer.SchoolKpiMbps);
        double? schoolsShare = schools.Count == 0 ? null : (double)schoolsFast / schools.Count;

        var classCounts = GapClasses.All.ToDictionary(c => c.ToSlug(), c => results.Count(r => r.Row.GapClass == c));
        double? gapPopulation = withPopulation.Count == 0 ? null : withPopulation.Sum(m => m.GapPopulation!.Value);

        return new RunSummary(measures.Count, measures.Count - withPopulation.Count, population, covered4G, covered4GShare,
            run.Selection.Network.ToSlug(), run.Selection.Period,
            testsSuppressed ? null : testCount, testsSuppressed ? null : fastCount, fastShare, testsSuppressed,
            schools.Count, schoolsFast, schoolsShare, Divide(run, measures, profile, floor), classCounts,
            measures.Sum(m => m.GapAreaM2), gapPopulation, run.HasCoverageData);
    }

    private static DivideIndex Divide(RunInputs run, IReadOnlyList<SettlementMeasure> measures, Profile profile, PrivacyFloor floor)
    {
        bool hasInformal = measures.Any(m => m.Settlement.Source.Kind == SettlementKind.Informal);
        bool hasFormal = measures.Any(m => m.Settlement.Source.Kind == SettlementKind.Formal);
        string? notComputable = (hasInformal, hasFormal) switch
        {
            (false, false) => "no_settlement_kinds",
            (false, true) => "no_informal_settlements",
            (true, false) => "no_formal_settlements",
            _ => null,
        };
        var (informalShare, informalSpeed, informalSuppressed) = hasInformal ? Group(run, measures, SettlementKind.Informal, floor) : (null, null, false);
        var (formalShare, formalSpeed, formalSuppressed) = hasFormal ? Group(run, measures, SettlementKind.Formal, floor) : (null, null, false);
        return new DivideIndex(profile.TargetTech.ToLabel(), notComputable,
            informalShare, formalShare, Ratio(informalShare, formalShare),
            informalSpeed, formalSpeed, Ratio(informalSpeed, formalSpeed),
            informalSuppressed, formalSuppressed);
    }

    private static (double? CoveredShare, double? MedianDownMbps, bool Suppressed) Group(
        RunInputs run, IReadOnlyList<SettlementMeasure> measures, SettlementKind kind, PrivacyFloor floor)
    {
        var group = measures.Where(m => m.Settlement.Source.Kind == kind).ToList();
        var weighted = group.Where(m => m.Settlement.Population is not null).ToList();
        double population = weighted.Sum(m => m.Settlement.Population!.Value);
        double? share = population > 0 ? weighted.Sum(m => m.Settlement.Population!.Value * m.CoveredShareAtTarget) / population : null;

        // Pool the group's measurement shares: a tile on the border of two settlements of the group counts with both
        // shares (together at most its whole tests), as in the rows.
        var pooled = group.SelectMany(m => m.Stats.Shares).ToList();
        var stats = MeasurementStats.Of(run.Measurements, pooled);
        bool suppressed = floor.Withholds(stats.Devices, stats.Tests);
        return (share, suppressed ? null : stats.DownMbps, suppressed);
    }

    private static double? Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? x / y : null;
}
