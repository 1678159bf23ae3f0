using DivideMapper.Formats.Writers;

namespace DivideMapper.Data.Layers;

/// <summary>
/// One served layer, declared once (DESIGN §2): what it is called and holds, where its rows come from and how they are
/// scoped, its geometry, id and time, and its privacy rule. OGC API Features, vector tiles, exports and REST read this
/// declaration and never spell a column or a table themselves. All strings holding SQL are ours (compile-time
/// constants of <see cref="LayerCatalogue"/>); values always travel as parameters.
/// </summary>
public sealed record LayerDefinition
{
    /// <summary>The layer id in URLs and file names: <c>results</c>, <c>gaps</c>, … (OGC collection <c>{slug}.{id}</c>).</summary>
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required LayerScope Scope { get; init; }
    public required LayerPrivacy Privacy { get; init; }

    /// <summary>GeoJSON/OGC geometry type: MultiPolygon, Point or Geometry (mixed).</summary>
    public required string GeometryType { get; init; }

    /// <summary>FROM clause with its aliases, e.g. <c>settlement_result r JOIN settlement s ON …</c>.</summary>
    public required string From { get; init; }

    /// <summary>WHERE condition that selects the scope's rows (uses @project or @run) and applies row-level privacy.</summary>
    public required string ScopeWhere { get; init; }

    /// <summary>The geometry column (EPSG:4326, GiST indexed), e.g. <c>s.geom</c>.</summary>
    public required string GeometrySql { get; init; }

    /// <summary>The feature id: a bigint unique within the scope, the stable paging order.</summary>
    public required string IdSql { get; init; }

    /// <summary>The order people read the layer in (results: rank, worst first); null means id order.</summary>
    public string? DisplayOrderSql { get; init; }

    /// <summary>Name of the id in properties-free outputs (OGC <c>id</c>, tile feature id): what it identifies.</summary>
    public required string IdName { get; init; }

    /// <summary>
    /// SQL of the period the row is about, as stored text such as <c>2024Q1</c> (e.g. <c>m.period</c>); null when the layer has
    /// none. Not necessarily a served column: a gap polygon is about its run's period without carrying it as a property.
    /// </summary>
    public string? PeriodSql { get; init; }

    /// <summary>The attributes, in output order.</summary>
    public required IReadOnlyList<LayerColumn> Columns { get; init; }

    /// <summary>The attributes vector tiles carry for styling and popups (a subset of <see cref="Columns"/>, by name).</summary>
    public required IReadOnlyList<string> TileColumnNames { get; init; }

    /// <summary>The columns as a writer schema (exports, REST GeoJSON).</summary>
    public FeatureSchema Schema => _schema ??= new FeatureSchema(Columns.Select(c => new FeatureColumn(c.Name, c.Type)));
    private FeatureSchema? _schema;

    public LayerColumn? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>The tile attributes as columns.</summary>
    public IEnumerable<LayerColumn> TileColumns => TileColumnNames.Select(n => Column(n) ?? throw new InvalidOperationException($"{Id}: no column {n}."));

    /// <summary>SQL of the row's period as a tstzrange (null when the layer has no period), for datetime filters.</summary>
    public string? PeriodRangeSql => PeriodSql is { } p ? PeriodRange.Sql(p) : null;
}
