using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace DivideMapper.Core.Analysis;

/// <summary>
/// The explainable gap analysis of DESIGN §5: per settlement, coverage shares by technology, the gap polygon at the
/// profile's target technology, people in the gap, test-weighted medians under the privacy floor, facilities, the
/// class, score and rank, and the run's KPIs. Pure: no I/O; deterministic for the same input.
/// </summary>
/// <remarks>
/// <para>Areas and distances are in the metric CRS (<see cref="AnalysisInput.Projection"/>); "measurement/facility
/// in settlement" is ST_Intersects on the EPSG:4326 geometries. Settlements are independent and run in parallel;
/// each one queries the footprint STRtree and unions only its local candidates (see <see cref="FootprintIndex"/>).</para>
/// <para>Per settlement S with profile target T: covered_share_t = area(S ∩ F(t)) / area(S);
/// gap G = S − F(T); gap_share = area(G) / area(S); gap_population = population × gap_share;
/// nearest_site_m = distance from S to the nearest site of any tech (0 inside S, null without sites);
/// facilities = facilities intersecting S; facilities_unconnected = those with Connected = false or a known speed
/// below <see cref="Profile.FacilityMinMbps"/>. Class: <see cref="GapClassifier"/>; score and rank: <see cref="GapScorer"/>.</para>
/// </remarks>
public static class GapAnalyzer
{
    /// <summary>Version of the method; stored with each run and bumped whenever a number could change.</summary>
    /// <remarks>2: fixed broadband its own footprint; measurements of one network and one period; tiles weighted by
    /// tests × share inside the settlement; counts withheld with medians; gap score against a fixed people reference.</remarks>
    public const string MethodVersion = "2";

    /// <summary>Speed of the "tests at ≥ X Mbit/s" KPI (UMC-style).</summary>
    public const double TestKpiMbps = 10;

    /// <summary>Speed of the "schools at ≥ X Mbit/s" KPI (UMC school-connectivity target).</summary>
    public const double SchoolKpiMbps = 20;

    /// <summary>Runs the analysis. Unusable input rows are left out and listed in <see cref="AnalysisResult.Problems"/>.</summary>
    /// <exception cref="ArgumentException">Duplicate settlement ids or out-of-range parameters.</exception>
    public static AnalysisResult Analyze(AnalysisInput input, CancellationToken cancellationToken = default) =>
        Analyze(input, null, cancellationToken);

    /// <summary>
    /// Runs the analysis, reporting <see cref="AnalysisPhases.Footprint"/>, <see cref="AnalysisPhases.Medians"/> and
    /// <see cref="AnalysisPhases.Overlay"/> (the overlay in about 1% steps) to <paramref name="progress"/>, and stopping
    /// with <see cref="OperationCanceledException"/> at the next checkpoint once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <remarks><paramref name="progress"/> is called from worker threads and must be cheap and thread-safe (store the
    /// latest value; do no I/O in it).</remarks>
    public static AnalysisResult Analyze(AnalysisInput input, IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = input.MaxDegreeOfParallelism ?? -1,
            CancellationToken = cancellationToken,
        };
        var run = RunInputs.Prepare(input, parallel, progress);
        var profile = input.Profile;

        var measures = new SettlementMeasure[run.Settlements.Count];
        var overlay = new BatchedProgress(progress, AnalysisPhases.Overlay, measures.Length);
        overlay.Start();
        Parallel.For(0, measures.Length, parallel, i =>
        {
            measures[i] = Measure(run, i, profile, input.PrivacyFloor);
            overlay.Advance();
        });
        cancellationToken.ThrowIfCancellationRequested();

        var scores = new ScoreComponents[measures.Length];
        var decisions = new GapDecision[measures.Length];
        for (int i = 0; i < measures.Length; i++)
        {
            var m = measures[i];
            decisions[i] = GapClassifier.Classify(profile, new ClassifierInput(m.CoveredShareAtTarget, run.HasCoverageData, m.Stats.Count,
                m.Suppressed, m.DownMbps, m.UpMbps, m.LatencyMs, run.Selection.Network));
            scores[i] = GapScorer.Score(profile, m.GapShare, m.GapPopulation, m.DownMbps, m.UpMbps, m.LatencyMs);
        }
        int[] ranks = GapScorer.Rank([.. measures.Select((m, i) => (m.Settlement.Source.Id, scores[i].Score))]);

        var thresholds = new ExplainThresholds(profile.Id, profile.Version, profile.TargetTech.ToLabel(), profile.MinCoveredShare,
            profile.MinDownMbps, profile.MinUpMbps, profile.MaxLatencyMs, profile.FacilityMinMbps,
            input.PrivacyFloor.MinDevices, input.PrivacyFloor.MinTests);
        var results = new SettlementResult[measures.Length];
        for (int i = 0; i < measures.Length; i++)
            results[i] = Finish(run, measures[i], decisions[i], scores[i], ranks[i], profile, thresholds);

        var parameters = new AnalysisParameters(MethodVersion, run.Projection.Srid, run.Projection.Name, input.DiskQuadrantSegments,
            run.Selection.Period, run.Selection.Network.ToSlug(), input.PrivacyFloor, TestKpiMbps, SchoolKpiMbps, GapScorer.PeopleReference)
        {
            Population = run.People.RunRule,
            PopulationLayers = run.People.LayerRules,
        };
        var summary = RunSummaryBuilder.Build(run, measures, results, profile, input.PrivacyFloor);
        return new AnalysisResult(profile, parameters, results, summary, run.Problems);
    }

    private static SettlementMeasure Measure(RunInputs run, int index, Profile profile, PrivacyFloor floor)
    {
        var s = run.Settlements[index];
        var overlay = run.Footprint.Overlay(s.Metric, profile.TargetTech);
        var stats = MeasurementStats.Of(run.Measurements, run.MeasurementsBySettlement[index]);
        bool suppressed = floor.Withholds(stats.Devices, stats.Tests);

        int facilities = 0, unconnected = 0;
        foreach (int f in run.FacilitiesBySettlement[index])
        {
            facilities++;
            var facility = run.Facilities[f];
            if (facility.Connected == false || facility.SpeedMbps < profile.FacilityMinMbps) unconnected++;
        }

        double? nearest = null;
        long? nearestId = null;
        if (run.Sites is { } sites)
        {
            var site = sites.NearestNeighbour(s.Metric.EnvelopeInternal, s.Metric, new GeometryItemDistance());
            nearest = site is null ? null : s.Metric.Distance(site);
            nearestId = site?.UserData as long?;
        }

        var gap4326 = AsMultiPolygon(run.Projection.Unproject(overlay.Gap));
        var people = run.People.Of(s, overlay, profile.TargetTech);
        return new SettlementMeasure(s, overlay, gap4326, stats, suppressed, nearest, nearestId, facilities, unconnected, profile.TargetTech, people);
    }

    private static SettlementResult Finish(RunInputs run,
        SettlementMeasure m, GapDecision decision, ScoreComponents score, int rank, Profile profile, ExplainThresholds thresholds)
    {
        var s = m.Settlement;
        // Below the floor the evidence counts are withheld with the medians (DESIGN §6), already here, so that no stored
        // or published copy of the row can carry them.
        long? tests = m.Suppressed ? null : m.Stats.Tests;
        long? devices = m.Suppressed ? null : m.Stats.Devices;
        string? period = run.Selection.Period;
        var row = new SettlementRow(
            s.Source.Id, s.Source.Name, s.Source.Kind, s.AreaM2, m.People.Population,
            m.CoveredShare(Tech.G2), m.CoveredShare(Tech.G3), m.CoveredShare(Tech.G4), m.CoveredShare(Tech.G5), m.CoveredShare(Tech.Fixed),
            m.GapAreaM2, m.GapShare, m.GapPopulation,
            m.DownMbps, m.UpMbps, m.LatencyMs, tests, devices, m.Suppressed, m.NearestSiteM,
            m.Facilities, m.FacilitiesUnconnected, decision.Class, score.Score, rank, profile.Id, period);
        var pieces = m.Overlay.Used.Select(p => new ExplainPiece(p.IsDisk ? "site" : "coverage", p.SourceId, p.Operator, p.Tech.ToLabel()))
            .Distinct().ToList();
        var measurements = m.Suppressed ? null : m.Stats.Shares
            .Select(x => new ExplainMeasurement(run.Measurements[x.Index].Id, run.Measurements[x.Index].Quadkey, x.Share)).ToList();
        var inputs = new ExplainInputs(profile.TargetTech.ToLabel(), m.CoveredShareAtTarget, run.HasCoverageData,
            m.Overlay.CoveragePieces, m.Overlay.SiteDisks, pieces, m.Overlay.OperatorCoveredShare, m.NearestSiteId,
            run.Selection.Network.ToSlug(), period, m.Suppressed ? null : m.Stats.Count, measurements, tests, devices,
            m.Facilities, m.People.Explain.Source);
        return new SettlementResult(row, m.Gap,
            new Explain(inputs, decision.Rule, decision.Values, decision.Reason, thresholds, decision.Checks, score) { People = m.People.Explain });
    }

    private static MultiPolygon AsMultiPolygon(Geometry g) => g switch
    {
        MultiPolygon mp => mp,
        Polygon { IsEmpty: true } => g.Factory.CreateMultiPolygon(),
        Polygon p => g.Factory.CreateMultiPolygon([p]),
        _ => g.Factory.CreateMultiPolygon([.. Enumerable.Range(0, g.NumGeometries).Select(g.GetGeometryN).OfType<Polygon>()]),
    };
}

/// <summary>Everything computed for one settlement before the ranking.</summary>
internal sealed record SettlementMeasure(
    PreparedSettlement Settlement,
    FootprintOverlay Overlay,
    MultiPolygon Gap,
    MeasurementStats Stats,
    bool Suppressed,
    double? NearestSiteM,
    long? NearestSiteId,
    int Facilities,
    int FacilitiesUnconnected,
    Tech Target,
    SettlementPeople People)
{
    /// <summary>area(S ∩ F(t)) / area(S), clamped to [0, 1] against rounding.</summary>
    public double CoveredShare(Tech tech) =>
        Math.Clamp(1 - Overlay.GapAreaByTech[(int)tech] / Settlement.AreaM2, 0, 1);

    public double CoveredShareAtTarget => CoveredShare(Target);

    public double GapAreaM2 => Overlay.GapAreaByTech[(int)Target];

    public double GapShare => Math.Clamp(GapAreaM2 / Settlement.AreaM2, 0, 1);

    /// <summary>
    /// People in the gap (DESIGN §5.3), the one place gap_population is taken from: <see cref="PopulationModel"/>
    /// (Σ people × share inside the gap of the finest population layer, or the population spread evenly).
    /// </summary>
    public double? GapPopulation => People.InGap;

    public double? DownMbps => Suppressed ? null : Stats.DownMbps;

    public double? UpMbps => Suppressed ? null : Stats.UpMbps;

    public double? LatencyMs => Suppressed ? null : Stats.LatencyMs;
}
