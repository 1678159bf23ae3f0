namespace DivideMapper.Core.Analysis;

/// <summary>
/// A run's KPIs in the style of the ITU/UN universal and meaningful connectivity (UMC) indicators, plus the
/// divide index (DESIGN §5.7). Shares are 0–1; null means "cannot be computed" (no data, or withheld by the
/// privacy floor).
/// </summary>
/// <param name="Settlements">Settlements analysed.</param>
/// <param name="Population">Summed population of settlements with a known population (with a population layer: the
/// layer's people inside them, the basis of the other people KPIs).</param>
/// <param name="PopulationCovered4G">People with ≥ 4G coverage: Σ population × covered_share_4g, or with a layer Σ people × share inside F(4G).</param>
/// <param name="PopulationCovered4GShare"><see cref="PopulationCovered4G"/> / <see cref="Population"/>.</param>
/// <param name="Tests">Tests with a known download speed, over all measurements of the run (after the period filter), inside settlements or not.</param>
/// <param name="TestsAtLeastKpiSpeed">Of those, tests in measurements whose download is ≥ <see cref="AnalysisParameters.TestKpiMbps"/> (10 Mbit/s).</param>
/// <param name="TestsAtLeastKpiSpeedShare">Their share; null when withheld (<see cref="TestsSuppressed"/>) or no tests.</param>
/// <param name="TestsSuppressed">True when the run's measurements as a whole fall below the privacy floor.</param>
/// <param name="SchoolsWithKnownSpeed">Facilities of kind <c>school</c> (case-insensitive), anywhere in the input, with a known speed.</param>
/// <param name="SchoolsAtLeastKpiSpeed">Of those, schools at ≥ <see cref="AnalysisParameters.SchoolKpiMbps"/> (20 Mbit/s).</param>
/// <param name="SchoolsAtLeastKpiSpeedShare">Their share, null when no school has a known speed.</param>
/// <param name="Divide">Informal versus formal settlements.</param>
/// <param name="ClassCounts">Settlements per class slug (all four slugs present).</param>
/// <param name="GapAreaM2">Summed gap area.</param>
/// <param name="GapPopulation">Summed gap population of settlements with a known population (null when none).</param>
public sealed record RunSummary(
    int Settlements,
    double? Population,
    double? PopulationCovered4G,
    double? PopulationCovered4GShare,
    long Tests,
    long TestsAtLeastKpiSpeed,
    double? TestsAtLeastKpiSpeedShare,
    bool TestsSuppressed,
    int SchoolsWithKnownSpeed,
    int SchoolsAtLeastKpiSpeed,
    double? SchoolsAtLeastKpiSpeedShare,
    DivideIndex Divide,
    IReadOnlyDictionary<string, int> ClassCounts,
    double GapAreaM2,
    double? GapPopulation)
{
    /// <summary>Settlements with no population at all (none in the boundary file, nobody of the population layer inside).</summary>
    public int SettlementsWithoutPopulation { get; init; }
}

/// <summary>
/// The divide index: how informal settlements fare against formal ones at the profile's target technology.
/// Ratios below 1 mean informal settlements are worse off.
/// </summary>
/// <param name="TargetTech">Label of the target technology T.</param>
/// <param name="InformalCoveredShare">Population-weighted covered share at T over informal settlements with a known population: Σ pop·share / Σ pop.</param>
/// <param name="FormalCoveredShare">The same over formal settlements.</param>
/// <param name="CoverageRatio">Informal / formal covered share (null when either is null or the formal share is 0).</param>
/// <param name="InformalMedianDownMbps">Test-weighted lower median download over the distinct measurements intersecting any informal settlement; null when withheld.</param>
/// <param name="FormalMedianDownMbps">The same for formal settlements.</param>
/// <param name="SpeedRatio">Informal / formal median download (null when either is null or the formal median is 0).</param>
/// <param name="InformalSpeedSuppressed">True when the informal pool falls below the privacy floor.</param>
/// <param name="FormalSpeedSuppressed">True when the formal pool falls below the privacy floor.</param>
public sealed record DivideIndex(
    string TargetTech,
    double? InformalCoveredShare,
    double? FormalCoveredShare,
    double? CoverageRatio,
    double? InformalMedianDownMbps,
    double? FormalMedianDownMbps,
    double? SpeedRatio,
    bool InformalSpeedSuppressed,
    bool FormalSpeedSuppressed);
