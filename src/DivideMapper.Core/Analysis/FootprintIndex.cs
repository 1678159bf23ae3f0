using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace DivideMapper.Core.Analysis;

/// <summary>Per-settlement overlay outcome: the uncovered area at each footprint level and the gap polygon at T.</summary>
/// <param name="GapAreaByTech">area(S − F(t)) in m², indexed by <c>(int)Tech</c> for 2G…fixed.</param>
/// <param name="Gap">S − F(T) in the metric CRS (polygonal, possibly empty).</param>
/// <param name="CoveragePieces">Coverage parts used: they overlapped what was still uncovered when their turn came.</param>
/// <param name="SiteDisks">Site disks used, likewise.</param>
/// <param name="GapByTech">S − F(t) per tech (indexed by <c>(int)Tech</c>; the same object where a level changed nothing),
/// for counting people per tech (<see cref="PopulationModel"/>).</param>
internal sealed record FootprintOverlay(double[] GapAreaByTech, Geometry Gap, int CoveragePieces, int SiteDisks, Geometry[]? GapByTech = null)
{
    /// <summary>S − F(t); the target's gap when per-tech gaps were not kept.</summary>
    public Geometry GapOf(Tech tech) => GapByTech?[(int)tech] ?? Gap;
}

/// <summary>
/// All footprint pieces of a run (coverage parts and site disks, every tech) in one STRtree, and the per-settlement
/// overlay that uses it. There is deliberately no global union: each settlement only subtracts its local candidates.
/// </summary>
/// <remarks>
/// F(t) = ⋃ pieces with tech ≥ t, so the footprints nest: F(fixed) ⊆ F(5G) ⊆ F(4G) ⊆ F(3G) ⊆ F(2G). Walking t from
/// fixed down to 2G, the uncovered part shrinks as D_t = D_{t+1} − (pieces of tech exactly t), starting from
/// D = S. Each piece is first related to what is still uncovered: disjoint pieces are skipped, a piece covering it
/// empties it (for this and all lower techs), and only the rest costs an OverlayNG difference, which itself clips
/// the piece to the region's envelope. area(S ∩ F(t)) = area(S) − area(D_t).
/// </remarks>
internal sealed class FootprintIndex
{
    /// <summary>Footprint levels from the most capable down; Tech values index the arrays.</summary>
    internal static readonly Tech[] LevelsDescending = [Tech.Fixed, Tech.G5, Tech.G4, Tech.G3, Tech.G2];

    private readonly STRtree<CoveragePiece> _tree = new();

    /// <param name="pieces">All pieces; each one's <see cref="CoveragePiece.Ordinal"/> must be unique (it breaks ties).</param>
    public FootprintIndex(IEnumerable<CoveragePiece> pieces)
    {
        foreach (var piece in pieces) _tree.Insert(piece.Envelope, piece);
        _tree.Build(); // built once here; queries from many threads are then read-only
    }

    /// <summary>Computes the nested gaps of <paramref name="settlement"/> (metric, valid, polygonal) down to 2G.</summary>
    public FootprintOverlay Overlay(Geometry settlement, Tech target)
    {
        // Bucket the candidates by tech; a bucket is sorted only if its level is reached with something left to
        // cover (with 12 km 2G disks a settlement can have thousands of candidates, nearly all of them redundant).
        var buckets = new List<CoveragePiece>?[(int)Tech.Fixed + 1];
        foreach (var piece in _tree.Query(settlement.EnvelopeInternal))
            (buckets[(int)piece.Tech] ??= []).Add(piece);

        var gapAreas = new double[(int)Tech.Fixed + 1];
        var gaps = new Geometry[(int)Tech.Fixed + 1];
        Geometry remaining = settlement;
        Geometry? gapAtTarget = null;
        double gapArea = settlement.Area;
        int coverageParts = 0, disks = 0;

        foreach (var level in LevelsDescending)
        {
            if (!remaining.IsEmpty && buckets[(int)level] is { } bucket)
            {
                // Deterministic order whatever the tree's internal order (overlay results can differ in the last
                // bits with operand order, and runs must reproduce exactly). Big pieces first: they shrink the region
                // most, so more of the others are then decided without an overlay.
                bucket.Sort(BiggestFirst);
                foreach (var piece in bucket)
                {
                    // Related to what is still uncovered, not to the whole settlement: after the first pieces most
                    // others no longer touch it, or one of them covers all of it.
                    var relation = piece.RelateTo(remaining);
                    if (relation == PieceRelation.Disjoint) continue;
                    if (piece.IsDisk) disks++; else coverageParts++;
                    remaining = relation == PieceRelation.Covers
                        ? settlement.Factory.CreatePolygon()
                        : Polygonal(OverlayNGRobust.Overlay(remaining, piece.Geometry, SpatialFunction.Difference));
                    if (remaining.IsEmpty) break;
                }
            }

            // D_t ⊆ D_{t+1}, so the area cannot grow; re-noding a region against a piece that only touches it can
            // change the last bits of its area, which would break 2G ≥ 3G ≥ 4G ≥ 5G by rounding.
            gapArea = Math.Min(gapArea, remaining.Area);
            gapAreas[(int)level] = gapArea;
            gaps[(int)level] = remaining;
            if (level == target) gapAtTarget = remaining;
        }

        return new FootprintOverlay(gapAreas, gapAtTarget ?? remaining, coverageParts, disks, gaps);
    }

    private static readonly Comparison<CoveragePiece> BiggestFirst = (a, b) =>
    {
        int byArea = b.Envelope.Area.CompareTo(a.Envelope.Area);
        return byArea != 0 ? byArea : a.Ordinal.CompareTo(b.Ordinal);
    };

    // Overlay of polygons yields polygons; a collapsed result may still come back as a collection — keep its areas.
    private static Geometry Polygonal(Geometry g)
    {
        if (g is Polygon or MultiPolygon) return g;
        var polygons = new List<Polygon>();
        for (int i = 0; i < g.NumGeometries; i++)
            if (g.GetGeometryN(i) is Polygon p && !p.IsEmpty) polygons.Add(p);
        return polygons.Count == 1 ? polygons[0] : g.Factory.CreateMultiPolygon([.. polygons]);
    }
}
