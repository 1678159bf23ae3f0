using DivideMapper.Core.Domain;
using DivideMapper.Formats.Import;

namespace DivideMapper.Data.Storage;

/// <summary>The typed rows of one import; exactly one list is used, matching <see cref="Role"/>.</summary>
public sealed record RoleRows(DatasetRole Role)
{
    public IReadOnlyList<Settlement> Settlements { get; init; } = [];
    public IReadOnlyList<CoverageArea> Coverage { get; init; } = [];
    public IReadOnlyList<CellSite> Sites { get; init; } = [];
    public IReadOnlyList<Measurement> Measurements { get; init; } = [];
    public IReadOnlyList<Facility> Facilities { get; init; } = [];

    /// <summary>Per row, in the same order: the source id and the attributes no column took (optional).</summary>
    public IReadOnlyList<ImportedRow>? Sources { get; init; }

    /// <summary>The rows of an accepted import, with their sources.</summary>
    public static RoleRows From(ImportOutcome outcome, DatasetRole role) => new(role)
    {
        Settlements = outcome.Settlements,
        Coverage = outcome.Coverage,
        Sites = outcome.Sites,
        Measurements = outcome.Measurements,
        Facilities = outcome.Facilities,
        Sources = outcome.Rows,
    };

    public int Count => Role switch
    {
        DatasetRole.Settlements => Settlements.Count,
        DatasetRole.Coverage => Coverage.Count,
        DatasetRole.Sites => Sites.Count,
        DatasetRole.Measurements => Measurements.Count,
        DatasetRole.Facilities => Facilities.Count,
        _ => 0,
    };

    public static RoleRows Of(IReadOnlyList<Settlement> rows) => new(DatasetRole.Settlements) { Settlements = rows };
    public static RoleRows Of(IReadOnlyList<CoverageArea> rows) => new(DatasetRole.Coverage) { Coverage = rows };
    public static RoleRows Of(IReadOnlyList<CellSite> rows) => new(DatasetRole.Sites) { Sites = rows };
    public static RoleRows Of(IReadOnlyList<Measurement> rows) => new(DatasetRole.Measurements) { Measurements = rows };
    public static RoleRows Of(IReadOnlyList<Facility> rows) => new(DatasetRole.Facilities) { Facilities = rows };
}
