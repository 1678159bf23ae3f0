using DivideMapper.Core.Domain;
using DivideMapper.Core.Projection;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace DivideMapper.Core.Analysis;

/// <summary>One settlement's people: the population column, the people in the gap and the people covered per tech.</summary>
/// <param name="Population">The settlement's population: the boundary file's, or the layer's count when the file has none.</param>
/// <param name="InGap">People in the gap at the target tech.</param>
/// <param name="CoveredByTech">People with coverage of each tech (indexed by <c>(int)Tech</c>), on the same basis as <see cref="Basis"/>.</param>
/// <param name="Basis">The people the KPIs weigh this settlement by: the layer's count with a layer, else <see cref="Population"/>.</param>
internal sealed record SettlementPeople(double? Population, double? InGap, double?[] CoveredByTech, double? Basis, ExplainPeople Explain);

/// <summary>
/// Counts people in a settlement and in its gaps (DESIGN §5.3), the one place the analysis does so. With a
/// population layer: people in a region R = Σ people(f) × area(f ∩ R) / area(f) over the layer's cells, areas and
/// footprints, plus the people of its points inside R (all in the metric CRS), from the finest layer that has people
/// in the settlement. Without one, the settlement's own population is spread evenly over its area.
/// </summary>
internal sealed class PopulationModel
{
    private readonly IReadOnlyList<(PopulationLayer Layer, STRtree<Item> Tree)> _layers;

    private sealed record Item(Geometry Metric, double Area, double People);

    private static readonly Tech[] AllTechs = [Tech.G5, Tech.G4, Tech.G3, Tech.G2, Tech.Fixed];

    private PopulationModel(IReadOnlyList<(PopulationLayer, STRtree<Item>)> layers) => _layers = layers;

    /// <summary>The run-level statement of the rule: the finest layer (stored with the run's parameters).</summary>
    public ExplainPeople RunRule => _layers.Count > 0 ? Rule(_layers[0].Layer) : new ExplainPeople("settlement", "even-spread");

    /// <summary>Every layer the run may count with, finest first.</summary>
    public IReadOnlyList<ExplainPeople> LayerRules => [.. _layers.Select(l => Rule(l.Layer))];

    private static ExplainPeople Rule(PopulationLayer l) => new("layer", "area-share", l.DatasetId, l.Name, l.Kind.ToSlug(), l.Rule);

    /// <param name="layers">Population layers, finest first (buildings, cells, areas/points).</param>
    public static PopulationModel Create(IReadOnlyList<PopulationLayer> layers, MetricProjection projection, Action<long, string, string> report)
    {
        var built = new List<(PopulationLayer, STRtree<Item>)>();
        foreach (var layer in layers)
        {
            var tree = new STRtree<Item>();
            foreach (var f in layer.Features)
            {
                if (f.Geometry is null || f.Geometry.IsEmpty || !(f.People > 0) || !double.IsFinite(f.People)) continue;
                var metric = projection.Project(f.Geometry);
                if (metric is Polygon or MultiPolygon)
                {
                    if (!metric.IsValid) metric = NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(metric);
                    if (metric.Area <= 0)
                    {
                        report(f.Id, "empty-geometry", "The population feature has no area; its people were left out.");
                        continue;
                    }
                }
                tree.Insert(metric.EnvelopeInternal, new Item(metric, metric.Area, f.People));
            }
            tree.Build();
            built.Add((layer, tree));
        }
        return new PopulationModel(built);
    }

    /// <summary>
    /// The people of settlement <paramref name="s"/> given its overlay (gaps per tech, metric CRS): from the finest
    /// layer with people inside it (buildings where they are mapped, the raster elsewhere), else the even spread.
    /// </summary>
    public SettlementPeople Of(PreparedSettlement s, FootprintOverlay overlay, Tech target)
    {
        var techs = (int)Tech.Fixed + 1;
        double emptyPeople = 0;
        int emptyFeatures = 0;
        foreach (var (layer, tree) in _layers)
        {
            var (inSettlement, features) = Count(tree, s.Metric);
            if (!(features > 0 && inSettlement > 0))
            {
                emptyFeatures += features;
                emptyPeople += inSettlement;
                continue;
            }
            var covered = new double?[techs];
            var counted = new Dictionary<Geometry, double>(ReferenceEqualityComparer.Instance);
            double InGapOf(Tech t)
            {
                var gap = overlay.GapOf(t);
                if (gap.IsEmpty) return 0;
                if (ReferenceEquals(gap, s.Metric)) return inSettlement;
                if (!counted.TryGetValue(gap, out var people)) counted[gap] = people = Count(tree, gap).People;
                return Math.Min(people, inSettlement);
            }
            foreach (var t in AllTechs) covered[(int)t] = Math.Max(0, inSettlement - InGapOf(t));
            var explain = Rule(layer) with { LayerPeople = inSettlement, LayerFeatures = features };
            return new SettlementPeople(s.Population ?? inSettlement, InGapOf(target), covered, inSettlement, explain);
        }
        var fallback = s.Population is null ? new ExplainPeople("none", "none") : new ExplainPeople("settlement", "even-spread");
        if (_layers.Count > 0) fallback = fallback with { LayerPeople = emptyPeople, LayerFeatures = emptyFeatures, Note = "layer-has-no-people-here" };
        return EvenSpread(s, overlay, target, fallback);
    }

    private static SettlementPeople EvenSpread(PreparedSettlement s, FootprintOverlay overlay, Tech target, ExplainPeople explain)
    {
        var covered = new double?[(int)Tech.Fixed + 1];
        double Share(Tech t) => Math.Clamp(overlay.GapAreaByTech[(int)t] / s.AreaM2, 0, 1);
        foreach (var t in AllTechs) covered[(int)t] = s.Population * (1 - Share(t));
        return new SettlementPeople(s.Population, s.Population * Share(target), covered, s.Population, explain);
    }

    /// <summary>Σ people × share of each feature inside <paramref name="region"/> (metric, polygonal), and how many features touch it.</summary>
    private static (double People, int Features) Count(STRtree<Item> tree, Geometry region)
    {
        var candidates = tree.Query(region.EnvelopeInternal);
        if (candidates.Count == 0) return (0, 0);
        var prepared = PreparedGeometryFactory.Prepare(region);
        double people = 0;
        int touching = 0;
        foreach (var item in candidates)
        {
            if (item.Metric is Point or MultiPoint)
            {
                if (!prepared.Covers(item.Metric)) continue;
                touching++;
                people += item.People;
                continue;
            }
            if (!prepared.Intersects(item.Metric)) continue;
            touching++;
            if (prepared.Covers(item.Metric))
            {
                people += item.People;
                continue;
            }
            var inside = OverlayNGRobust.Overlay(item.Metric, region, SpatialFunction.Intersection).Area;
            people += item.People * Math.Clamp(inside / item.Area, 0, 1);
        }
        return (people, touching);
    }
}
