using DivideMapper.Core.Profiles;

namespace DivideMapper.Core.Analysis;

/// <summary>
/// Why a settlement got its numbers and class (DESIGN §5.6), in plain data that serialises to JSON as is.
/// </summary>
/// <param name="Inputs">What the row was computed from.</param>
/// <param name="Rule">Stable code of the rule that decided the class (see <see cref="GapClassifier"/>).</param>
/// <param name="Reason">The rule as a sentence with this settlement's numbers.</param>
/// <param name="Thresholds">The thresholds in effect.</param>
/// <param name="Checks">Each speed/latency threshold against its median.</param>
/// <param name="Score">How <see cref="SettlementRow.GapScore"/> was made.</param>
public sealed record Explain(
    ExplainInputs Inputs,
    string Rule,
    string Reason,
    ExplainThresholds Thresholds,
    IReadOnlyList<ThresholdCheck> Checks,
    ScoreComponents Score)
{
    /// <summary>How this settlement's people were counted: the layer and rule, or the even spread (DESIGN §5.3).</summary>
    public ExplainPeople? People { get; init; }
}

/// <summary>The inputs behind one row.</summary>
/// <param name="TargetTech">Label of the profile's target technology.</param>
/// <param name="CoveredShareAtTarget">area(S ∩ F(T)) / area(S) (for a <c>fixed</c> target this is not one of the 2G–5G columns).</param>
/// <param name="CoveragePieces">Coverage polygons (parts), any tech, that decided part of the footprint: those overlapping
/// what higher-tech and larger pieces had left uncovered (pieces made redundant by them are not counted).</param>
/// <param name="SiteDisks">Site disks counted the same way.</param>
/// <param name="Measurements">Measurements intersecting the settlement (after the period filter).</param>
/// <param name="Tests">Their summed tests.</param>
/// <param name="Devices">Their summed devices.</param>
/// <param name="Facilities">Facilities inside the settlement.</param>
/// <param name="PopulationSource"><c>layer</c> (a population layer, see <see cref="Explain.People"/>), <c>settlement</c>
/// (population spread evenly over the area) or <c>none</c>.</param>
public sealed record ExplainInputs(
    string TargetTech,
    double CoveredShareAtTarget,
    int CoveragePieces,
    int SiteDisks,
    int Measurements,
    long Tests,
    long Devices,
    int Facilities,
    string PopulationSource);

/// <summary>The thresholds a row was judged by.</summary>
public sealed record ExplainThresholds(
    string ProfileId,
    int ProfileVersion,
    string TargetTech,
    double MinCoveredShare,
    double MinDownMbps,
    double? MinUpMbps,
    double? MaxLatencyMs,
    double FacilityMinMbps,
    int MinDevices,
    int MinTests);

/// <summary>One threshold against its median.</summary>
/// <param name="Metric"><c>down_mbps</c>, <c>up_mbps</c> or <c>latency_ms</c>.</param>
/// <param name="Median">The median, or null when withheld or absent.</param>
/// <param name="Threshold">The profile's value.</param>
/// <param name="Comparison"><c>&gt;=</c> (speeds must reach it) or <c>&lt;=</c> (latency must not exceed it).</param>
/// <param name="Outcome"><c>met</c>, <c>missed</c>, <c>withheld</c> (privacy floor) or <c>no_data</c>.</param>
public sealed record ThresholdCheck(string Metric, double? Median, double Threshold, string Comparison, string Outcome);

/// <summary>The parts of the gap score (each 0–1) and the result (0–100); see <see cref="GapScorer"/>.</summary>
public sealed record ScoreComponents(double GapShare, double People, double SpeedShortfall, ScoreWeights Weights, double Score);
