using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Import;

/// <summary>Geometry factories: one for source coordinates (no SRID) and one for the EPSG:4326 rows we hand on.</summary>
internal static class Factories
{
    public static GeometryFactory Source { get; } = NtsGeometryServices.Instance.CreateGeometryFactory(0);
    public static GeometryFactory Wgs84 { get; } = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
}
