using System.Collections.Concurrent;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Projection;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace DivideMapper.Core.Analysis;

/// <summary>A settlement ready for analysis: repaired if needed, in both CRSs.</summary>
internal sealed record PreparedSettlement(Settlement Source, Geometry LonLat, Geometry Metric, double AreaM2, double? Population);

/// <summary>
/// The run's inputs checked, repaired where safe, projected once and indexed. Rows that cannot be used become
/// <see cref="AnalysisProblem"/>s rather than exceptions.
/// </summary>
internal sealed class RunInputs
{
    private readonly ConcurrentBag<AnalysisProblem> _problems = [];

    private RunInputs(AnalysisInput input, MetricProjection projection, ParallelOptions parallel, IProgress<AnalysisProgress>? progress)
    {
        progress?.Report(new AnalysisProgress(AnalysisPhases.Footprint, 0));
        Projection = projection;
        Settlements = PrepareSettlements(input.Settlements, parallel);
        Footprint = new FootprintIndex(PreparePieces(input, parallel));
        Sites = IndexSites(input.Sites);
        People = PopulationModel.Create(input.Population ?? [], projection, (id, code, message) => Report("population", id, code, message));

        HasCoverageData = input.Coverage.Count > 0 || input.Sites.Count > 0;
        if (!HasCoverageData)
            Report("coverage", 0, "no-coverage-data",
                "The project has no coverage polygons and no cell sites: covered shares are 0 for lack of evidence, not measured gaps, and classes rest on the measurements alone.");
        parallel.CancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new AnalysisProgress(AnalysisPhases.Medians, 0));
        var usable = input.Measurements.Where(KeepMeasurement).ToArray();
        Selection = MeasurementSelection.Choose(usable, input.Profile.JudgedNetwork, input.Period);
        foreach (var note in Selection.Notes) _problems.Add(note);
        Measurements = [.. Selection.Selected];
        Facilities = input.Facilities.Where(f => f.Geometry is { IsEmpty: false }).ToArray();
        var prepared = Settlements.Select(s => PreparedGeometryFactory.Prepare(s.LonLat)).ToArray();
        var hits = PointAssignment.Assign(prepared, Measurements, m => m.Geometry, parallel);
        MeasurementsBySettlement = Shares(hits, parallel);
        FacilitiesBySettlement = PointAssignment.Assign(prepared, Facilities, f => f.Geometry, parallel);
        parallel.CancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new AnalysisProgress(AnalysisPhases.Medians, 1));
    }

    /// <summary>False when the input has neither coverage polygons nor sites (run problem <c>no-coverage-data</c>).</summary>
    public bool HasCoverageData { get; }

    /// <summary>The network and period analysed and what was left out.</summary>
    public MeasurementSelection Selection { get; }

    public MetricProjection Projection { get; }

    /// <summary>Usable settlements ordered by id.</summary>
    public IReadOnlyList<PreparedSettlement> Settlements { get; }

    public FootprintIndex Footprint { get; }

    /// <summary>Counts people in settlements and gaps: the population layer, or the even spread.</summary>
    public PopulationModel People { get; }

    /// <summary>Projected site points (any tech) for nearest-site distances; null when there are none.</summary>
    public STRtree<Geometry>? Sites { get; }

    /// <summary>Measurements after the period filter and sanity checks.</summary>
    public IReadOnlyList<Measurement> Measurements { get; }

    /// <summary>Per settlement (same positions as <see cref="Settlements"/>), the measurements intersecting it with their
    /// share inside it (ascending index).</summary>
    public MeasurementShare[][] MeasurementsBySettlement { get; }

    public IReadOnlyList<Facility> Facilities { get; }

    /// <summary>Per settlement, indices into <see cref="Facilities"/>.</summary>
    public int[][] FacilitiesBySettlement { get; }

    /// <summary>Problems found, ordered by layer then id.</summary>
    public IReadOnlyList<AnalysisProblem> Problems =>
        [.. _problems.Distinct().OrderBy(p => p.Layer, StringComparer.Ordinal).ThenBy(p => p.Id).ThenBy(p => p.Code, StringComparer.Ordinal)];

    public static RunInputs Prepare(AnalysisInput input, ParallelOptions parallel, IProgress<AnalysisProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Settlements);
        ArgumentNullException.ThrowIfNull(input.Profile);
        ArgumentNullException.ThrowIfNull(input.PrivacyFloor);
        ArgumentOutOfRangeException.ThrowIfLessThan(input.DiskQuadrantSegments, 4, nameof(input.DiskQuadrantSegments));
        ArgumentOutOfRangeException.ThrowIfNegative(input.PrivacyFloor.MinDevices, nameof(input.PrivacyFloor.MinDevices));
        ArgumentOutOfRangeException.ThrowIfNegative(input.PrivacyFloor.MinTests, nameof(input.PrivacyFloor.MinTests));
        // A profile built in code gets the same checks as one read from JSON (e.g. a threshold of 0 would divide by zero).
        var profileCheck = Profiles.ProfileJson.Read(Profiles.ProfileJson.Write(input.Profile));
        if (!profileCheck.Succeeded)
            throw new ArgumentException($"Profile '{input.Profile.Id}' is invalid: {string.Join("; ", profileCheck.Problems)}", nameof(input));
        var duplicate = input.Settlements.GroupBy(s => s.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Settlement id {duplicate.Key} appears {duplicate.Count()} times; ids must be unique.", nameof(input));

        var envelope = EnvelopeOf(input.Settlements);
        if (input.Projection is null && envelope.IsNull)
            throw new ArgumentException("No settlement has a geometry to choose the metric CRS from; pass AnalysisInput.Projection.", nameof(input));
        var projection = input.Projection ?? MetricProjection.ForData(envelope);
        return new RunInputs(input, projection, parallel, progress);
    }

    private static Envelope EnvelopeOf(IEnumerable<Settlement> settlements)
    {
        var envelope = new Envelope();
        foreach (var s in settlements)
            if (s.Geometry is { IsEmpty: false } g) envelope.ExpandToInclude(g.EnvelopeInternal);
        return envelope;
    }

    private PreparedSettlement[] PrepareSettlements(IReadOnlyList<Settlement> settlements, ParallelOptions parallel)
    {
        var prepared = new PreparedSettlement?[settlements.Count];
        Parallel.For(0, settlements.Count, parallel, i =>
        {
            var s = settlements[i];
            var lonLat = Usable("settlements", s.Id, s.Geometry);
            if (lonLat is null) return;
            var metric = Repaired("settlements", s.Id, Projection.Project(lonLat), afterProjection: true);
            if (metric is null || metric.Area <= 0)
            {
                Report("settlements", s.Id, "empty-geometry", "The settlement has no area; it was left out.");
                return;
            }
            double? population = s.Population;
            if (population is { } pop && !(pop >= 0 && double.IsFinite(pop)))
            {
                Report("settlements", s.Id, "negative-value", $"Population {pop} is not a count; it was treated as unknown.");
                population = null;
            }
            prepared[i] = new PreparedSettlement(s, lonLat, metric, metric.Area, population);
        });
        return [.. prepared.OfType<PreparedSettlement>().OrderBy(p => p.Source.Id)];
    }

    private List<CoveragePiece> PreparePieces(AnalysisInput input, ParallelOptions parallel)
    {
        var coverageParts = new List<CoveragePiece>?[input.Coverage.Count];
        Parallel.For(0, input.Coverage.Count, parallel, i =>
        {
            var c = input.Coverage[i];
            if (c.Geometry is null || c.Geometry.IsEmpty)
            {
                Report("coverage", c.Id, "empty-geometry", "The geometry is empty; the row was left out.");
                return;
            }
            if (c.Geometry is not (Polygon or MultiPolygon))
            {
                Report("coverage", c.Id, "not-polygonal", $"A {c.Geometry.GeometryType} is not an area; the row was left out.");
                return;
            }
            // Validity is checked per part on first use (CoveragePiece): most coverage never meets a settlement.
            var metric = Projection.Project(c.Geometry);
            var parts = new List<CoveragePiece>(metric.NumGeometries);
            for (int k = 0; k < metric.NumGeometries; k++)
                if (metric.GetGeometryN(k) is Polygon { IsEmpty: false } part)
                    parts.Add(new CoveragePiece(c.Tech, c.Id, c.Operator, part, (id, code, message) => Report("coverage", id, code, message)));
            coverageParts[i] = parts;
        });

        var pieces = coverageParts.Where(p => p is not null).SelectMany(p => p!).ToList();
        var factory = Projection.MetricFactory;
        foreach (var site in input.Sites)
        {
            if (site.Geometry is null || site.Geometry.IsEmpty) continue; // reported by IndexSites
            double range = site.RangeM ?? site.Tech.DefaultRangeMeters();
            if (!double.IsFinite(range) || range < 0)
            {
                Report("sites", site.Id, "invalid-range", $"Range {range} m is not a distance; the site adds no coverage.");
                continue;
            }
            if (range == 0) continue;
            var (x, y) = Projection.Project(site.Geometry.X, site.Geometry.Y);
            pieces.Add(new CoveragePiece(site.Tech, site.Id, site.Operator, new Coordinate(x, y), range, input.DiskQuadrantSegments, factory));
        }
        // Ordinals follow the input order, so the processing order (and every last bit of the result) does not depend
        // on thread scheduling.
        for (int i = 0; i < pieces.Count; i++) pieces[i].Ordinal = i;
        return pieces;
    }

    private STRtree<Geometry>? IndexSites(IReadOnlyList<CellSite> sites)
    {
        var tree = new STRtree<Geometry>();
        foreach (var site in sites)
        {
            if (site.Geometry is null || site.Geometry.IsEmpty)
            {
                Report("sites", site.Id, "empty-geometry", "The site has no location; it was left out.");
                continue;
            }
            var (x, y) = Projection.Project(site.Geometry.X, site.Geometry.Y);
            var point = Projection.MetricFactory.CreatePoint(new Coordinate(x, y));
            point.UserData = site.Id; // explain names the nearest site
            tree.Insert(point.EnvelopeInternal, point);
        }
        if (tree.Count == 0) return null;
        tree.Build();
        return tree;
    }

    // Share of each intersecting measurement inside the settlement: 1 for points, area(tile ∩ S) / area(tile) for tiles,
    // in the metric CRS (tiles are projected once; a tile the settlement covers is exactly 1).
    private MeasurementShare[][] Shares(int[][] hits, ParallelOptions parallel)
    {
        var metricTiles = new Geometry?[Measurements.Count];
        var result = new MeasurementShare[hits.Length][];
        Parallel.For(0, hits.Length, parallel, s =>
        {
            var settlement = Settlements[s];
            var shares = new MeasurementShare[hits[s].Length];
            for (int k = 0; k < shares.Length; k++)
            {
                int i = hits[s][k];
                var geometry = Measurements[i].Geometry;
                if (geometry is not (Polygon or MultiPolygon))
                {
                    shares[k] = new(i, 1);
                    continue;
                }
                var tile = Volatile.Read(ref metricTiles[i]);
                if (tile is null)
                {
                    tile = Projection.Project(geometry);
                    if (!tile.IsValid) tile = GeometryFixer.Fix(tile);
                    Interlocked.CompareExchange(ref metricTiles[i], tile, null);
                    tile = metricTiles[i]!;
                }
                double area = tile.Area;
                double share = area <= 0 ? 0
                    : settlement.Metric.Covers(tile) ? 1
                    : Math.Clamp(OverlayNGRobust.Overlay(settlement.Metric, tile, SpatialFunction.Intersection).Area / area, 0, 1);
                shares[k] = new(i, share);
            }
            result[s] = shares;
        });
        return result;
    }

    private bool KeepMeasurement(Measurement m)
    {
        if (m.Geometry is null || m.Geometry.IsEmpty)
        {
            Report("measurements", m.Id, "empty-geometry", "The measurement has no location; it was left out.");
            return false;
        }
        if (m.Tests < 0 || m.Devices < 0)
        {
            Report("measurements", m.Id, "negative-value", $"Tests {m.Tests} / devices {m.Devices} cannot be negative; it was left out.");
            return false;
        }
        return true;
    }

    // A polygonal, non-empty geometry, repaired if invalid; null (with a problem) when unusable.
    private Geometry? Usable(string layer, long id, Geometry? geometry)
    {
        if (geometry is null || geometry.IsEmpty)
        {
            Report(layer, id, "empty-geometry", "The geometry is empty; the row was left out.");
            return null;
        }
        if (geometry is not (Polygon or MultiPolygon))
        {
            Report(layer, id, "not-polygonal", $"A {geometry.GeometryType} is not an area; the row was left out.");
            return null;
        }
        return Repaired(layer, id, geometry, afterProjection: false);
    }

    private Geometry? Repaired(string layer, long id, Geometry geometry, bool afterProjection)
    {
        if (geometry.IsValid) return geometry;
        var fixedGeometry = GeometryFixer.Fix(geometry);
        if (fixedGeometry is not (Polygon or MultiPolygon) || fixedGeometry.IsEmpty)
        {
            Report(layer, id, "invalid-geometry", "The geometry is invalid and could not be repaired to an area; the row was left out.");
            return null;
        }
        Report(layer, id, "invalid-geometry-repaired", afterProjection
            ? "The geometry became invalid in the metric CRS (e.g. a near-zero-width part) and was repaired."
            : "The geometry was invalid (e.g. self-intersecting) and was repaired with NTS GeometryFixer.");
        return fixedGeometry;
    }

    private void Report(string layer, long id, string code, string message) => _problems.Add(new AnalysisProblem(layer, id, code, message));
}
