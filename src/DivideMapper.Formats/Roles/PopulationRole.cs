using System.Globalization;
using DivideMapper.Core.Domain;
using DivideMapper.Formats.Import;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Roles;

/// <summary>
/// Population layers (DESIGN §5.3): raster cells (read by <c>Rasters.GeoTiffReader</c>, which builds these rows
/// itself), points or polygons with a population value, and building footprints whose people follow a rule given at
/// import (<c>--people-per-building N</c> or <c>--people-per-m2 X</c>, times the floors when the file has them).
/// </summary>
internal static class PopulationRole
{
    /// <summary>Metres per floor when only a height is known (a common storey height, used by GHSL and OSM tools).</summary>
    public const double MetresPerFloor = 3.0;

    public static RoleDeclaration<PopulationFeature> Declaration { get; } = new()
    {
        Role = DatasetRole.Population,
        Geometry = RoleGeometry.PolygonsOrPoints,
        Targets = ["id", "population", "floors", "height", "kind"],
        Table = "population",
        ClipToProjectArea = true,
        Columns = ["kind", "people", "floors", "geom"],
        Check = c =>
        {
            if (c.Options.PeoplePerBuilding is not null && c.Options.PeoplePerM2 is not null)
                c.Require("single building rule", false, "give one of the people-per-building and people-per-m2 options, not both");
            c.Require("population", c.Has("population") || HasBuildingRule(c.Options),
                "population, pop, people …; for building footprints without one give the people-per-building or people-per-m2 option");
        },
        Rule = options => RuleText(options, hasPopulationField: true),
        Builder = Build,
        GeometryOfRow = p => p.Geometry,
        IdOfRow = p => p.Id,
        Writer = (w, p, _) =>
        {
            w.WriteText(p.Kind.ToSlug());
            w.Write(p.People);
            w.Write(p.Floors);
            w.WriteGeometry(p.Geometry);
        },
    };

    public static bool HasBuildingRule(ImportOptions options) => options.PeoplePerBuilding is not null || options.PeoplePerM2 is not null;

    /// <summary>The rule as the run and the report state it.</summary>
    public static string RuleText(ImportOptions options, bool hasPopulationField) =>
        options.PeoplePerBuilding is { } perBuilding
            ? Invariant($"buildings: {perBuilding} people per building × floors (1 when unknown; height ÷ {MetresPerFloor} m)")
            : options.PeoplePerM2 is { } perM2
                ? Invariant($"buildings: {perM2} people per m² of footprint × floors (1 when unknown; height ÷ {MetresPerFloor} m)")
                : hasPopulationField ? "features: the population value of each point, polygon or building" : "none";

    private static PopulationFeature Build(RowMapper.FeatureValues v, long rowId, Geometry geometry)
    {
        var options = v.Options;
        var floors = v.Number("floors", min: 0);
        if (floors is null && v.Number("height", min: 0) is { } height && height > 0) floors = Math.Max(1, Math.Round(height / MetresPerFloor));
        if (floors == 0) floors = null;
        if (HasBuildingRule(options) && geometry is Polygon or MultiPolygon)
        {
            var people = options.PeoplePerBuilding is { } perBuilding
                ? perBuilding * (floors ?? 1)
                : options.PeoplePerM2!.Value * SquareMetres(geometry) * (floors ?? 1);
            return new PopulationFeature(rowId, PopulationKind.Building, people, floors, geometry);
        }
        var population = v.Number("population", min: 0, max: Import.RowMapper.MaxPeople);
        if (population is null && !v.Failed) v.Missing(v.ColumnOf("population") ?? "population", "no population value");
        // Footprints with their own people (e.g. estimates per building) say so with kind=building.
        var kind = geometry is Point ? PopulationKind.Point
            : string.Equals(v.Text("kind") ?? options.Kind, "building", StringComparison.OrdinalIgnoreCase) ? PopulationKind.Building : PopulationKind.Area;
        return new PopulationFeature(rowId, kind, population ?? 0, floors, geometry);
    }

    /// <summary>
    /// Footprint area in m² from lon/lat: a local equirectangular projection about the shape's centre on the mean
    /// Earth radius. For a building (≤ 1 km) this is within 0.1 % of the UTM area, well inside any people-per-m² rule.
    /// </summary>
    internal static double SquareMetres(Geometry lonLat)
    {
        const double radius = 6_371_008.8;
        var lat0 = lonLat.EnvelopeInternal.Centre.Y * Math.PI / 180;
        var kx = Math.Cos(lat0) * radius * Math.PI / 180;
        var ky = radius * Math.PI / 180;
        var copy = lonLat.Copy();
        copy.Apply(new ScaleFilter(kx, ky));
        copy.GeometryChanged();
        return copy.Area;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed class ScaleFilter(double kx, double ky) : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            seq.SetX(i, seq.GetX(i) * kx);
            seq.SetY(i, seq.GetY(i) * ky);
        }
    }
}
