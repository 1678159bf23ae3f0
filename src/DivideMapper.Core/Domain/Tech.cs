namespace DivideMapper.Core.Domain;

/// <summary>
/// Access technology. The mobile generations are ordered so that "tech ≥ T" means "at least as capable as T"
/// (2G &lt; 3G &lt; 4G &lt; 5G, DESIGN §5.1). <see cref="Fixed"/> is not a mobile generation: it has its own footprint
/// F(fixed) and never counts as 2G–5G coverage (use <see cref="Techs.Serves"/>, not a numeric comparison).
/// </summary>
public enum Tech
{
    G2 = 2,
    G3 = 3,
    G4 = 4,
    G5 = 5,
    Fixed = 6,
}

public static class Techs
{
    public static IReadOnlyList<Tech> Mobile { get; } = [Tech.G2, Tech.G3, Tech.G4, Tech.G5];

    /// <summary>True for 2G–5G.</summary>
    public static bool IsMobile(this Tech tech) => tech is Tech.G2 or Tech.G3 or Tech.G4 or Tech.G5;

    /// <summary>
    /// True when a piece of footprint of technology <paramref name="piece"/> belongs to F(<paramref name="target"/>):
    /// for a mobile target, any mobile tech at least as capable; for <c>fixed</c>, fixed only.
    /// </summary>
    public static bool Serves(this Tech piece, Tech target) =>
        target == Tech.Fixed ? piece == Tech.Fixed : piece.IsMobile() && piece >= target;

    /// <summary>The label used in files, columns and the API: 2G, 3G, 4G, 5G, fixed.</summary>
    public static string ToLabel(this Tech tech) => tech switch
    {
        Tech.G2 => "2G",
        Tech.G3 => "3G",
        Tech.G4 => "4G",
        Tech.G5 => "5G",
        Tech.Fixed => "fixed",
        _ => throw new ArgumentOutOfRangeException(nameof(tech)),
    };

    /// <summary>
    /// Accepts the labels above and the usual radio names: GSM/EDGE/GPRS → 2G, UMTS/HSPA/CDMA/WCDMA → 3G,
    /// LTE → 4G, NR → 5G, fibre/cable/DSL/FTTH → fixed.
    /// </summary>
    public static bool TryParse(string? text, out Tech tech)
    {
        tech = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim().ToUpperInvariant().Replace(" ", "").Replace("-", "");
        Tech? parsed = t switch
        {
            "2G" or "G2" or "GSM" or "GPRS" or "EDGE" => Tech.G2,
            "3G" or "G3" or "UMTS" or "WCDMA" or "HSPA" or "HSPA+" or "CDMA" or "CDMA2000" or "TDSCDMA" => Tech.G3,
            "4G" or "G4" or "LTE" or "LTEA" or "WIMAX" => Tech.G4,
            "5G" or "G5" or "NR" or "5GNR" => Tech.G5,
            "FIXED" or "FIBRE" or "FIBER" or "FTTH" or "FTTX" or "CABLE" or "DSL" or "ADSL" or "VDSL" => Tech.Fixed,
            _ => null,
        };
        if (parsed is null) return false;
        tech = parsed.Value;
        return true;
    }

    /// <summary>Default cell range when a site has none (DESIGN §4): 2G 12 km, 3G 4 km, 4G 4 km, 5G 500 m.</summary>
    public static double DefaultRangeMeters(this Tech tech) => tech switch
    {
        Tech.G2 => 12_000,
        Tech.G3 => 4_000,
        Tech.G4 => 4_000,
        Tech.G5 => 500,
        Tech.Fixed => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(tech)),
    };
}
