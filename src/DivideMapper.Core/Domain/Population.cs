using NetTopologySuite.Geometries;

namespace DivideMapper.Core.Domain;

/// <summary>What one row of a population layer is; it decides how the analysis shares its people out.</summary>
public enum PopulationKind
{
    /// <summary>A raster cell (WorldPop, HRSL, GHSL): people spread evenly over the cell's area.</summary>
    Cell,

    /// <summary>A polygon with a population value (e.g. an enumeration area): people spread evenly over it.</summary>
    Area,

    /// <summary>A point with a population value: its people are where the point is.</summary>
    Point,

    /// <summary>A building footprint: its people (from the import's rule) spread over the footprint.</summary>
    Building,
}

public static class PopulationKinds
{
    public static string ToSlug(this PopulationKind kind) => kind.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out PopulationKind kind) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out kind) && Enum.IsDefined(kind);

    /// <summary>
    /// How fine-grained a layer of this kind is: buildings place people on rooftops, cells on a grid, areas and points
    /// least. The analysis uses the finest layer a project has (DESIGN §5.3).
    /// </summary>
    public static int Detail(this PopulationKind kind) => kind switch
    {
        PopulationKind.Building => 3,
        PopulationKind.Cell => 2,
        _ => 1,
    };
}

/// <summary>
/// One row of a population layer (EPSG:4326): a raster cell (Polygon), an area (Polygon/MultiPolygon), a point, or a
/// building footprint. <paramref name="People"/> is the people it holds (≥ 0); <paramref name="Floors"/> is known
/// for buildings only.
/// </summary>
public sealed record PopulationFeature(long Id, PopulationKind Kind, double People, double? Floors, Geometry Geometry);
