using DivideMapper.Core.Domain;
using DivideMapper.Formats.Import;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Roles;

/// <summary>The geometry a role stores, which decides the import's type check and the storage column's type.</summary>
public enum RoleGeometry
{
    /// <summary>MultiPolygon (a Polygon is wrapped).</summary>
    Polygons,

    /// <summary>Point (a MultiPoint of one point is unwrapped).</summary>
    Points,

    /// <summary>A Polygon (e.g. an Ookla tile) or a Point, stored as they come.</summary>
    PolygonsOrPoints,
}

/// <summary>
/// Everything the pipeline knows about one dataset role (DESIGN §4), in one place: its slug, the geometry it needs, the
/// source attributes it maps and which it requires, how a validated feature becomes its Core record, and the table,
/// columns and row writer that store it. Readers, <c>FeatureProcessor</c>, <c>RowMapper</c>, <c>GeometryValidator</c>,
/// <see cref="ImportOutcome"/> and the COPY into PostGIS all read this instead of switching on the role; adding a role
/// is one new declaration in <see cref="RoleCatalog"/> (and the migration that creates its table).
/// </summary>
public abstract class RoleDeclaration
{
    public required DatasetRole Role { get; init; }
    public string Slug => Role.ToSlug();
    public required RoleGeometry Geometry { get; init; }

    /// <summary>The attributes the role maps (targets of <see cref="FieldMapping"/>); the rest stay in the row's properties.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>An attribute whose value is the row's source id when the feature has no id of its own (Ookla: the quadkey).</summary>
    public string? IdFallbackTarget { get; init; }

    /// <summary>The storage table (snake_case, our own name, never input).</summary>
    public required string Table { get; init; }

    /// <summary>The columns <see cref="Write"/> fills, in order, after <c>dataset_id, project_id</c>.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>
    /// Rows go to the database in Z-order (GiST inserts stay local). Settlements keep file order: their ids follow the
    /// file and they are few.
    /// </summary>
    public bool SpatiallyOrdered { get; init; } = true;

    /// <summary>How the rows' values were counted, stated in the report (population layers); null when there is nothing to state.</summary>
    public Func<ImportOptions, string?>? Rule { get; init; }

    /// <summary>
    /// Rows farther than the clip margin from the project's settlements are not stored (DESIGN §7); the importer sets
    /// <see cref="ImportOptions.ClipBox"/> for such roles. Honoured by <c>FeatureProcessor</c> and the raster reader.
    /// Settlements never clip: they make the project area.
    /// </summary>
    public bool ClipToProjectArea { get; init; }

    /// <summary>
    /// Metres a row acts beyond its own geometry (a cell site's range): such a row is kept when its reach touches the
    /// project area, so a 2G mast 10 km out whose 12 km disk covers a settlement is not clipped away. 0 when none.
    /// </summary>
    public virtual double ReachMetresOf(object row) => 0;

    /// <summary>Whether <see cref="ReachMetresOf"/> can be other than 0 (then the clip waits for the built row).</summary>
    public virtual bool HasReach => false;

    /// <summary>The Core record type of the rows.</summary>
    public abstract Type RowType { get; }

    /// <summary><c>table (dataset_id, project_id, columns…)</c>: the COPY target, for the role table or one of its partitions.</summary>
    public string CopyTarget(string table) => $"{table} (dataset_id, project_id, {string.Join(", ", Columns)})";

    /// <summary>What a wrong geometry is told it should be.</summary>
    public string ExpectedGeometry => Geometry switch
    {
        RoleGeometry.Polygons => "Polygon or MultiPolygon",
        RoleGeometry.Points => "Point (or a MultiPoint of one point)",
        _ => "Polygon (a tile) or Point",
    };

    /// <summary>Reports missing required attributes (file problems) or warns, once per file.</summary>
    internal abstract void CheckColumns(RequiredColumns columns);

    /// <summary>The role's record for a validated feature, reporting bad values through <paramref name="values"/>.</summary>
    internal abstract object Build(RowMapper.FeatureValues values, long rowId, Geometry geometry);

    public abstract Geometry GeometryOf(object row);
    public abstract long IdOf(object row);

    /// <summary>Writes the <see cref="Columns"/> of one row (a record of <see cref="RowType"/>).</summary>
    public abstract void Write(IColumnWriter writer, object row, ImportedRow? source);
}

/// <summary>A <see cref="RoleDeclaration"/> for rows of type <typeparamref name="T"/>, made of delegates.</summary>
internal sealed class RoleDeclaration<T> : RoleDeclaration where T : class
{
    public required Action<RequiredColumns> Check { get; init; }
    public required Func<RowMapper.FeatureValues, long, Geometry, T> Builder { get; init; }
    public required Func<T, Geometry> GeometryOfRow { get; init; }
    public required Func<T, long> IdOfRow { get; init; }
    public required Action<IColumnWriter, T, ImportedRow?> Writer { get; init; }
    public Func<T, double>? ReachOfRow { get; init; }

    public override Type RowType => typeof(T);
    internal override void CheckColumns(RequiredColumns columns) => Check(columns);
    internal override object Build(RowMapper.FeatureValues values, long rowId, Geometry geometry) => Builder(values, rowId, geometry);
    public override Geometry GeometryOf(object row) => GeometryOfRow((T)row);
    public override long IdOf(object row) => IdOfRow((T)row);
    public override double ReachMetresOf(object row) => ReachOfRow?.Invoke((T)row) ?? 0;
    public override bool HasReach => ReachOfRow is not null;
    public override void Write(IColumnWriter writer, object row, ImportedRow? source) => Writer(writer, (T)row, source);
}

/// <summary>The typed values of a storage row; the database side implements it (binary COPY).</summary>
public interface IColumnWriter
{
    void Write(long value);
    void Write(int value);
    void Write(double? value);
    void Write(bool? value);
    void WriteText(string? value);
    void WriteJsonb(string? json);

    /// <summary>A geometry in EPSG:4326 (the storage CRS).</summary>
    void WriteGeometry(Geometry geometry);
}

/// <summary>What a role's column check sees: which targets the file has, the options, and where to report.</summary>
internal sealed class RequiredColumns(Func<string, bool> has, ImportOptions options, Action<string, string> fileProblem, List<string> warnings)
{
    public ImportOptions Options { get; } = options;
    public bool Has(string target) => has(target);
    public void Warn(string warning) => warnings.Add(warning);

    /// <summary>A file problem "no WHAT field found (HINT)" unless <paramref name="present"/>.</summary>
    public void Require(string what, bool present, string hint)
    {
        if (!present) fileProblem(what, hint);
    }
}
