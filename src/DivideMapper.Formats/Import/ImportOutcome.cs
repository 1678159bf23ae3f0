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

    /// <summary>
    /// True when the <see cref="IRowStream"/> given to <see cref="ImportPipeline.ReadAsync"/> received exactly the
    /// accepted rows, in order, while the file was read; otherwise whatever it received must be discarded.
    /// </summary>
    public bool Streamed { get; init; }

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

/// <summary>
/// Takes the rows of an import while the file is still being read (the database can store them meanwhile). Rows come
/// in file order, each once it passed every check; whether they stand is known only at the end
/// (<see cref="ImportOutcome.Streamed"/> and <see cref="ImportOutcome.Accepted"/>). Called on the reading thread.
/// </summary>
public interface IRowStream
{
    /// <summary>Before the first row, once the file's SHA-256 is known (lower-case hex).</summary>
    void Begin(string sha256);

    /// <summary>One accepted row of the role (a Core record in EPSG:4326) and where it came from.</summary>
    void Add(object row, ImportedRow source);
}
