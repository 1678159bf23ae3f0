using DivideMapper.Core.Analysis;
using DivideMapper.Formats.Writers;

namespace DivideMapper.Data.Layers;

/// <summary>
/// Every served layer, declared once (DESIGN §2, §8): the run layers <c>results</c> and <c>gaps</c>, and the project
/// layers <c>settlements</c>, <c>coverage</c>, <c>sites</c>, <c>facilities</c>, <c>measurements</c> (aggregates at or
/// above the privacy floor only) and <c>population</c>. The result columns come from Core's one declaration
/// (<see cref="SettlementRow.Columns"/>); a column added there appears in OGC, tiles and exports without more edits.
/// </summary>
public static class LayerCatalogue
{
    /// <summary>results: one feature per settlement of the run, its boundary with every DESIGN §5 result column.</summary>
    public static LayerDefinition Results { get; } = new()
    {
        Id = "results",
        Title = "Settlement results",
        Description = "One feature per settlement: covered shares per technology, gap area and people, median speeds (withheld below " +
                      "the privacy floor), gap class, score and rank, by the run's profile.",
        Scope = LayerScope.Run,
        Privacy = LayerPrivacy.WithholdBelowFloor,
        GeometryType = "MultiPolygon",
        // Joins and scope name project_id: the settlement key is (project_id, id), and under Citus the join stays on one shard.
        From = "settlement_result r JOIN settlement s ON s.project_id = r.project_id AND s.id = r.settlement_id",
        ScopeWhere = "r.project_id = @project AND r.run_id = @run",
        GeometrySql = "s.geom",
        IdSql = "r.settlement_id",
        IdName = "settlement_id",
        DisplayOrderSql = "r.rank, r.settlement_id",
        PeriodSql = "r.period",
        Columns = [.. ResultColumnsOf("r"), new("run_id", ColumnType.Integer, "The analysis run.", "r.run_id", Nullable: false)],
        TileColumnNames = ["settlement_id", "name", "kind", "population", "gap_share", "gap_population", "median_down_mbps",
            "median_up_mbps", "median_latency_ms", "suppressed", "gap_class", "gap_score", "rank"],
    };

    /// <summary>gaps: the uncovered part of each settlement at the profile's target technology (fully covered ones have none).</summary>
    public static LayerDefinition Gaps { get; } = new()
    {
        Id = "gaps",
        Title = "Coverage gaps",
        Description = "The part of each settlement outside the footprint of the profile's target technology, with the settlement's " +
                      "gap figures and class.",
        Scope = LayerScope.Run,
        Privacy = LayerPrivacy.None,
        GeometryType = "MultiPolygon",
        From = "gap_area g JOIN settlement_result r ON r.project_id = g.project_id AND r.run_id = g.run_id AND r.settlement_id = g.settlement_id",
        ScopeWhere = "g.project_id = @project AND g.run_id = @run",
        GeometrySql = "g.geom",
        IdSql = "g.settlement_id",
        IdName = "settlement_id",
        DisplayOrderSql = "r.rank, r.settlement_id",
        PeriodSql = "r.period", // the run's one period (every result row of a run carries it)
        Columns =
        [
            Result("r", "settlement_id"), Result("r", "name"), Result("r", "kind"),
            new("gap_area_m2", ColumnType.Real, "Area of this gap polygon in m².", "g.area_m2", Nullable: false),
            Result("r", "gap_share"), Result("r", "gap_population"), Result("r", "gap_class"), Result("r", "rank"), Result("r", "profile"),
            new("run_id", ColumnType.Integer, "The analysis run.", "r.run_id", Nullable: false),
        ],
        TileColumnNames = ["settlement_id", "name", "gap_share", "gap_population", "gap_class", "rank"],
    };

    public static LayerDefinition Settlements { get; } = new()
    {
        Id = "settlements",
        Title = "Settlements",
        Description = "Settlement boundaries as imported: name, kind (informal, formal, unknown), population and households.",
        Scope = LayerScope.Project,
        Privacy = LayerPrivacy.None,
        GeometryType = "MultiPolygon",
        From = "settlement s",
        ScopeWhere = "s.project_id = @project",
        GeometrySql = "s.geom",
        IdSql = "s.id",
        IdName = "id",
        Columns =
        [
            new("id", ColumnType.Integer, "Settlement id.", "s.id", Nullable: false),
            new("source_id", ColumnType.Text, "The id the source file gave the feature.", "s.source_id"),
            new("name", ColumnType.Text, "Settlement name.", "s.name", Nullable: false),
            new("kind", ColumnType.Text, "informal, formal or unknown.", "s.kind", Nullable: false),
            new("population", ColumnType.Real, "People living in the settlement.", "s.population"),
            new("households", ColumnType.Real, "Households in the settlement.", "s.households"),
            new("dataset_id", ColumnType.Integer, "The dataset the feature was imported with.", "s.dataset_id", Nullable: false),
        ],
        TileColumnNames = ["id", "name", "kind", "population"],
    };

    public static LayerDefinition Coverage { get; } = new()
    {
        Id = "coverage",
        Title = "Coverage",
        Description = "Coverage polygons by operator and technology (2G, 3G, 4G, 5G, fixed).",
        Scope = LayerScope.Project,
        Privacy = LayerPrivacy.None,
        GeometryType = "MultiPolygon",
        From = "coverage c",
        ScopeWhere = "c.project_id = @project",
        GeometrySql = "c.geom",
        IdSql = "c.id",
        IdName = "id",
        Columns =
        [
            new("id", ColumnType.Integer, "Coverage polygon id.", "c.id", Nullable: false),
            new("operator", ColumnType.Text, "Network operator.", "c.operator"),
            new("tech", ColumnType.Text, "2G, 3G, 4G, 5G or fixed.", "c.tech", Nullable: false),
            new("dataset_id", ColumnType.Integer, "The dataset the feature was imported with.", "c.dataset_id", Nullable: false),
        ],
        TileColumnNames = ["id", "operator", "tech"],
    };

    public static LayerDefinition Sites { get; } = new()
    {
        Id = "sites",
        Title = "Cell sites",
        Description = "Cell sites by operator and technology with their range in metres (null: the per-technology default applies).",
        Scope = LayerScope.Project,
        Privacy = LayerPrivacy.None,
        GeometryType = "Point",
        From = "site t",
        ScopeWhere = "t.project_id = @project",
        GeometrySql = "t.geom",
        IdSql = "t.id",
        IdName = "id",
        Columns =
        [
            new("id", ColumnType.Integer, "Site id.", "t.id", Nullable: false),
            new("operator", ColumnType.Text, "Network operator.", "t.operator"),
            new("tech", ColumnType.Text, "2G, 3G, 4G or 5G.", "t.tech", Nullable: false),
            new("range_m", ColumnType.Real, "Range in metres.", "t.range_m"),
            new("dataset_id", ColumnType.Integer, "The dataset the feature was imported with.", "t.dataset_id", Nullable: false),
        ],
        TileColumnNames = ["id", "operator", "tech", "range_m"],
    };

    public static LayerDefinition Facilities { get; } = new()
    {
        Id = "facilities",
        Title = "Facilities",
        Description = "Schools, clinics and other facilities, with whether they are connected and at what speed, where known.",
        Scope = LayerScope.Project,
        Privacy = LayerPrivacy.None,
        GeometryType = "Point",
        From = "facility f",
        ScopeWhere = "f.project_id = @project",
        GeometrySql = "f.geom",
        IdSql = "f.id",
        IdName = "id",
        Columns =
        [
            new("id", ColumnType.Integer, "Facility id.", "f.id", Nullable: false),
            new("kind", ColumnType.Text, "school, clinic, …", "f.kind", Nullable: false),
            new("name", ColumnType.Text, "Facility name.", "f.name"),
            new("connected", ColumnType.Boolean, "Known to be connected (null: unknown).", "f.connected"),
            new("speed_mbps", ColumnType.Real, "Known connection speed, Mbit/s.", "f.speed_mbps"),
            new("dataset_id", ColumnType.Integer, "The dataset the feature was imported with.", "f.dataset_id", Nullable: false),
        ],
        TileColumnNames = ["id", "kind", "name", "connected", "speed_mbps"],
    };

    /// <summary>
    /// measurements: aggregated speed-test rows (Ookla tiles and similar) built from at least the project's floor of
    /// devices and tests. A raw test (one device) is below any floor, so raw points are never served.
    /// </summary>
    public static LayerDefinition Measurements { get; } = new()
    {
        Id = "measurements",
        Title = "Speed-test aggregates",
        Description = "Aggregated speed tests (e.g. Ookla tiles) per period and network; only aggregates of at least the project's " +
                      "minimum devices and tests are served (DESIGN §6), never raw tests.",
        Scope = LayerScope.Project,
        Privacy = LayerPrivacy.OnlyAtOrAboveFloor,
        GeometryType = "Geometry",
        From = "measurement m",
        ScopeWhere = "m.project_id = @project AND " + Publication.AtOrAboveFloorSql("m"),
        GeometrySql = "m.geom",
        IdSql = "m.id",
        IdName = "id",
        PeriodSql = "m.period",
        Columns =
        [
            new("id", ColumnType.Integer, "Measurement row id.", "m.id", Nullable: false),
            new("period", ColumnType.Text, "Period of the tests (e.g. 2024Q1).", "m.period"),
            new("network", ColumnType.Text, "fixed, mobile or unknown.", "m.network", Nullable: false),
            new("down_kbps", ColumnType.Real, "Average download speed, kbit/s.", "m.down_kbps"),
            new("up_kbps", ColumnType.Real, "Average upload speed, kbit/s.", "m.up_kbps"),
            new("latency_ms", ColumnType.Real, "Average latency, ms.", "m.latency_ms"),
            new("tests", ColumnType.Integer, "Tests in the aggregate.", "m.tests", Nullable: false),
            new("devices", ColumnType.Integer, "Devices in the aggregate.", "m.devices", Nullable: false),
            new("quadkey", ColumnType.Text, "Ookla tile quadkey.", "m.quadkey"),
            new("dataset_id", ColumnType.Integer, "The dataset the row was imported with.", "m.dataset_id", Nullable: false),
        ],
        TileColumnNames = ["id", "period", "network", "down_kbps", "up_kbps", "latency_ms", "tests", "devices"],
    };

    /// <summary>
    /// population: the people layers of DESIGN §5.3 — raster cells as polygons, areas, points and building footprints —
    /// with people per km² for the density map (polygons only; a point has no area).
    /// </summary>
    public static LayerDefinition Population { get; } = new()
    {
        Id = "population",
        Title = "Population",
        Description = "People per raster cell, area, point or building footprint, as imported from population layers (WorldPop, HRSL, " +
                      "GHSL, building footprints), with people per km² for polygons.",
        Scope = LayerScope.Project,
        Privacy = LayerPrivacy.None,
        GeometryType = "Geometry",
        From = "population p",
        ScopeWhere = "p.project_id = @project",
        GeometrySql = "p.geom",
        IdSql = "p.id",
        IdName = "id",
        Columns =
        [
            new("id", ColumnType.Integer, "Population row id.", "p.id", Nullable: false),
            new("kind", ColumnType.Text, "cell, area, point or building.", "p.kind", Nullable: false),
            new("people", ColumnType.Real, "People in the cell, area, point or building.", "p.people", Nullable: false),
            new("people_per_km2", ColumnType.Real, "People per km² (polygons; null for points).",
                "CASE WHEN ST_Dimension(p.geom) = 2 THEN p.people / NULLIF(ST_Area(p.geom::geography), 0) * 1e6 END"),
            new("floors", ColumnType.Real, "Floors of a building, where known.", "p.floors"),
            new("dataset_id", ColumnType.Integer, "The dataset the row was imported with.", "p.dataset_id", Nullable: false),
        ],
        TileColumnNames = ["id", "kind", "people", "people_per_km2"],
    };

    /// <summary>Every layer, run layers first.</summary>
    public static IReadOnlyList<LayerDefinition> All { get; } = [Results, Gaps, Settlements, Coverage, Sites, Facilities, Measurements, Population];

    public static LayerDefinition? Find(string id) => All.FirstOrDefault(l => string.Equals(l.Id, id, StringComparison.Ordinal));

    /// <summary>The Core result columns over settlement_result alias <paramref name="alias"/>, withheld figures behind <see cref="Publication"/>.</summary>
    private static IEnumerable<LayerColumn> ResultColumnsOf(string alias) => SettlementRow.Columns.Select(c => Result(alias, c));

    private static LayerColumn Result(string alias, string name) => Result(alias, SettlementRow.Columns.Single(c => c.Name == name));

    private static LayerColumn Result(string alias, ResultColumn c) => new(c.Name, TypeOf(c.Kind), c.Description,
        c.Withheld ? Publication.WithheldValueSql(alias, c.Name)
        : c.Name == "suppressed" ? Publication.WithheldSql(alias)
        : $"{alias}.{c.Name}",
        Nullable: c.Nullable || c.Withheld);

    /// <summary>Writer types of Core's value kinds: ids and counts are integers in every format.</summary>
    public static ColumnType TypeOf(ResultValueKind kind) => kind switch
    {
        ResultValueKind.Id or ResultValueKind.Count => ColumnType.Integer,
        ResultValueKind.Real => ColumnType.Real,
        ResultValueKind.Boolean => ColumnType.Boolean,
        _ => ColumnType.Text,
    };
}
