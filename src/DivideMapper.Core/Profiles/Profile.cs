using System.Text.Json.Serialization;
using DivideMapper.Core.Domain;

namespace DivideMapper.Core.Profiles;

/// <summary>
/// A threshold profile: the standard a run measures settlements against (DESIGN §5). Immutable and versioned;
/// a run stores the full snapshot (<see cref="ProfileJson.Write"/>) so its numbers stay reproducible.
/// </summary>
/// <param name="Id">Stable identifier, lower-case letters, digits and hyphens (e.g. <c>itu-umc-2030</c>).</param>
/// <param name="Version">Version of this profile's values, starting at 1; bumped whenever a threshold changes.</param>
/// <param name="Name">Short human name.</param>
/// <param name="Source">Where the thresholds come from.</param>
/// <param name="TargetTech">Technology T whose footprint F(T) decides coverage (tech ≥ T counts).</param>
/// <param name="MinDownMbps">Median download speed a settlement needs (Mbit/s).</param>
/// <param name="MinUpMbps">Median upload speed it needs (Mbit/s), or null when the source sets none.</param>
/// <param name="MaxLatencyMs">Highest acceptable median latency (ms), or null when the source sets none.</param>
/// <param name="MinCoveredShare">Share of the settlement's area that F(T) must cover; below it the class is <c>no_coverage</c>.</param>
/// <param name="SchoolMinMbps">Speed a facility needs to count as connected, or null to use <paramref name="MinDownMbps"/>.</param>
/// <param name="Weights">Weights of the gap score; null means <see cref="ScoreWeights.Default"/>.</param>
/// <param name="Notes">What DivideMapper chose where the source is silent (e.g. the target technology).</param>
/// <param name="Network">The network whose speed tests the thresholds judge (<c>fixed</c> or <c>mobile</c>); null means
/// fixed for a fixed target technology and mobile otherwise (<see cref="JudgedNetwork"/>).</param>
/// <param name="SupersededBy">Id of the profile that replaces this one when its source was superseded (kept for runs over time).</param>
public sealed record Profile(
    string Id,
    int Version,
    string Name,
    ProfileSource Source,
    Tech TargetTech,
    double MinDownMbps,
    double? MinUpMbps,
    double? MaxLatencyMs,
    double MinCoveredShare = Profile.DefaultMinCoveredShare,
    double? SchoolMinMbps = null,
    ScoreWeights? Weights = null,
    string? Notes = null,
    Network? Network = null,
    string? SupersededBy = null)
{
    /// <summary>The network in effect: <see cref="Network"/>, or fixed for a fixed target and mobile otherwise.</summary>
    [JsonIgnore]
    public Network JudgedNetwork => Network ?? (TargetTech == Tech.Fixed ? Domain.Network.Fixed : Domain.Network.Mobile);

    /// <summary>Default minimum covered share at the target technology (DESIGN §5).</summary>
    public const double DefaultMinCoveredShare = 0.5;

    /// <summary>The facility threshold in effect: <see cref="SchoolMinMbps"/> or, when null, <see cref="MinDownMbps"/>.</summary>
    [JsonIgnore]
    public double FacilityMinMbps => SchoolMinMbps ?? MinDownMbps;

    /// <summary>The score weights in effect.</summary>
    [JsonIgnore]
    public ScoreWeights EffectiveWeights => Weights ?? ScoreWeights.Default;
}

/// <summary>The citation of a profile's thresholds.</summary>
/// <param name="Citation">Author, title and year as a reader would cite them.</param>
/// <param name="Url">Where to read it.</param>
/// <param name="Verified">Where and how the numbers were checked (the page read, what it states).</param>
public sealed record ProfileSource(string Citation, string? Url, string? Verified = null);

/// <summary>
/// Weights of the three gap-score components (see <c>GapScorer</c>); only their ratios matter, the score divides
/// by their sum. All must be ≥ 0 and at least one &gt; 0.
/// </summary>
/// <param name="GapShare">Weight of the uncovered share of the settlement's area.</param>
/// <param name="People">Weight of the people in the gap, relative to a fixed 10,000 people (GapScorer.PeopleReference).</param>
/// <param name="SpeedShortfall">Weight of how far the measured medians fall short of the thresholds.</param>
public sealed record ScoreWeights(double GapShare, double People, double SpeedShortfall)
{
    /// <summary>0.5 gap share, 0.3 people, 0.2 speed shortfall: coverage first, then how many people, then speed.</summary>
    public static ScoreWeights Default { get; } = new(0.5, 0.3, 0.2);

    /// <summary>Sum of the weights (the score's denominator).</summary>
    [JsonIgnore]
    public double Sum => GapShare + People + SpeedShortfall;
}
