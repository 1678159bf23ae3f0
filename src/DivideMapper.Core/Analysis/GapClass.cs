namespace DivideMapper.Core.Analysis;

/// <summary>
/// A settlement's class, decided in this order (DESIGN §5; see <see cref="GapClassifier"/>):
/// <see cref="NoCoverage"/> → <see cref="InsufficientEvidence"/> → <see cref="CoveredSlow"/> → <see cref="Served"/>.
/// </summary>
public enum GapClass
{
    /// <summary>The target technology covers less than the profile's minimum share of the settlement.</summary>
    NoCoverage,

    /// <summary>Covered, but there are no measurements, they are withheld by the privacy floor, or a needed metric is missing.</summary>
    InsufficientEvidence,

    /// <summary>Covered and measured, but a median misses one of the profile's thresholds.</summary>
    CoveredSlow,

    /// <summary>Covered and every median meets the profile's thresholds.</summary>
    Served,
}

/// <summary>Labels of <see cref="GapClass"/> used in columns, files and the API.</summary>
public static class GapClasses
{
    /// <summary>All classes in decision order.</summary>
    public static IReadOnlyList<GapClass> All { get; } = [GapClass.NoCoverage, GapClass.InsufficientEvidence, GapClass.CoveredSlow, GapClass.Served];

    /// <summary><c>no_coverage</c>, <c>insufficient_evidence</c>, <c>covered_slow</c> or <c>served</c>.</summary>
    public static string ToSlug(this GapClass gapClass) => gapClass switch
    {
        GapClass.NoCoverage => "no_coverage",
        GapClass.InsufficientEvidence => "insufficient_evidence",
        GapClass.CoveredSlow => "covered_slow",
        GapClass.Served => "served",
        _ => throw new ArgumentOutOfRangeException(nameof(gapClass)),
    };

    /// <summary>Reads a slug written by <see cref="ToSlug"/> (case-insensitive).</summary>
    public static bool TryParse(string? slug, out GapClass gapClass)
    {
        foreach (var c in All)
        {
            if (string.Equals(c.ToSlug(), slug?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                gapClass = c;
                return true;
            }
        }
        gapClass = default;
        return false;
    }
}
