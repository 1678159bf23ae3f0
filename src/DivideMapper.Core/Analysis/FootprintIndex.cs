using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace DivideMapper.Core.Analysis;

/// <summary>Per-settlement overlay outcome: the uncovered area at each footprint level and the gap polygon at T.</summary>
/// <param name="GapAreaByTech">area(S − F(t)) in m², indexed by <c>(int)Tech</c> for 2G…fixed.</param>
/// <param name="Gap">S − F(T) in the metric CRS (polygonal, possibly empty).</param>
/// <param name="CoveragePieces">Coverage parts that overlapped the settlement.</param>
/// <param name="SiteDisks">Site disks that overlapped the settlement.</param>
internal sealed record FootprintOverlay(double[] GapAreaByTech, Geometry Gap, int CoveragePieces, int SiteDisks);

/// <summary>
/// All footprint pieces of a run (coverage parts and site disks, every tech) in one STRtree, and the per-settlement
/// overlay that uses it. There is deliberately no global union: each settlement only unions its local candidates.
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

    public FootprintIndex(IEnumerable<CoveragePiece> pieces)
    {
        foreach (var piece in pieces) _tree.Insert(piece.Envelope, piece);
        _tree.Build(); // built once here; queries from many threads are then read-only
    }

    /// <summary>Computes the nested gaps of <paramref name="settlement"/> (metric, valid, polygonal) down to 2G.</summary>
    public FootprintOverlay Overlay(Geometry settlement, Tech target)
    {
        // Deterministic processing order whatever the tree's internal order (overlay results can differ in the last
        // bits with operand order, and runs must reproduce exactly). Within a tech, big pieces go first: they shrink
        // the region most, so more of the remaining pieces are then decided without an overlay.
        var candidates = _tree.Query(settlement.EnvelopeInternal)
            .OrderByDescending(p => p.Tech)
            .ThenByDescending(p => p.Envelope.Area)
            .ThenBy(p => p.IsDisk)
            .ThenBy(p => p.SourceId)
            .ToList();

        var gapAreas = new double[(int)Tech.Fixed + 1];
        Geometry remaining = settlement;
        Geometry? gapAtTarget = null;
        double gapArea = settlement.Area;
        int coverageParts = 0, disks = 0, next = 0;

        foreach (var level in LevelsDescending)
        {
            for (; next < candidates.Count && candidates[next].Tech == level; next++)
            {
                if (remaining.IsEmpty) continue;
                var piece = candidates[next];
                // Related to what is still uncovered, not to the whole settlement: after the first pieces most
                // others no longer touch it, or one of them covers all of it.
                var relation = piece.RelateTo(remaining);
                if (relation == PieceRelation.Disjoint) continue;
                if (piece.IsDisk) disks++; else coverageParts++;
                remaining = relation == PieceRelation.Covers
                    ? settlement.Factory.CreatePolygon()
                    : Polygonal(OverlayNGRobust.Overlay(remaining, piece.Geometry, SpatialFunction.Difference));
            }

            // D_t ⊆ D_{t+1}, so the area cannot grow; re-noding a region against a piece that only touches it can
            // change the last bits of its area, which would break 2G ≥ 3G ≥ 4G ≥ 5G by rounding.
            gapArea = Math.Min(gapArea, remaining.Area);
            gapAreas[(int)level] = gapArea;
            if (level == target) gapAtTarget = remaining;
        }

        return new FootprintOverlay(gapAreas, gapAtTarget ?? remaining, coverageParts, disks);
    }

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
