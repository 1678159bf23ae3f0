using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Geometries.Utilities;
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
/// One polygon of a footprint in the metric CRS: a part of a coverage polygon, or a site disk. Work is deferred to
/// first use because most pieces never meet a settlement: coverage parts are validated (and repaired) lazily, and
/// disks are buffered only when they partly overlap one (a 12 km 2G disk usually covers a settlement outright,
/// which is decided analytically). Shared by all worker threads; lazily built state is published atomically and
/// is the same whichever thread builds it.
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
    private readonly Polygon? _raw;
    private readonly Action<long, string, string>? _report;
    private Shape? _shape;

    /// <summary>A part of a projected coverage polygon, not yet validated; repairs are reported through <paramref name="report"/>.</summary>
    public CoveragePiece(Tech tech, long sourceId, string? @operator, Polygon projected, Action<long, string, string> report)
    {
        Tech = tech;
        Operator = @operator;
        SourceId = sourceId;
        Envelope = projected.EnvelopeInternal;
        _factory = projected.Factory;
        _raw = projected;
        _report = report;
    }

    /// <summary>A site disk of <paramref name="radius"/> metres around a projected point.</summary>
    public CoveragePiece(Tech tech, long sourceId, string? @operator, Coordinate center, double radius, int quadrantSegments, GeometryFactory factory)
    {
        Tech = tech;
        Operator = @operator;
        SourceId = sourceId;
        Envelope = new Envelope(center.X - radius, center.X + radius, center.Y - radius, center.Y + radius);
        _factory = factory;
        _center = center;
        _radius = radius;
        _quadrantSegments = quadrantSegments;
        // The buffer is a regular 4·q-gon inscribed in the circle, so it contains the circle of radius r·cos(π / 4q).
        // A hair less absorbs the rounding of the buffer's vertices.
        _apothem = radius * Math.Cos(Math.PI / (4 * quadrantSegments)) * (1 - 1e-9);
    }

    /// <summary>Position in the run's input (coverage parts first, then sites); the final tie-breaker of processing order.</summary>
    public int Ordinal { get; set; }

    public Tech Tech { get; }

    public long SourceId { get; }

    /// <summary>The operator of the coverage row or site (e.g. an MCC-MNC), or null when the source names none.</summary>
    public string? Operator { get; }

    public bool IsDisk => _center is not null;

    public Envelope Envelope { get; }

    /// <summary>The piece as a valid polygonal geometry (built on first access).</summary>
    public Geometry Geometry => GetShape().Geometry;

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
        var filter = new MaxDistanceFilter(center);
        region.Apply(filter);
        maxSq = filter.MaxSquared;
        // All vertices inside the inscribed circle ⇒ the (convex) disk polygon covers their hull, hence the region.
        if (maxSq <= _apothem * _apothem) return PieceRelation.Covers;
        // The disk polygon lies within the circle, so a region at least r away can touch it only at a vertex.
        if (DistanceOp.Distance(_factory.CreatePoint(center), region) >= _radius) return PieceRelation.Disjoint;
        return PieceRelation.Partial;
    }

    private PieceRelation RelatePolygon(Geometry region, Envelope regionEnvelope)
    {
        var shape = GetShape();
        if (shape.Geometry.IsEmpty) return PieceRelation.Disjoint;
        if (shape.Prepared is { } prepared)
        {
            if (!prepared.Intersects(region)) return PieceRelation.Disjoint;
            return Envelope.Covers(regionEnvelope) && prepared.Covers(region) ? PieceRelation.Covers : PieceRelation.Partial;
        }
        // RelateNG answers a single predicate and stops as soon as it is known; the geometries' own Intersects/Covers
        // (RelateV1) build the full intersection matrix with a topology graph, which was a third of the overlay phase.
        if (!GeometryRelate.NG.Intersects(shape.Geometry, region)) return PieceRelation.Disjoint;
        return Envelope.Covers(regionEnvelope) && GeometryRelate.NG.Covers(shape.Geometry, region) ? PieceRelation.Covers : PieceRelation.Partial;
    }

    private Shape GetShape()
    {
        if (Volatile.Read(ref _shape) is { } existing) return existing;
        var built = IsDisk ? BuildDisk() : BuildCoverage();
        return Interlocked.CompareExchange(ref _shape, built, null) ?? built;
    }

    private Shape BuildDisk() =>
        new(BufferOp.Buffer(_factory.CreatePoint(_center!), _radius, new BufferParameters(_quadrantSegments)), null);

    private Shape BuildCoverage()
    {
        Geometry geometry = _raw!;
        if (!geometry.IsValid)
        {
            var repaired = GeometryFixer.Fix(geometry);
            if (repaired is Polygon or MultiPolygon && !repaired.IsEmpty)
            {
                _report!(SourceId, "invalid-geometry-repaired", "The coverage polygon was invalid in the metric CRS and was repaired with NTS GeometryFixer.");
                geometry = repaired;
            }
            else
            {
                _report!(SourceId, "invalid-geometry", "The coverage polygon is invalid and could not be repaired to an area; it adds no coverage.");
                geometry = _factory.CreatePolygon();
            }
        }
        return new(geometry, geometry.NumPoints > PrepareAboveVertices ? PreparedGeometryFactory.Prepare(geometry) : null);
    }

    private sealed record Shape(Geometry Geometry, IPreparedGeometry? Prepared);

    /// <summary>Largest squared distance from a centre to any vertex, without copying the coordinates.</summary>
    private sealed class MaxDistanceFilter(Coordinate center) : IEntireCoordinateSequenceFilter
    {
        public double MaxSquared { get; private set; }

        public bool Done => false;

        public bool GeometryChanged => false;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                double dx = seq.GetX(i) - center.X, dy = seq.GetY(i) - center.Y;
                MaxSquared = Math.Max(MaxSquared, dx * dx + dy * dy);
            }
        }
    }
}
