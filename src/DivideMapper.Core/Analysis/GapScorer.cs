using DivideMapper.Core.Profiles;

namespace DivideMapper.Core.Analysis;

/// <summary>
/// The gap score (0–100, higher = worse) and the rank within a run.
/// </summary>
/// <remarks>
/// <para>Components, each in [0, 1]:</para>
/// <list type="bullet">
/// <item><b>gap</b> = gap_share.</item>
/// <item><b>people</b> = min(1, gap_population / <see cref="PeopleReference"/>): a fixed reference of 10,000 people, not the
/// run's largest value, so a settlement's score does not move when other settlements change and scores are comparable
/// across the runs of a project (and across projects); 0 when the population is unknown.</item>
/// <item><b>speed</b> = the largest shortfall among the thresholds the profile sets whose median is known:
/// down: max(0, 1 − median_down / min_down); up: max(0, 1 − median_up / min_up);
/// latency: max(0, 1 − max_latency / median_latency). 0 when no median is known (withheld or absent): missing
/// evidence does not raise the score; the class says <c>insufficient_evidence</c> instead.</item>
/// </list>
/// <para>score = round(100 · (w_gap·gap + w_people·people + w_speed·speed) / (w_gap + w_people + w_speed), 2),
/// rounding half away from zero (as PostgreSQL's <c>round(numeric, 2)</c>); weights from the profile, default
/// 0.5 / 0.3 / 0.2 (<see cref="ScoreWeights.Default"/>).</para>
/// <para>rank: 1 = highest score; equal scores are ordered by settlement id ascending, so ranks are 1…n without gaps.</para>
/// </remarks>
public static class GapScorer
{
    /// <summary>People in the gap at which the people component is full (1): 10,000, about a large informal settlement
    /// (the sample's informal settlements hold 1,000–15,000 people). Part of the method version.</summary>
    public const double PeopleReference = 10_000;

    /// <summary>Computes the components and the score as described on <see cref="GapScorer"/>.</summary>
    public static ScoreComponents Score(
        Profile profile, double gapShare, double? gapPopulation,
        double? medianDownMbps, double? medianUpMbps, double? medianLatencyMs)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var weights = profile.EffectiveWeights;
        double gap = Math.Clamp(gapShare, 0, 1);
        double people = gapPopulation is > 0 ? Math.Clamp(gapPopulation.Value / PeopleReference, 0, 1) : 0;
        double speed = SpeedShortfall(profile, medianDownMbps, medianUpMbps, medianLatencyMs);
        double raw = 100 * (weights.GapShare * gap + weights.People * people + weights.SpeedShortfall * speed) / weights.Sum;
        return new ScoreComponents(gap, people, speed, weights, Math.Round(raw, 2, MidpointRounding.AwayFromZero));
    }

    /// <summary>The speed component: the largest relative shortfall among known medians (0–1).</summary>
    public static double SpeedShortfall(Profile profile, double? medianDownMbps, double? medianUpMbps, double? medianLatencyMs)
    {
        ArgumentNullException.ThrowIfNull(profile);
        double shortfall = 0;
        if (medianDownMbps is { } down)
            shortfall = Math.Max(shortfall, 1 - down / profile.MinDownMbps);
        if (medianUpMbps is { } up && profile.MinUpMbps is { } minUp)
            shortfall = Math.Max(shortfall, 1 - up / minUp);
        if (medianLatencyMs is { } latency && latency > 0 && profile.MaxLatencyMs is { } maxLatency)
            shortfall = Math.Max(shortfall, 1 - maxLatency / latency);
        return Math.Clamp(shortfall, 0, 1);
    }

    /// <summary>
    /// Ranks by score descending, then settlement id ascending. Returns the rank (1 = worst) of each input position.
    /// </summary>
    public static int[] Rank(IReadOnlyList<(long SettlementId, double Score)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var order = Enumerable.Range(0, rows.Count)
            .OrderByDescending(i => rows[i].Score)
            .ThenBy(i => rows[i].SettlementId)
            .ToArray();
        var ranks = new int[rows.Count];
        for (int r = 0; r < order.Length; r++) ranks[order[r]] = r + 1;
        return ranks;
    }
}
