namespace DivideMapper.Core.Domain;

public enum SettlementKind
{
    Unknown,
    Informal,
    Formal,
}

public static class SettlementKinds
{
    public static string ToSlug(this SettlementKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Reads informal/formal and the common synonyms found in municipal data (slum, planned …).</summary>
    public static bool TryParse(string? text, out SettlementKind kind)
    {
        kind = SettlementKind.Unknown;
        if (string.IsNullOrWhiteSpace(text)) return false;
        switch (text.Trim().ToLowerInvariant())
        {
            case "informal" or "slum" or "informal settlement" or "unplanned" or "squatter" or "i":
                kind = SettlementKind.Informal; return true;
            case "formal" or "planned" or "formal settlement" or "f":
                kind = SettlementKind.Formal; return true;
            case "unknown" or "":
                kind = SettlementKind.Unknown; return true;
            default:
                return false;
        }
    }
}
