using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace DivideMapper.Core.Analysis;

/// <summary>Per-settlement overlay outcome: the uncovered area at each footprint level and the gap polygon at T.</summary>
/// <param name="GapAreaByTech">area(S − F(t)) in m², indexed by <c>(int)Tech</c> for 2G…fixed.</param>
/// <param name="Gap">S − F(T) in the metric CRS (polygonal, possibly empty).</param>
/// <param name="Used">Pieces that decided part of some footprint: they overlapped what was still uncovered when their turn
/// came (pieces made redundant by higher-tech or larger ones are not listed), in processing order.</param>
/// <param name="OperatorCoveredShare">Per operator ("" when the source names none), area(S ∩ F_operator(T)) / area(S).</param>
/// <param name="GapByTech">S − F(t) per tech (indexed by <c>(int)Tech</c>; the same object where a level changed nothing),
/// for counting people per tech (<see cref="PopulationModel"/>).</param>
internal sealed record FootprintOverlay(double[] GapAreaByTech, Geometry Gap, IReadOnlyList<CoveragePiece> Used,
    IReadOnlyDictionary<string, double> OperatorCoveredShare, Geometry[]? GapByTech = null)
{
    /// <summary>S − F(t); the target's gap when per-tech gaps were not kept.</summary>
    public Geometry GapOf(Tech tech) => GapByTech?[(int)tech] ?? Gap;

    public int CoveragePieces => Used.Count(p => !p.IsDisk);

    public int SiteDisks => Used.Count(p => p.IsDisk);
}

/// <summary>
/// All footprint pieces of a run (coverage parts and site disks, every tech) in one STRtree, and the per-settlement
/// overlay that uses it. There is deliberately no global union: each settlement only subtracts its local candidates.
/// </summary>
/// <remarks>
/// For mobile t, F(t) = ⋃ mobile pieces with tech ≥ t, so the footprints nest: F(5G) ⊆ F(4G) ⊆ F(3G) ⊆ F(2G).
/// Walking t from 5G down to 2G, the uncovered part shrinks as D_t = D_{t+1} − (pieces of tech exactly t), starting
/// from D = S. F(fixed) = ⋃ fixed pieces is separate (DESIGN §5.1: fixed broadband is never mobile coverage), one more
/// walk from D = S. Each piece is first related to what is still uncovered: disjoint pieces are skipped, a piece
/// covering it empties it (for this and all lower techs), and only the rest costs an OverlayNG difference, which
/// itself clips the piece to the region's envelope. area(S ∩ F(t)) = area(S) − area(D_t).
/// </remarks>
internal sealed class FootprintIndex
{
    /// <summary>Mobile footprint levels from the most capable down; Tech values index the arrays.</summary>
    internal static readonly Tech[] MobileDescending = [Tech.G5, Tech.G4, Tech.G3, Tech.G2];

    private readonly STRtree<CoveragePiece> _tree = new();

    /// <param name="pieces">All pieces; each one's <see cref="CoveragePiece.Ordinal"/> must be unique (it breaks ties).</param>
    public FootprintIndex(IEnumerable<CoveragePiece> pieces)
    {
        foreach (var piece in pieces) _tree.Insert(piece.Envelope, piece);
        _tree.Build(); // built once here; queries from many threads are then read-only
    }

    /// <summary>Computes the nested mobile gaps of <paramref name="settlement"/> (metric, valid, polygonal) down to 2G, and its fixed gap.</summary>
    public FootprintOverlay Overlay(Geometry settlement, Tech target)
    {
        // Bucket the candidates by tech; a bucket is sorted only if its level is reached with something left to
        // cover (with 12 km 2G disks a settlement can have thousands of candidates, nearly all of them redundant).
        var buckets = new List<CoveragePiece>?[(int)Tech.Fixed + 1];
        foreach (var piece in _tree.Query(settlement.EnvelopeInternal))
            (buckets[(int)piece.Tech] ??= []).Add(piece);

        var gapAreas = new double[(int)Tech.Fixed + 1];
        var gaps = new Geometry[(int)Tech.Fixed + 1];
        var used = new List<CoveragePiece>();
        Geometry? gapAtTarget = null;

        // Mobile: one nested walk 5G → 2G.
        Geometry remaining = settlement;
        double gapArea = settlement.Area;
        foreach (var level in MobileDescending)
        {
            remaining = Subtract(settlement, remaining, buckets[(int)level], used);
            // D_t ⊆ D_{t+1}, so the area cannot grow; re-noding a region against a piece that only touches it can
            // change the last bits of its area, which would break 2G ≥ 3G ≥ 4G ≥ 5G by rounding.
            gapArea = Math.Min(gapArea, remaining.Area);
            gapAreas[(int)level] = gapArea;
            gaps[(int)level] = remaining;
            if (level == target) gapAtTarget = remaining;
        }

        // Fixed: its own footprint, from the whole settlement again.
        var fixedGap = Subtract(settlement, settlement, buckets[(int)Tech.Fixed], used);
        gapAreas[(int)Tech.Fixed] = Math.Min(settlement.Area, fixedGap.Area);
        gaps[(int)Tech.Fixed] = fixedGap;
        if (target == Tech.Fixed) gapAtTarget = fixedGap;

        return new FootprintOverlay(gapAreas, gapAtTarget ?? remaining, used,
            OperatorShares(settlement, target, buckets, used, 1 - gapAreas[(int)target] / settlement.Area), gaps);
    }

    /// <summary>
    /// area(S ∩ F_op(T)) / area(S) per operator with a piece that decided part of F(T) (DESIGN §5.6, explain), from
    /// that operator's own candidates; with a single operator its share is the settlement's, so nothing more is computed.
    /// </summary>
    private static Dictionary<string, double> OperatorShares(Geometry settlement, Tech target, List<CoveragePiece>?[] buckets,
        List<CoveragePiece> used, double overall)
    {
        var operators = used.Where(p => p.Tech.Serves(target)).Select(p => p.Operator ?? "").Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();
        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        if (operators.Count == 1)
        {
            shares[operators[0]] = Math.Clamp(overall, 0, 1);
            return shares;
        }
        var levels = target == Tech.Fixed ? [Tech.Fixed] : MobileDescending.Where(t => t >= target).ToArray();
        foreach (var op in operators)
            shares[op] = OperatorShare(settlement, levels, buckets, op);
        return shares;
    }

    /// <summary>
    /// area(S ∩ F_op(T)) / area(S) for one operator: its pieces that partly overlap S are unioned first and S minus
    /// that union is one overlay. Subtracting them one by one (as the nested walk does) re-nodes an ever more
    /// jagged remainder against every piece, which cost most of the overlay time on irregular shapes.
    /// </summary>
    private static double OperatorShare(Geometry settlement, Tech[] levels, List<CoveragePiece>?[] buckets, string op)
    {
        var partial = new List<CoveragePiece>();
        foreach (var level in levels)
        {
            if (buckets[(int)level] is not { } bucket) continue;
            foreach (var piece in bucket)
            {
                if (!string.Equals(piece.Operator ?? "", op, StringComparison.Ordinal)) continue;
                switch (piece.RelateTo(settlement))
                {
                    case PieceRelation.Covers: return 1;
                    case PieceRelation.Partial: partial.Add(piece); break;
                }
            }
        }
        if (partial.Count == 0) return 0;
        partial.Sort(BiggestFirst); // a fixed union order, whatever order the tree returned them in
        var footprint = partial.Count == 1 ? partial[0].Geometry : OverlayNGRobust.Union(partial.Select(p => p.Geometry));
        var uncovered = OverlayNGRobust.Overlay(settlement, footprint, SpatialFunction.Difference);
        return Math.Clamp(1 - uncovered.Area / settlement.Area, 0, 1);
    }

    /// <summary><paramref name="remaining"/> minus the pieces of one bucket, skipping the redundant ones.</summary>
    private static Geometry Subtract(Geometry settlement, Geometry remaining, List<CoveragePiece>? bucket, List<CoveragePiece> used)
    {
        if (remaining.IsEmpty || bucket is null) return remaining;
        // Deterministic order whatever the tree's internal order (overlay results can differ in the last bits with
        // operand order, and runs must reproduce exactly). Big pieces first: they shrink the region most, so more of
        // the others are then decided without an overlay.
        bucket.Sort(BiggestFirst);
        foreach (var piece in bucket)
        {
            // Related to what is still uncovered, not to the whole settlement: after the first pieces most others no
            // longer touch it, or one of them covers all of it.
            var relation = piece.RelateTo(remaining);
            if (relation == PieceRelation.Disjoint) continue;
            used.Add(piece);
            remaining = relation == PieceRelation.Covers
                ? settlement.Factory.CreatePolygon()
                : Polygonal(OverlayNGRobust.Overlay(remaining, piece.Geometry, SpatialFunction.Difference));
            if (remaining.IsEmpty) break;
        }
        return remaining;
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
