using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Buffer;
using NetTopologySuite.Operation.Distance;

namespace DivideMapper.Core.Analysis;

/// <summary>How a footprint piece relates to the part of a settlement still uncovered.</summary>
internal enum PieceRelation
{
    /// <summary>No shared area (at most touching).</summary>
    Disjoint,

    /// <summary>The piece covers the whole region.</summary>
    Covers,

    /// <summary>Anything else: overlay needed.</summary>
    Partial,
}

/// <summary>
/// One polygon of a footprint in the metric CRS: a part of a coverage polygon, or a site disk. Disks are built on
/// first use only, because most are decided analytically (a 12 km 2G disk usually covers a whole settlement).
/// Shared by all worker threads; everything mutable is published atomically.
/// </summary>
internal sealed class CoveragePiece
{
    // Coverage parts larger than this are prepared (indexed) for the covers/intersects short-cuts.
    private const int PrepareAboveVertices = 64;

    private readonly Coordinate? _center;
    private readonly double _radius;
    private readonly double _apothem;
    private readonly int _quadrantSegments;
    private readonly GeometryFactory _factory;
    private Polygon? _polygon;
    private readonly IPreparedGeometry? _prepared;

    private CoveragePiece(Tech tech, long sourceId, Envelope envelope, GeometryFactory factory)
    {
        Tech = tech;
        SourceId = sourceId;
        Envelope = envelope;
        _factory = factory;
    }

    /// <summary>A part of a coverage polygon (already projected and valid).</summary>
    public CoveragePiece(Tech tech, long sourceId, Polygon polygon)
        : this(tech, sourceId, polygon.EnvelopeInternal, (GeometryFactory)polygon.Factory)
    {
        _polygon = polygon;
        if (polygon.NumPoints > PrepareAboveVertices) _prepared = PreparedGeometryFactory.Prepare(polygon);
    }

    /// <summary>A site disk of <paramref name="radius"/> metres around a projected point.</summary>
    public CoveragePiece(Tech tech, long sourceId, Coordinate center, double radius, int quadrantSegments, GeometryFactory factory)
        : this(tech, sourceId, new Envelope(center.X - radius, center.X + radius, center.Y - radius, center.Y + radius), factory)
    {
        _center = center;
        _radius = radius;
        _quadrantSegments = quadrantSegments;
        // The buffer is a regular 4·q-gon inscribed in the circle, so it contains the circle of radius r·cos(π / 4q).
        // A hair less absorbs the rounding of the buffer's vertices.
        _apothem = radius * Math.Cos(Math.PI / (4 * quadrantSegments)) * (1 - 1e-9);
    }

    public Tech Tech { get; }

    public long SourceId { get; }

    public bool IsDisk => _center is not null;

    public Envelope Envelope { get; }

    /// <summary>The piece as a polygon (a disk is buffered on first access, identically on every thread).</summary>
    public Polygon Polygon
    {
        get
        {
            if (_polygon is { } p) return p;
            var disk = (Polygon)BufferOp.Buffer(_factory.CreatePoint(_center!), _radius, new BufferParameters(_quadrantSegments));
            return Interlocked.CompareExchange(ref _polygon, disk, null) ?? disk;
        }
    }

    /// <summary>How this piece relates to <paramref name="region"/> (the still uncovered part of a settlement).</summary>
    public PieceRelation RelateTo(Geometry region)
    {
        var regionEnvelope = region.EnvelopeInternal;
        if (!Envelope.Intersects(regionEnvelope)) return PieceRelation.Disjoint;
        return IsDisk ? RelateDisk(region) : RelatePolygon(region, regionEnvelope);
    }

    private PieceRelation RelateDisk(Geometry region)
    {
        var center = _center!;
        double maxSq = 0;
        foreach (var c in region.Coordinates)
            maxSq = Math.Max(maxSq, (c.X - center.X) * (c.X - center.X) + (c.Y - center.Y) * (c.Y - center.Y));
        // All vertices inside the inscribed circle ⇒ the (convex) disk polygon covers their hull, hence the region.
        if (maxSq <= _apothem * _apothem) return PieceRelation.Covers;
        // The disk polygon lies within the circle, so a region at least r away can touch it only at a vertex.
        if (DistanceOp.Distance(_factory.CreatePoint(center), region) >= _radius) return PieceRelation.Disjoint;
        return PieceRelation.Partial;
    }

    private PieceRelation RelatePolygon(Geometry region, Envelope regionEnvelope)
    {
        if (_prepared is not null)
        {
            if (!_prepared.Intersects(region)) return PieceRelation.Disjoint;
            return Envelope.Covers(regionEnvelope) && _prepared.Covers(region) ? PieceRelation.Covers : PieceRelation.Partial;
        }
        if (!_polygon!.Intersects(region)) return PieceRelation.Disjoint;
        return Envelope.Covers(regionEnvelope) && _polygon.Covers(region) ? PieceRelation.Covers : PieceRelation.Partial;
    }
}
