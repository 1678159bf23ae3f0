using DivideMapper.Formats.Writers;

namespace DivideMapper.Data.Layers;

/// <summary>Which rows a layer draws from: a project's datasets, or one finished run of the project.</summary>
public enum LayerScope
{
    Project,
    Run,
}

/// <summary>How the privacy rule (DESIGN §6, <see cref="Publication"/>) applies to a layer.</summary>
public enum LayerPrivacy
{
    /// <summary>Nothing in the layer is built from speed tests (boundaries, coverage, sites, facilities).</summary>
    None,

    /// <summary>Rows always appear; below the floor their medians and tests/devices counts are null and suppressed is true.</summary>
    WithholdBelowFloor,

    /// <summary>Only aggregates at or above the floor appear at all; raw points (one test each) never do.</summary>
    OnlyAtOrAboveFloor,
}

/// <summary>
/// One attribute of a served layer: its public name (OGC property, export field, tile attribute), its type, a
/// description, and the SQL expression that reads it. The expression is ours, never a request's: a filter names a
/// property and the compiler looks its <see cref="Sql"/> up here.
/// </summary>
/// <param name="Sql">A SQL expression over the layer's FROM aliases; may use the scope parameters (@min_devices, @min_tests).</param>
/// <param name="Queryable">May a CQL2 filter name it (all scalar columns are).</param>
public sealed record LayerColumn(string Name, ColumnType Type, string Description, string Sql, bool Nullable = true, bool Queryable = true);
