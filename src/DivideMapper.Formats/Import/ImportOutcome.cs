using DivideMapper.Core.Domain;

namespace DivideMapper.Formats.Import;

/// <summary>
/// The result of reading and validating one file: the report, and when <see cref="Accepted"/> the typed rows of the
/// role in EPSG:4326, in the geometry its declaration stores (<see cref="Roles.RoleDeclaration.Geometry"/>). Row ids are 1-based positions, not database ids.
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

    /// <summary>The accepted rows of the role (Core records of its <see cref="Roles.RoleDeclaration.RowType"/>), in file order.</summary>
    public IReadOnlyList<object> RoleRows { get; init; } = [];

    /// <summary>Per row (same order as <see cref="RoleRows"/>): source feature number, source id and the unmapped attributes.</summary>
    public IReadOnlyList<ImportedRow> Rows { get; init; } = [];

    /// <summary>
    /// For a measurements import, the period and network its accepted rows share (known also when the rows were
    /// streamed and are not in <see cref="RoleRows"/>).
    /// </summary>
    public MeasurementSummary? MeasurementSummary { get; init; }

    /// <summary>The same outcome with one more warning in its report (the importer's, about the project).</summary>
    public ImportOutcome WithWarning(string warning) => new()
    {
        Report = Report with { Warnings = [.. Report.Warnings, warning] },
        Streamed = Streamed,
        MeasurementSummary = MeasurementSummary,
        RoleRows = RoleRows,
        Rows = Rows,
    };

    // Typed views of RoleRows; only the import's own role has rows.
    public IReadOnlyList<Settlement> Settlements => Typed<Settlement>();
    public IReadOnlyList<CoverageArea> Coverage => Typed<CoverageArea>();
    public IReadOnlyList<CellSite> Sites => Typed<CellSite>();
    public IReadOnlyList<Measurement> Measurements => Typed<Measurement>();
    public IReadOnlyList<Facility> Facilities => Typed<Facility>();

    private IReadOnlyList<T> Typed<T>() => RoleRows.Count > 0 && RoleRows[0] is T ? RoleRows.Cast<T>().ToList() : [];
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

    /// <summary>
    /// Forgets every row handed over since <see cref="Begin"/>: the pipeline reads the file again from its start (a
    /// GeoJSON file streamed on what its first megabytes showed, whose rest contradicted them) and calls
    /// <see cref="Begin"/> again before the next row.
    /// </summary>
    Task DiscardAsync();
}
