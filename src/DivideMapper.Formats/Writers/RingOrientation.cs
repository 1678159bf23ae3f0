using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Writers;

/// <summary>
/// Polygons with counter-clockwise outer rings and clockwise holes (the right-hand rule of RFC 7946 §3.1.6 and
/// GeoParquet's <c>orientation: counterclockwise</c>). NTS keeps rings as they were read, and shapefiles store them
/// the other way round, so every writer that promises an orientation applies this first.
/// </summary>
public static class RingOrientation
{
    /// <summary>The same geometry with rings oriented; geometries without rings come back as they are.</summary>
    public static Geometry CounterClockwise(Geometry geometry) => geometry switch
    {
        Polygon polygon => Orient(polygon),
        MultiPolygon multi => multi.Factory.CreateMultiPolygon(
            Enumerable.Range(0, multi.NumGeometries).Select(i => Orient((Polygon)multi.GetGeometryN(i))).ToArray()),
        _ => geometry,
    };

    private static Polygon Orient(Polygon polygon)
    {
        if (IsOriented(polygon)) return polygon;
        var shell = Ring(polygon.Shell, counterClockwise: true);
        var holes = polygon.Holes.Select(h => Ring(h, counterClockwise: false)).ToArray();
        return polygon.Factory.CreatePolygon(shell, holes);
    }

    private static bool IsOriented(Polygon polygon) =>
        IsCcw(polygon.Shell) && polygon.Holes.All(h => !IsCcw(h));

    private static bool IsCcw(LinearRing ring) => ring.NumPoints < 4 || Orientation.IsCCW(ring.CoordinateSequence);

    private static LinearRing Ring(LinearRing ring, bool counterClockwise) =>
        IsCcw(ring) == counterClockwise ? ring : (LinearRing)ring.Reverse();
}
