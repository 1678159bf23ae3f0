using DivideMapper.Core.Analysis;

namespace DivideMapper.Core.Comparison;

/// <summary>
/// Compares two runs of a project (a baseline and now) settlement by settlement, matched by settlement id
/// (DESIGN §1: "compares this quarter with the baseline").
/// </summary>
public static class RunComparer
{
    /// <summary>
    /// Deltas for every settlement in either run (ordered by id) and the summary. Rows come from storage as
    /// <see cref="SettlementRow"/>s, so no geometry is needed.
    /// </summary>
    /// <exception cref="ArgumentException">A run lists the same settlement id twice.</exception>
    public static RunComparison Compare(IReadOnlyCollection<SettlementRow> baseline, IReadOnlyCollection<SettlementRow> current,
        RunIdentity? baselineRun = null, RunIdentity? currentRun = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        var before = ById(baseline, nameof(baseline));
        var after = ById(current, nameof(current));

        bool profilesDiffer = baseline.Select(r => r.Profile).Concat(current.Select(r => r.Profile)).Distinct(StringComparer.Ordinal).Count() > 1;
        var caveats = Caveats(baselineRun, currentRun, profilesDiffer);
        bool scoresComparable = !caveats.Intersect(["profiles-differ", "profile-versions-differ", "method-versions-differ"]).Any();
        bool mediansComparable = !caveats.Contains("networks-differ");
        var deltas = before.Keys.Union(after.Keys).Order()
            .Select(id => Delta(before.GetValueOrDefault(id), after.GetValueOrDefault(id), scoresComparable, mediansComparable))
            .ToList();

        var matched = deltas.Where(d => d.Status == MatchStatus.Matched).ToList();
        var pairs = matched.Select(d => (Before: before[d.SettlementId], After: after[d.SettlementId])).ToList();
        var peoplePairs = pairs.Where(p => p.Before.GapPopulation is not null && p.After.GapPopulation is not null).ToList();
        double peopleBefore = peoplePairs.Sum(p => p.Before.GapPopulation!.Value);
        double peopleAfter = peoplePairs.Sum(p => p.After.GapPopulation!.Value);

        var summary = new ComparisonSummary(
            matched.Count,
            deltas.Count(d => d.Status == MatchStatus.Added),
            deltas.Count(d => d.Status == MatchStatus.Removed),
            matched.Count(d => d.ClassChange == ClassChange.Improved),
            matched.Count(d => d.ClassChange == ClassChange.Worsened),
            matched.Count(d => d.ClassChange == ClassChange.EvidenceChanged),
            peopleBefore, peopleAfter, peopleAfter - peopleBefore,
            pairs.Sum(p => p.Before.GapAreaM2), pairs.Sum(p => p.After.GapAreaM2),
            matched.Count == 0 ? null : matched.Average(d => d.GapShareDelta!.Value),
            ClassCounts(baseline), ClassCounts(current),
            profilesDiffer, caveats,
            baselineRun?.Period ?? baseline.Select(r => r.Period).FirstOrDefault(),
            currentRun?.Period ?? current.Select(r => r.Period).FirstOrDefault());
        return new RunComparison(deltas, summary);
    }

    private static List<string> Caveats(RunIdentity? a, RunIdentity? b, bool profilesDiffer)
    {
        var caveats = new List<string>();
        if (profilesDiffer || (a is not null && b is not null && a.ProfileId != b.ProfileId)) caveats.Add("profiles-differ");
        if (a is null || b is null) return caveats;
        if (a.ProfileId == b.ProfileId && a.ProfileVersion != b.ProfileVersion) caveats.Add("profile-versions-differ");
        if (a.MethodVersion != b.MethodVersion) caveats.Add("method-versions-differ");
        if (a.MinDevices != b.MinDevices || a.MinTests != b.MinTests) caveats.Add("privacy-floors-differ");
        if (a.Network is not null && b.Network is not null && a.Network != b.Network) caveats.Add("networks-differ");
        return caveats;
    }

    /// <summary>
    /// How the class moved. no_coverage is worst; served is best; covered_slow is between. insufficient_evidence is
    /// covered but unmeasured, so moving between it and covered_slow/served is <see cref="ClassChange.EvidenceChanged"/>,
    /// while leaving or entering no_coverage is still an improvement or a worsening.
    /// </summary>
    public static ClassChange Change(GapClass baseline, GapClass current)
    {
        if (baseline == current) return ClassChange.Unchanged;
        if (baseline == GapClass.NoCoverage) return ClassChange.Improved;
        if (current == GapClass.NoCoverage) return ClassChange.Worsened;
        if (baseline == GapClass.InsufficientEvidence || current == GapClass.InsufficientEvidence) return ClassChange.EvidenceChanged;
        return current == GapClass.Served ? ClassChange.Improved : ClassChange.Worsened;
    }

    private static SettlementDelta Delta(SettlementRow? before, SettlementRow? after, bool scoresComparable, bool mediansComparable)
    {
        if (before is null || after is null)
        {
            var only = (before ?? after)!;
            return new SettlementDelta(only.SettlementId, only.Name, before is null ? MatchStatus.Added : MatchStatus.Removed,
                before?.GapClass, after?.GapClass, ClassChange.Unchanged,
                null, null, null, null, null, null, null, before?.Rank, after?.Rank);
        }
        return new SettlementDelta(after.SettlementId, after.Name, MatchStatus.Matched, before.GapClass, after.GapClass,
            Change(before.GapClass, after.GapClass),
            after.GapShare - before.GapShare,
            Diff(before.GapPopulation, after.GapPopulation),
            after.CoveredShare4G - before.CoveredShare4G,
            // Medians are null below the privacy floor, so a delta never reveals a withheld median.
            mediansComparable ? Diff(before.MedianDownMbps, after.MedianDownMbps) : null,
            mediansComparable ? Diff(before.MedianUpMbps, after.MedianUpMbps) : null,
            mediansComparable ? Diff(before.MedianLatencyMs, after.MedianLatencyMs) : null,
            scoresComparable ? after.GapScore - before.GapScore : null,
            before.Rank, after.Rank);
    }

    private static double? Diff(double? before, double? after) => after - before;

    private static Dictionary<long, SettlementRow> ById(IEnumerable<SettlementRow> rows, string name)
    {
        var map = new Dictionary<long, SettlementRow>();
        foreach (var row in rows)
            if (!map.TryAdd(row.SettlementId, row))
                throw new ArgumentException($"Settlement id {row.SettlementId} appears twice in the {name} run.", name);
        return map;
    }

    private static Dictionary<string, int> ClassCounts(IEnumerable<SettlementRow> rows)
    {
        var counts = GapClasses.All.ToDictionary(c => c.ToSlug(), _ => 0);
        foreach (var row in rows) counts[row.GapClass.ToSlug()]++;
        return counts;
    }
}
