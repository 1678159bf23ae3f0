using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;

namespace DivideMapper.Core.Analysis;

/// <summary>Builds <see cref="RunSummary"/>; the definitions are on its parameters.</summary>
internal static class RunSummaryBuilder
{
    public static RunSummary Build(
        RunInputs run, IReadOnlyList<SettlementMeasure> measures, IReadOnlyList<SettlementResult> results, Profile profile, PrivacyFloor floor)
    {
        // People with ≥ 4G coverage, counted like the gap (PopulationModel): the layer's people inside the 4G footprint,
        // or each settlement's population spread evenly over its area.
        var withPopulation = measures.Where(m => m.People.Basis is not null).ToList();
        double? population = withPopulation.Count == 0 ? null : withPopulation.Sum(m => m.People.Basis!.Value);
        double? covered4G = withPopulation.Count == 0 ? null : withPopulation.Sum(m => m.People.CoveredByTech[(int)Tech.G4]!.Value);
        double? covered4GShare = population is > 0 ? covered4G / population : null;

        // Tests at ≥ 10 Mbit/s over the run's measurements, test-weighted; withheld as a whole below the floor.
        long tests = 0, fast = 0, devices = 0;
        foreach (var m in run.Measurements)
        {
            if (m.DownKbps is not { } down || !double.IsFinite(down) || m.Tests <= 0) continue;
            tests += m.Tests;
            devices += m.Devices;
            if (down >= GapAnalyzer.TestKpiMbps * 1000) fast += m.Tests;
        }
        bool testsSuppressed = floor.Withholds(devices, tests);
        double? fastShare = testsSuppressed || tests == 0 ? null : (double)fast / tests;

        // Schools at ≥ 20 Mbit/s among schools with a known speed.
        var schools = run.Facilities.Where(f => f.SpeedMbps is { } v && double.IsFinite(v)
                                                && string.Equals(f.Kind?.Trim(), "school", StringComparison.OrdinalIgnoreCase)).ToList();
        int schoolsFast = schools.Count(f => f.SpeedMbps >= GapAnalyzer.SchoolKpiMbps);
        double? schoolsShare = schools.Count == 0 ? null : (double)schoolsFast / schools.Count;

        var classCounts = GapClasses.All.ToDictionary(c => c.ToSlug(), c => results.Count(r => r.Row.GapClass == c));
        double? gapPopulation = withPopulation.Count == 0 ? null : withPopulation.Sum(m => m.GapPopulation!.Value);

        return new RunSummary(measures.Count, population, covered4G, covered4GShare, tests, fast, fastShare, testsSuppressed,
            schools.Count, schoolsFast, schoolsShare, Divide(run, measures, profile, floor), classCounts,
            measures.Sum(m => m.GapAreaM2), gapPopulation)
        {
            SettlementsWithoutPopulation = measures.Count - withPopulation.Count,
        };
    }

    private static DivideIndex Divide(RunInputs run, IReadOnlyList<SettlementMeasure> measures, Profile profile, PrivacyFloor floor)
    {
        var (informalShare, informalSpeed, informalSuppressed) = Group(run, measures, SettlementKind.Informal, floor);
        var (formalShare, formalSpeed, formalSuppressed) = Group(run, measures, SettlementKind.Formal, floor);
        return new DivideIndex(profile.TargetTech.ToLabel(),
            informalShare, formalShare, Ratio(informalShare, formalShare),
            informalSpeed, formalSpeed, Ratio(informalSpeed, formalSpeed),
            informalSuppressed, formalSuppressed);
    }

    private static (double? CoveredShare, double? MedianDownMbps, bool Suppressed) Group(
        RunInputs run, IReadOnlyList<SettlementMeasure> measures, SettlementKind kind, PrivacyFloor floor)
    {
        var group = measures.Where(m => m.Settlement.Source.Kind == kind).ToList();
        var weighted = group.Where(m => m.People.Basis is not null).ToList();
        double population = weighted.Sum(m => m.People.Basis!.Value);
        double? share = population > 0 ? weighted.Sum(m => m.People.CoveredByTech[(int)m.Target]!.Value) / population : null;

        // Pool the distinct measurements touching any settlement of the group (a tile on a border counts once).
        var pooled = new SortedSet<int>(group.SelectMany(m => m.Stats.Indices));
        var stats = MeasurementStats.Of(run.Measurements, [.. pooled]);
        bool suppressed = floor.Withholds(stats.Devices, stats.Tests);
        return (share, suppressed ? null : stats.DownMbps, suppressed);
    }

    private static double? Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? x / y : null;
}
