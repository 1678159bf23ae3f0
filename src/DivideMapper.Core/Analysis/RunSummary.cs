namespace DivideMapper.Core.Analysis;

/// <summary>
/// A run's KPIs in the style of the ITU/UN universal and meaningful connectivity (UMC) indicators, plus the
/// divide index (DESIGN §5.7). Shares are 0–1; null means "cannot be computed" (no data) or "withheld" (privacy
/// floor) — the flags say which. A withheld share goes with its numerator and denominator (DESIGN §6).
/// </summary>
/// <param name="Settlements">Settlements analysed.</param>
/// <param name="SettlementsWithoutPopulation">Of those, settlements without a population: they count in no people figure
/// (population, people with 4G, people in the gap) and are flagged on the map.</param>
/// <param name="Population">Summed population of settlements with a known population.</param>
/// <param name="PopulationCovered4G">Σ population × covered_share_4g (mobile 4G or 5G; fixed broadband never counts): people with ≥ 4G coverage.</param>
/// <param name="PopulationCovered4GShare"><see cref="PopulationCovered4G"/> / <see cref="Population"/>.</param>
/// <param name="Network">The network of the measurements judged (the profile's).</param>
/// <param name="Period">The measurement period analysed.</param>
/// <param name="Tests">Tests with a known download inside settlements: Σ over settlements of ⌊Σ tests × share⌋ as in the
/// rows; null when withheld (<see cref="TestsSuppressed"/>).</param>
/// <param name="TestsAtLeastKpiSpeed">Of those, tests in measurements whose download is ≥ <see cref="AnalysisParameters.TestKpiMbps"/>; null when withheld.</param>
/// <param name="TestsAtLeastKpiSpeedShare">Their share; null when withheld or no tests.</param>
/// <param name="TestsSuppressed">True when the tests inside settlements as a whole fall below the privacy floor.</param>
/// <param name="SchoolsWithKnownSpeed">Facilities whose kind normalises to <c>school</c> (<see cref="Domain.FacilityKinds"/>), anywhere in the input, with a known speed.</param>
/// <param name="SchoolsAtLeastKpiSpeed">Of those, schools at ≥ <see cref="AnalysisParameters.SchoolKpiMbps"/> (20 Mbit/s).</param>
/// <param name="SchoolsAtLeastKpiSpeedShare">Their share, null when no school has a known speed.</param>
/// <param name="Divide">Informal versus formal settlements.</param>
/// <param name="ClassCounts">Settlements per class slug (all four slugs present).</param>
/// <param name="GapAreaM2">Summed gap area.</param>
/// <param name="GapPopulation">Summed gap population of settlements with a known population (null when none).</param>
/// <param name="HasCoverageData">False when the run had no coverage evidence (<c>no-coverage-data</c>): gap figures then
/// describe missing evidence, and classes rest on measurements alone.</param>
public sealed record RunSummary(
    int Settlements,
    int SettlementsWithoutPopulation,
    double? Population,
    double? PopulationCovered4G,
    double? PopulationCovered4GShare,
    string Network,
    string? Period,
    long? Tests,
    long? TestsAtLeastKpiSpeed,
    double? TestsAtLeastKpiSpeedShare,
    bool TestsSuppressed,
    int SchoolsWithKnownSpeed,
    int SchoolsAtLeastKpiSpeed,
    double? SchoolsAtLeastKpiSpeedShare,
    DivideIndex Divide,
    IReadOnlyDictionary<string, int> ClassCounts,
    double GapAreaM2,
    double? GapPopulation,
    bool HasCoverageData);

/// <summary>
/// The divide index: how informal settlements fare against formal ones at the profile's target technology.
/// Ratios below 1 mean informal settlements are worse off. "Not computable" (a group is missing) is not "withheld"
/// (the privacy floor): <see cref="NotComputable"/> says the one, the Suppressed flags the other.
/// </summary>
/// <param name="TargetTech">Label of the target technology T.</param>
/// <param name="NotComputable">Null when both groups exist; else <c>no_informal_settlements</c>, <c>no_formal_settlements</c> or
/// <c>no_settlement_kinds</c> (neither exists), and every figure of the missing group is null.</param>
/// <param name="InformalCoveredShare">Population-weighted covered share at T over informal settlements with a known population: Σ pop·share / Σ pop.</param>
/// <param name="FormalCoveredShare">The same over formal settlements.</param>
/// <param name="CoverageRatio">Informal / formal covered share (null when either is null or the formal share is 0).</param>
/// <param name="InformalMedianDownMbps">Lower weighted median download (weights tests × share, as in the rows) over the measurements
/// in any informal settlement; null when withheld.</param>
/// <param name="FormalMedianDownMbps">The same for formal settlements.</param>
/// <param name="SpeedRatio">Informal / formal median download (null when either is null or the formal median is 0).</param>
/// <param name="InformalSpeedSuppressed">True when the informal pool falls below the privacy floor.</param>
/// <param name="FormalSpeedSuppressed">True when the formal pool falls below the privacy floor.</param>
public sealed record DivideIndex(
    string TargetTech,
    string? NotComputable,
    double? InformalCoveredShare,
    double? FormalCoveredShare,
    double? CoverageRatio,
    double? InformalMedianDownMbps,
    double? FormalMedianDownMbps,
    double? SpeedRatio,
    bool InformalSpeedSuppressed,
    bool FormalSpeedSuppressed);
