namespace DivideMapper.Core.Analysis;

/// <summary>What a result column holds, so storage, writers and OGC schemas can choose their own types from it.</summary>
public enum ResultValueKind
{
    /// <summary>A 64-bit identifier (settlement_id).</summary>
    Id,

    /// <summary>A 32-bit count or ordinal (tests, facilities, rank).</summary>
    Count,

    /// <summary>A double: areas, shares, speeds, distances, scores.</summary>
    Real,

    /// <summary>Text: names, slugs, the profile id, the period.</summary>
    Text,

    /// <summary>true/false.</summary>
    Boolean,
}

/// <summary>
/// One DESIGN §5 result column: its snake_case name, what it holds, a plain-language description (OGC schemas,
/// queryables, export metadata) and how to read it from a <see cref="SettlementRow"/>.
/// </summary>
/// <param name="Withheld">True for the figures the privacy floor withholds (medians and their evidence counts, DESIGN §6).</param>
public sealed record ResultColumn(string Name, ResultValueKind Kind, string Description, Func<SettlementRow, object?> Value,
    bool Nullable = false, bool Withheld = false);
