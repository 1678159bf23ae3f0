using System.Globalization;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;

namespace DivideMapper.Core.Analysis;

/// <summary>The class of a settlement, the rule that decided it and the threshold checks behind it.</summary>
public sealed record GapDecision(GapClass Class, string Rule, string Reason, IReadOnlyList<ThresholdCheck> Checks);

/// <summary>
/// Decides <see cref="GapClass"/> by the first rule that applies, in this order (DESIGN §5.5):
/// <list type="number">
/// <item><c>coverage_below_minimum</c> → no_coverage: covered share at T &lt; <see cref="Profile.MinCoveredShare"/>.</item>
/// <item><c>no_measurements</c> → insufficient_evidence: no measurement intersects the settlement.</item>
/// <item><c>below_privacy_floor</c> → insufficient_evidence: the medians are withheld (<see cref="PrivacyFloor"/>).</item>
/// <item><c>metric_missing</c> → insufficient_evidence: a metric the profile sets a threshold for has no median.</item>
/// <item><c>threshold_missed</c> → covered_slow: median down &lt; min down, or median up &lt; min up, or median latency &gt; max latency.</item>
/// <item><c>thresholds_met</c> → served.</item>
/// </list>
/// A median equal to its threshold meets it.
/// </summary>
public static class GapClassifier
{
    /// <summary>Applies the rules above. Medians are the row's values (null when withheld or absent).</summary>
    public static GapDecision Classify(
        Profile profile, double coveredShareAtTarget, int measurements, bool suppressed,
        double? medianDownMbps, double? medianUpMbps, double? medianLatencyMs)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var checks = new List<ThresholdCheck>(3)
        {
            Check("down_mbps", medianDownMbps, profile.MinDownMbps, atLeast: true, suppressed),
        };
        if (profile.MinUpMbps is { } minUp) checks.Add(Check("up_mbps", medianUpMbps, minUp, atLeast: true, suppressed));
        if (profile.MaxLatencyMs is { } maxLatency) checks.Add(Check("latency_ms", medianLatencyMs, maxLatency, atLeast: false, suppressed));

        string tech = profile.TargetTech.ToLabel();
        if (coveredShareAtTarget < profile.MinCoveredShare)
            return new(GapClass.NoCoverage, "coverage_below_minimum",
                $"{tech} covers {Pct(coveredShareAtTarget)} of the settlement, below the profile's minimum of {Pct(profile.MinCoveredShare)}.", checks);
        if (measurements == 0)
            return new(GapClass.InsufficientEvidence, "no_measurements",
                $"{tech} covers {Pct(coveredShareAtTarget)}, but no speed measurement falls in the settlement.", checks);
        if (suppressed)
            return new(GapClass.InsufficientEvidence, "below_privacy_floor",
                "The measurements come from too few devices or tests to publish (privacy floor), so speeds are withheld.", checks);

        var missing = checks.Where(c => c.Outcome == "no_data").Select(c => c.Metric).ToList();
        if (missing.Count > 0)
            return new(GapClass.InsufficientEvidence, "metric_missing",
                $"The measurements have no {string.Join(" or ", missing)} values to compare with the profile.", checks);

        var missed = checks.Where(c => c.Outcome == "missed").ToList();
        if (missed.Count > 0)
            return new(GapClass.CoveredSlow, "threshold_missed",
                "Covered, but " + string.Join("; ", missed.Select(Describe)) + ".", checks);

        return new(GapClass.Served, "thresholds_met",
            $"{tech} covers {Pct(coveredShareAtTarget)} and every median meets the profile's thresholds.", checks);
    }

    private static ThresholdCheck Check(string metric, double? median, double threshold, bool atLeast, bool suppressed)
    {
        string outcome = suppressed ? "withheld"
            : median is not { } m ? "no_data"
            : (atLeast ? m >= threshold : m <= threshold) ? "met" : "missed";
        return new(metric, suppressed ? null : median, threshold, atLeast ? ">=" : "<=", outcome);
    }

    private static string Describe(ThresholdCheck c) => c.Metric switch
    {
        "down_mbps" => $"median download {Num(c.Median)} Mbit/s is below {Num(c.Threshold)} Mbit/s",
        "up_mbps" => $"median upload {Num(c.Median)} Mbit/s is below {Num(c.Threshold)} Mbit/s",
        _ => $"median latency {Num(c.Median)} ms is above {Num(c.Threshold)} ms",
    };

    private static string Pct(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Num(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "?";
}
