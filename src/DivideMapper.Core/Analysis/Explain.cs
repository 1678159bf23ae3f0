using DivideMapper.Core.Profiles;

namespace DivideMapper.Core.Analysis;

/// <summary>
/// Why a settlement got its numbers and class (DESIGN §5.6), in plain data that serialises to JSON as is. Nothing in
/// it lets a withheld figure be recomputed: below the privacy floor the evidence counts and the list of measurements
/// are null, like the medians.
/// </summary>
/// <param name="Inputs">What the row was computed from, by id.</param>
/// <param name="Rule">Stable code of the rule that decided the class (see <see cref="GapClassifier"/>); the map writes the
/// sentence from it and <paramref name="RuleValues"/> in the reader's language.</param>
/// <param name="RuleValues">The values the rule compared (tech, coveredShare, minCoveredShare, network, metrics).</param>
/// <param name="Reason">The rule as an English sentence with this settlement's numbers.</param>
/// <param name="Thresholds">The thresholds in effect.</param>
/// <param name="Checks">Each speed/latency threshold against its median.</param>
/// <param name="Score">How <see cref="SettlementRow.GapScore"/> was made.</param>
public sealed record Explain(
    ExplainInputs Inputs,
    string Rule,
    IReadOnlyDictionary<string, object?> RuleValues,
    string Reason,
    ExplainThresholds Thresholds,
    IReadOnlyList<ThresholdCheck> Checks,
    ScoreComponents Score);

/// <summary>A footprint piece that decided part of the settlement's coverage.</summary>
/// <param name="Kind"><c>coverage</c> (a coverage row's id) or <c>site</c> (a cell site's id, its disk).</param>
/// <param name="Id">Id of the stored coverage or site row.</param>
/// <param name="Operator">Its operator, or null.</param>
/// <param name="Tech">2G, 3G, 4G, 5G or fixed.</param>
public sealed record ExplainPiece(string Kind, long Id, string? Operator, string Tech);

/// <summary>A measurement the settlement's medians were taken over.</summary>
/// <param name="Id">Id of the stored measurement row.</param>
/// <param name="Quadkey">Its Ookla tile quadkey, or null for a point.</param>
/// <param name="Share">The geometric part of its weight: area(tile ∩ S) / area(tile), 1 for a point; its weight is tests × share.
/// Per-tile tests are not listed (a tile may hold fewer tests than the floor).</param>
public sealed record ExplainMeasurement(long Id, string? Quadkey, double Share);

/// <summary>The inputs behind one row.</summary>
/// <param name="TargetTech">Label of the profile's target technology.</param>
/// <param name="CoveredShareAtTarget">area(S ∩ F(T)) / area(S).</param>
/// <param name="HasCoverageData">False when the run had no coverage evidence at all (<c>no-coverage-data</c>).</param>
/// <param name="CoveragePieces">How many coverage polygons (parts) decided part of any footprint (see <see cref="Pieces"/>).</param>
/// <param name="SiteDisks">Site disks counted the same way.</param>
/// <param name="Pieces">Those pieces by id, with operator and tech.</param>
/// <param name="OperatorCoveredShares">Per operator ("" when unnamed), area(S ∩ F_operator(T)) / area(S).</param>
/// <param name="NearestSiteId">Id of the nearest cell site (any tech), or null without sites.</param>
/// <param name="Network">The network whose measurements were used (the profile's).</param>
/// <param name="Period">The run's measurement period.</param>
/// <param name="Measurements">How many measurements have a share in the settlement; null when withheld.</param>
/// <param name="MeasurementList">Them by id with their share; null when withheld.</param>
/// <param name="Tests">⌊Σ tests × share⌋; null when withheld.</param>
/// <param name="Devices">⌊Σ devices × share⌋; null when withheld.</param>
/// <param name="Facilities">Facilities inside the settlement.</param>
/// <param name="PopulationSource"><c>settlement</c> (population spread evenly over the area) or <c>none</c>.</param>
public sealed record ExplainInputs(
    string TargetTech,
    double CoveredShareAtTarget,
    bool HasCoverageData,
    int CoveragePieces,
    int SiteDisks,
    IReadOnlyList<ExplainPiece> Pieces,
    IReadOnlyDictionary<string, double> OperatorCoveredShares,
    long? NearestSiteId,
    string Network,
    string? Period,
    int? Measurements,
    IReadOnlyList<ExplainMeasurement>? MeasurementList,
    long? Tests,
    long? Devices,
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
