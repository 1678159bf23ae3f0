using DivideMapper.Core.Analysis;

namespace DivideMapper.Data.Layers;

/// <summary>
/// The one publication rule of DESIGN §6 for every surface that reads the layer catalogue (OGC API, tiles, exports,
/// REST GeoJSON): an aggregate built from fewer than the project's <c>min_devices</c> devices or <c>min_tests</c> tests
/// is withheld — its medians AND its tests/devices counts. The analysis already stores such rows withheld
/// (<see cref="SettlementRow.Suppressed"/>); this rule applies the project's <em>current</em> floor at serving time too,
/// so raising a floor after a run withholds more at once and nothing stored earlier can leak. The floor values are the
/// scope parameters <c>@min_devices</c> and <c>@min_tests</c> (<see cref="LayerScopeValues"/>).
/// </summary>
public static class Publication
{
    /// <summary>True when a stored result row (alias <paramref name="alias"/>) must be withheld under the current floor.</summary>
    public static string WithheldSql(string alias) =>
        $"({alias}.suppressed OR ({alias}.tests IS NOT NULL AND ({alias}.tests < @min_tests OR coalesce({alias}.devices, 0) < @min_devices)))";

    /// <summary>A withheld figure of a result row: null when the row is withheld, the stored value otherwise.</summary>
    public static string WithheldValueSql(string alias, string column) => $"CASE WHEN {WithheldSql(alias)} THEN NULL ELSE {alias}.{column} END";

    /// <summary>An aggregate row (alias <paramref name="alias"/>, with tests and devices) that may be served at all.</summary>
    public static string AtOrAboveFloorSql(string alias) => $"({alias}.tests >= @min_tests AND {alias}.devices >= @min_devices)";

    /// <summary>The same rule for a row already in memory (REST JSON rows, CLI output).</summary>
    public static bool Withholds(PrivacyFloor floor, bool suppressed, long? tests, long? devices) =>
        suppressed || (tests is { } t && floor.Withholds(devices ?? 0, t));
}
