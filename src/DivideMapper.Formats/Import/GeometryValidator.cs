using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.IO;
using NetTopologySuite.Operation.Valid;

namespace DivideMapper.Formats.Import;

/// <summary>
/// The geometry checks of an import, in source coordinates: finite coordinates, the type a role needs, emptiness,
/// lon/lat range (with a hint when swapping the axes would fit), and OGC validity with the location of the error.
/// Under Repair, GeometryFixer mends invalid polygons and the fix is reported.
/// </summary>
internal static class GeometryValidator
{
    public static bool IsPolygonRole(DatasetRole role) => role is DatasetRole.Settlements or DatasetRole.Coverage;
    public static bool IsPointRole(DatasetRole role) => role is DatasetRole.Sites or DatasetRole.Facilities;

    /// <summary>True when any coordinate carries a Z or M value; see <see cref="DropZM"/>.</summary>
    public static bool HasZOrM(Geometry g)
    {
        if (g is Point { CoordinateSequence: var point })
            return point.Count > 0 && ((point.HasZ && !double.IsNaN(point.GetZ(0))) || (point.HasM && !double.IsNaN(point.GetM(0))));
        var found = false;
        g.Apply(new SequenceVisitor(seq =>
        {
            if (seq.HasZ)
                for (var i = 0; i < seq.Count && !found; i++) found = !double.IsNaN(seq.GetZ(i));
            if (seq.HasM)
                for (var i = 0; i < seq.Count && !found; i++) found = !double.IsNaN(seq.GetM(i));
        }));
        return found;
    }

    /// <summary>A copy with x and y only.</summary>
    public static Geometry DropZM(Geometry g)
    {
        var writer = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false, emitM: false);
        return new WKBReader(NetTopologySuite.NtsGeometryServices.Instance).Read(writer.Write(g));
    }

    public static Coordinate? FirstNonFinite(Geometry g)
    {
        if (g is Point { IsEmpty: false } p) return double.IsFinite(p.X) && double.IsFinite(p.Y) ? null : p.Coordinate;
        foreach (var c in g.Coordinates)
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y)) return c;
        return null;
    }

    /// <summary>
    /// The geometry in the shape the role stores (MultiPolygon for polygon roles, Point for point roles, Polygon or
    /// Point for measurements), or null when the type does not fit.
    /// </summary>
    public static Geometry? ToRoleType(Geometry g, DatasetRole role)
    {
        if (IsPolygonRole(role))
            return g switch
            {
                MultiPolygon => g,
                Polygon p => g.Factory.CreateMultiPolygon([p]),
                _ => null,
            };
        if (IsPointRole(role))
            return g switch
            {
                Point => g,
                MultiPoint { NumGeometries: 1 } mp => mp.GetGeometryN(0),
                MultiPoint { IsEmpty: true } => g.Factory.CreatePoint(),
                _ => null,
            };
        return g switch // measurements: a tile polygon or a point
        {
            Point or Polygon => g,
            MultiPoint { NumGeometries: 1 } mp => mp.GetGeometryN(0),
            MultiPolygon { NumGeometries: 1 } mp => mp.GetGeometryN(0),
            MultiPolygon => g,
            _ => null,
        };
    }

    public static string Expected(DatasetRole role) => IsPolygonRole(role)
        ? "Polygon or MultiPolygon"
        : IsPointRole(role) ? "Point (or a MultiPoint of one point)" : "Polygon (a tile) or Point";

    /// <summary>The first coordinate outside lon −180…180 / lat −90…90, and whether swapping x and y would fit.</summary>
    public static (Coordinate At, bool SwapFits)? OutOfLonLatRange(Geometry g)
    {
        if (g is Point { IsEmpty: false } p && Math.Abs(p.X) <= 180 && Math.Abs(p.Y) <= 90) return null;
        Coordinate? first = null;
        var swapFitsAll = true;
        foreach (var c in g.Coordinates)
        {
            var inRange = Math.Abs(c.X) <= 180 && Math.Abs(c.Y) <= 90;
            if (!inRange) first ??= c;
            if (Math.Abs(c.Y) > 180 || Math.Abs(c.X) > 90) swapFitsAll = false;
        }
        return first is null ? null : (first, swapFitsAll);
    }

    /// <summary>The OGC validity error of a polygonal geometry, or null when valid (points and lines: always null).</summary>
    public static TopologyValidationError? ValidityError(Geometry g)
    {
        if (g is not (Polygon or MultiPolygon)) return null;
        var op = new IsValidOp(g);
        return op.IsValid ? null : op.ValidationError;
    }

    public static string CodeOf(TopologyValidationError error) =>
        error.ErrorType is TopologyValidationErrors.SelfIntersection or TopologyValidationErrors.RingSelfIntersection
            ? ErrorCodes.SelfIntersection
            : ErrorCodes.InvalidGeometry;

    public static string Explain(TopologyValidationError error) => error.ErrorType switch
    {
        TopologyValidationErrors.SelfIntersection => "the polygon's boundary crosses itself (a bow-tie or figure eight)",
        TopologyValidationErrors.RingSelfIntersection => "a ring touches or crosses itself",
        TopologyValidationErrors.HoleOutsideShell => "a hole lies outside its polygon",
        TopologyValidationErrors.NestedHoles => "a hole lies inside another hole",
        TopologyValidationErrors.DisconnectedInteriors => "holes split the polygon's interior into pieces",
        TopologyValidationErrors.NestedShells => "one polygon of the multipolygon lies inside another",
        TopologyValidationErrors.DuplicateRings => "a ring is repeated",
        TopologyValidationErrors.TooFewPoints => "a ring or line has too few distinct points",
        TopologyValidationErrors.RingNotClosed => "a ring is not closed",
        TopologyValidationErrors.InvalidCoordinate => "a coordinate is not a valid number",
        _ => error.Message.ToLowerInvariant(),
    };

    /// <summary>GeometryFixer's repair, in the role's type; null when nothing usable is left.</summary>
    public static Geometry? Repair(Geometry g, DatasetRole role)
    {
        var fixedGeometry = GeometryFixer.Fix(g);
        if (fixedGeometry.IsEmpty) return null;
        if (fixedGeometry is GeometryCollection { } gc and not MultiPolygon and not MultiPoint)
        {
            // A fix can leave lines/points beside polygons; keep the polygons.
            var polygons = Enumerable.Range(0, gc.NumGeometries).Select(gc.GetGeometryN).OfType<Polygon>().ToArray();
            if (polygons.Length == 0) return null;
            fixedGeometry = g.Factory.CreateMultiPolygon(polygons);
        }
        var typed = ToRoleType(fixedGeometry, role);
        return typed is null || typed.IsEmpty || !typed.IsValid ? null : typed;
    }

    private sealed class SequenceVisitor(Action<CoordinateSequence> visit) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => false;
        public void Filter(CoordinateSequence seq) => visit(seq);
    }
}
