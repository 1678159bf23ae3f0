using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;
using DivideMapper.Core.Projection;

namespace DivideMapper.Core.Analysis;

/// <summary>
/// Everything one run analyses. Geometries are in EPSG:4326 (x = longitude), as stored; the analysis projects
/// them itself. Nothing here is modified.
/// </summary>
public sealed record AnalysisInput
{
    /// <summary>Quadrant segments used when none are given: 32, i.e. 128-sided disks (area within 0.04% of the circle).</summary>
    public const int DefaultDiskQuadrantSegments = 32;

    /// <summary>Settlement boundaries (Polygon or MultiPolygon); ids must be unique.</summary>
    public required IReadOnlyList<Settlement> Settlements { get; init; }

    /// <summary>Coverage footprints (Polygon or MultiPolygon) of any technology.</summary>
    public IReadOnlyList<CoverageArea> Coverage { get; init; } = [];

    /// <summary>Cell sites; each contributes a disk of its range (or its tech's default) to the footprint of its tech.</summary>
    public IReadOnlyList<CellSite> Sites { get; init; } = [];

    /// <summary>Aggregated speed measurements (points or tiles).</summary>
    public IReadOnlyList<Measurement> Measurements { get; init; } = [];

    /// <summary>Schools, clinics and other facilities.</summary>
    public IReadOnlyList<Facility> Facilities { get; init; } = [];

    /// <summary>The standard to measure against; defaults to <see cref="ProfileCatalog.Default"/>.</summary>
    public Profile Profile { get; init; } = ProfileCatalog.Default;

    /// <summary>The project's privacy floor (DESIGN §6).</summary>
    public PrivacyFloor PrivacyFloor { get; init; } = PrivacyFloor.Default;

    /// <summary>The metric CRS; null chooses the UTM zone of the settlements' envelope (<see cref="MetricProjection.ForData"/>).</summary>
    public MetricProjection? Projection { get; init; }

    /// <summary>
    /// The one measurement period to analyse (exact match on <see cref="Measurement.Period"/>); null chooses the latest
    /// period among the measurements of the profile's network (<see cref="MeasurementSelection"/>). Periods are never pooled.
    /// </summary>
    public string? Period { get; init; }

    /// <summary>
    /// Segments per quarter circle of a site disk (≥ 4). The disk is NTS's point buffer, vertex for vertex the same as
    /// PostGIS <c>ST_Buffer(geom, range_m, 'quad_segs=N')</c> in the same metric CRS.
    /// </summary>
    public int DiskQuadrantSegments { get; init; } = DefaultDiskQuadrantSegments;

    /// <summary>Upper bound on worker threads; null lets the runtime decide.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}

/// <summary>
/// Something in the input the analysis had to repair or leave out, as data (never an exception).
/// </summary>
/// <param name="Layer">Dataset role of the offending row (<c>settlements</c>, <c>coverage</c>, <c>sites</c>, …).</param>
/// <param name="Id">Id of the row.</param>
/// <param name="Code">Stable code: <c>invalid-geometry-repaired</c>, <c>not-polygonal</c>, <c>empty-geometry</c>, <c>negative-value</c>,
/// <c>invalid-range</c>; run-level notes (Id 0): <c>no-coverage-data</c>, <c>measurement-network-assumed</c>,
/// <c>measurement-network-unknown</c>, <c>measurement-other-network</c>, <c>measurement-without-period</c>, <c>measurement-other-period</c>.</param>
/// <param name="Message">Plain-language description.</param>
public sealed record AnalysisProblem(string Layer, long Id, string Code, string Message);

/// <summary>The parameters a run was computed with, for the run record (DESIGN §4 <c>run.parameters</c>).</summary>
/// <param name="MethodVersion">Version of the method (<see cref="GapAnalyzer.MethodVersion"/>).</param>
/// <param name="MetricSrid">EPSG code of the metric CRS used.</param>
/// <param name="MetricCrsName">Its name.</param>
/// <param name="DiskQuadrantSegments">Quadrant segments of site disks.</param>
/// <param name="Period">The measurement period analysed (requested or the latest present); null when the measurements carry none.</param>
/// <param name="Network">The network whose measurements were judged (the profile's).</param>
/// <param name="PrivacyFloor">The privacy floor applied.</param>
/// <param name="TestKpiMbps">Speed of the "tests ≥ X Mb/s" KPI.</param>
/// <param name="SchoolKpiMbps">Speed of the "schools ≥ X Mb/s" KPI.</param>
/// <param name="ScorePeopleReference">People in the gap at which the score's people component is full (<see cref="GapScorer.PeopleReference"/>).</param>
public sealed record AnalysisParameters(
    string MethodVersion,
    int MetricSrid,
    string MetricCrsName,
    int DiskQuadrantSegments,
    string? Period,
    string Network,
    PrivacyFloor PrivacyFloor,
    double TestKpiMbps,
    double SchoolKpiMbps,
    double ScorePeopleReference);

/// <summary>The outcome of <see cref="GapAnalyzer.Analyze"/>.</summary>
/// <param name="Profile">The profile used (store its full snapshot with the run).</param>
/// <param name="Parameters">The parameters used.</param>
/// <param name="Settlements">One result per analysed settlement, ordered by settlement id.</param>
/// <param name="Summary">The run's KPIs.</param>
/// <param name="Problems">Input rows repaired or left out.</param>
public sealed record AnalysisResult(
    Profile Profile,
    AnalysisParameters Parameters,
    IReadOnlyList<SettlementResult> Settlements,
    RunSummary Summary,
    IReadOnlyList<AnalysisProblem> Problems);
