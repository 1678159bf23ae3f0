using DivideMapper.Core.Analysis;

namespace DivideMapper.Core.Comparison;

/// <summary>Whether a settlement is in both runs or only one.</summary>
public enum MatchStatus
{
    /// <summary>In both runs (same settlement id).</summary>
    Matched,

    /// <summary>Only in the current run.</summary>
    Added,

    /// <summary>Only in the baseline run.</summary>
    Removed,
}

/// <summary>How a settlement's class moved from baseline to now.</summary>
public enum ClassChange
{
    /// <summary>Same class (or not matched).</summary>
    Unchanged,

    /// <summary>Towards served: out of no_coverage, or covered_slow → served.</summary>
    Improved,

    /// <summary>Away from served: into no_coverage, or served → covered_slow.</summary>
    Worsened,

    /// <summary>Into or out of insufficient_evidence between covered classes: the evidence changed, not the service.</summary>
    EvidenceChanged,
}

/// <summary>
/// One settlement's change between a baseline run and the current run. Deltas are current − baseline and null when
/// either side is null or the settlement is not in both runs.
/// </summary>
public sealed record SettlementDelta(
    long SettlementId,
    string Name,
    MatchStatus Status,
    GapClass? BaselineClass,
    GapClass? CurrentClass,
    ClassChange ClassChange,
    double? GapShareDelta,
    double? GapPopulationDelta,
    double? CoveredShare4GDelta,
    double? MedianDownMbpsDelta,
    double? MedianUpMbpsDelta,
    double? MedianLatencyMsDelta,
    double? GapScoreDelta,
    int? BaselineRank,
    int? CurrentRank);

/// <summary>Run-level changes, over matched settlements unless stated.</summary>
/// <param name="Matched">Settlements in both runs.</param>
/// <param name="Added">Settlements only in the current run.</param>
/// <param name="Removed">Settlements only in the baseline.</param>
/// <param name="Improved">Matched settlements whose class improved.</param>
/// <param name="Worsened">Matched settlements whose class worsened.</param>
/// <param name="EvidenceChanged">Matched settlements that moved into or out of insufficient_evidence.</param>
/// <param name="BaselineGapPopulation">Σ gap_population of matched settlements with a known value on both sides, baseline.</param>
/// <param name="CurrentGapPopulation">The same, current.</param>
/// <param name="GapPopulationDelta">Current − baseline.</param>
/// <param name="BaselineGapAreaM2">Σ gap_area_m2 of matched settlements, baseline.</param>
/// <param name="CurrentGapAreaM2">The same, current.</param>
/// <param name="MeanGapShareDelta">Mean of the matched gap_share deltas (null without matches).</param>
/// <param name="BaselineClassCounts">Settlements per class slug over the whole baseline run.</param>
/// <param name="CurrentClassCounts">Settlements per class slug over the whole current run.</param>
/// <param name="ProfilesDiffer">True when the two runs used different profiles: classes and scores are then not like for like.</param>
/// <param name="Caveats">Why the runs are not like for like, as codes: <c>profiles-differ</c>, <c>profile-versions-differ</c>,
/// <c>method-versions-differ</c>, <c>privacy-floors-differ</c>, <c>networks-differ</c>. With any of the first three the gap score
/// deltas are null (scores are comparable only under one method and one profile); with <c>networks-differ</c> the median deltas are.</param>
/// <param name="BaselinePeriod">The baseline run's measurement period.</param>
/// <param name="CurrentPeriod">The current run's measurement period.</param>
public sealed record ComparisonSummary(
    int Matched,
    int Added,
    int Removed,
    int Improved,
    int Worsened,
    int EvidenceChanged,
    double BaselineGapPopulation,
    double CurrentGapPopulation,
    double GapPopulationDelta,
    double BaselineGapAreaM2,
    double CurrentGapAreaM2,
    double? MeanGapShareDelta,
    IReadOnlyDictionary<string, int> BaselineClassCounts,
    IReadOnlyDictionary<string, int> CurrentClassCounts,
    bool ProfilesDiffer,
    IReadOnlyList<string> Caveats,
    string? BaselinePeriod,
    string? CurrentPeriod);

/// <summary>What makes a run's numbers comparable with another's (from the run record).</summary>
/// <param name="ProfileId">Profile id.</param>
/// <param name="ProfileVersion">Profile version.</param>
/// <param name="MethodVersion">Method version (<c>GapAnalyzer.MethodVersion</c>); null for runs that did not record it.</param>
/// <param name="MinDevices">Privacy floor: devices.</param>
/// <param name="MinTests">Privacy floor: tests.</param>
/// <param name="Period">Measurement period.</param>
/// <param name="Network">Network of the measurements judged.</param>
public sealed record RunIdentity(string ProfileId, int ProfileVersion, string? MethodVersion, int MinDevices, int MinTests,
    string? Period, string? Network);

/// <summary>The outcome of <see cref="RunComparer.Compare"/>: per-settlement deltas ordered by settlement id, and the summary.</summary>
public sealed record RunComparison(IReadOnlyList<SettlementDelta> Settlements, ComparisonSummary Summary);
