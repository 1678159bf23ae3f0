using DivideMapper.Core.Domain;

namespace DivideMapper.Formats.Import;

/// <summary>
/// The result of reading and validating one file: the report, and when <see cref="Accepted"/> the typed rows of the
/// role in EPSG:4326 (MultiPolygon for settlements/coverage; Point for sites/facilities; Polygon or Point for
/// measurements). Only the list of the import's role is filled. Row ids are 1-based positions, not database ids.
/// </summary>
public sealed class ImportOutcome
{
    public required ImportReport Report { get; init; }
    public bool Accepted => Report.Accepted;

    public IReadOnlyList<Settlement> Settlements { get; init; } = [];
    public IReadOnlyList<CoverageArea> Coverage { get; init; } = [];
    public IReadOnlyList<CellSite> Sites { get; init; } = [];
    public IReadOnlyList<Measurement> Measurements { get; init; } = [];
    public IReadOnlyList<Facility> Facilities { get; init; } = [];

    /// <summary>Per row (same order as the role's list): source feature number, source id and the unmapped attributes.</summary>
    public IReadOnlyList<ImportedRow> Rows { get; init; } = [];

    /// <summary>The rows of the role, as objects (for callers that switch on the record type).</summary>
    public IReadOnlyList<object> RoleRows => Report.Role switch
    {
        "settlements" => Settlements,
        "coverage" => Coverage,
        "sites" => Sites,
        "measurements" => Measurements,
        _ => Facilities,
    };
}

/// <summary>Where a stored row came from, and the source attributes no column took.</summary>
public sealed record ImportedRow(int Feature, string? SourceId, IReadOnlyDictionary<string, object?> Properties);
