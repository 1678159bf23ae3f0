using System.Globalization;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;

namespace DivideMapper.Core.Analysis;

/// <summary>
/// The class of a settlement, the rule that decided it (a stable code), the values the rule compared (so the map can
/// write the sentence in the reader's language), an English sentence, and the threshold checks behind it.
/// </summary>
public sealed record GapDecision(
    GapClass Class, string Rule, IReadOnlyDictionary<string, object?> Values, string Reason, IReadOnlyList<ThresholdCheck> Checks);

/// <summary>What the classifier looks at for one settlement.</summary>
/// <param name="CoveredShareAtTarget">area(S ∩ F(T)) / area(S).</param>
/// <param name="HasCoverageData">False when the run has no coverage evidence at all: the coverage rule is skipped.</param>
/// <param name="Measurements">Measurements of the profile's network and the run's period with a share in S.</param>
/// <param name="Suppressed">True when the privacy floor withholds the medians.</param>
/// <param name="Network">The network the profile judges.</param>
public sealed record ClassifierInput(
    double CoveredShareAtTarget, bool HasCoverageData, int Measurements, bool Suppressed,
    double? MedianDownMbps, double? MedianUpMbps, double? MedianLatencyMs, Network Network = Network.Mobile);

/// <summary>
/// Decides <see cref="GapClass"/> by the first rule that applies, in this order (DESIGN §5.5):
/// <list type="number">
/// <item><c>coverage_below_minimum</c> → no_coverage: covered share at T &lt; <see cref="Profile.MinCoveredShare"/>
/// (skipped when the run has no coverage data at all, run problem <c>no-coverage-data</c>).</item>
/// <item><c>no_measurements</c> → insufficient_evidence: no measurement of the profile's network and period has a share in the settlement.</item>
/// <item><c>below_privacy_floor</c> → insufficient_evidence: the medians are withheld (<see cref="PrivacyFloor"/>).</item>
/// <item><c>metric_missing</c> → insufficient_evidence: a metric the profile sets a threshold for has no median.</item>
/// <item><c>threshold_missed</c> → covered_slow: median down &lt; min down, or median up &lt; min up, or median latency &gt; max latency.</item>
/// <item><c>thresholds_met</c> → served.</item>
/// </list>
/// A median equal to its threshold meets it.
/// </summary>
public static class GapClassifier
{
    /// <summary>Applies the rules above.</summary>
    public static GapDecision Classify(Profile profile, ClassifierInput input)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(input);
        bool suppressed = input.Suppressed;
        var checks = new List<ThresholdCheck>(3)
        {
            Check("down_mbps", input.MedianDownMbps, profile.MinDownMbps, atLeast: true, suppressed),
        };
        if (profile.MinUpMbps is { } minUp) checks.Add(Check("up_mbps", input.MedianUpMbps, minUp, atLeast: true, suppressed));
        if (profile.MaxLatencyMs is { } maxLatency) checks.Add(Check("latency_ms", input.MedianLatencyMs, maxLatency, atLeast: false, suppressed));

        string tech = profile.TargetTech.ToLabel();
        string network = input.Network.ToSlug();
        double share = input.CoveredShareAtTarget;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["tech"] = tech,
            ["coveredShare"] = input.HasCoverageData ? share : null,
            ["network"] = network,
        };
        if (input.HasCoverageData && share < profile.MinCoveredShare)
        {
            values["minCoveredShare"] = profile.MinCoveredShare;
            return new(GapClass.NoCoverage, "coverage_below_minimum", values,
                $"{tech} covers {Pct(share)} of the settlement, below the profile's minimum of {Pct(profile.MinCoveredShare)}.", checks);
        }
        string coverage = input.HasCoverageData ? $"{tech} covers {Pct(share)}" : "The project has no coverage data";
        if (input.Measurements == 0)
            return new(GapClass.InsufficientEvidence, "no_measurements", values,
                $"{coverage}, but no {network}-network speed measurement of the run's period falls in the settlement.", checks);
        if (suppressed)
            return new(GapClass.InsufficientEvidence, "below_privacy_floor", values,
                "The measurements come from too few devices or tests to publish (privacy floor), so speeds and counts are withheld.", checks);

        var missing = checks.Where(c => c.Outcome == "no_data").Select(c => c.Metric).ToList();
        if (missing.Count > 0)
        {
            values["metrics"] = missing;
            return new(GapClass.InsufficientEvidence, "metric_missing", values,
                $"The measurements have no {string.Join(" or ", missing)} values to compare with the profile.", checks);
        }

        var missed = checks.Where(c => c.Outcome == "missed").ToList();
        if (missed.Count > 0)
        {
            values["metrics"] = missed.Select(c => c.Metric).ToList();
            return new(GapClass.CoveredSlow, "threshold_missed", values,
                (input.HasCoverageData ? "Covered, but " : "Measured, but ") + string.Join("; ", missed.Select(Describe)) + ".", checks);
        }

        return new(GapClass.Served, "thresholds_met", values,
            $"{coverage} and every median meets the profile's thresholds.", checks);
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
