using System.Text.Json;
using NetTopologySuite.Geometries;

namespace DivideMapper.Data.Model;

/// <summary>
/// An analysis run, a job (DESIGN §4, §8): <c>queued</c> → <c>running</c> (with <see cref="Phase"/> and
/// <see cref="Progress"/>) → <c>finished</c> | <c>failed</c> (with <see cref="ErrorCode"/>: <c>cancelled</c>,
/// <c>interrupted</c>, <c>no-data</c>, <c>analysis-failed</c>). Immutable once finished.
/// </summary>
public class Run
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public Project? Project { get; set; }
    public required string ProfileId { get; set; }
    /// <summary>The full profile as used, so a run stays reproducible when profiles change.</summary>
    public required JsonDocument Profile { get; set; }
    public long[] DatasetIds { get; set; } = [];
    public required JsonDocument Parameters { get; set; }
    public JsonDocument? Summary { get; set; }
    public string? Period { get; set; }
    /// <summary>The metric CRS the run used; null until the run has loaded its data.</summary>
    public int? MetricSrid { get; set; }
    /// <summary>queued | running | finished | failed (<see cref="RunStatuses"/>).</summary>
    public required string Status { get; set; }
    /// <summary>How far the run is, 0..1 across all its phases (1 when finished).</summary>
    public double Progress { get; set; }
    /// <summary>The phase a running run is in (Core's <c>AnalysisPhases</c>: load, footprint, medians, overlay, store).</summary>
    public string? Phase { get; set; }
    /// <summary>Why a failed run failed, as a stable code (<c>cancelled</c>, <c>interrupted</c>, …); null otherwise.</summary>
    public string? ErrorCode { get; set; }
    /// <summary>The failure in words.</summary>
    public string? Error { get; set; }
    /// <summary>Set by POST /api/runs/{id}/cancel on a running run; the runner stops at its next progress checkpoint.</summary>
    public bool CancelRequested { get; set; }
    public required string AppVersion { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    /// <summary>When a worker (or `dm analyze`) began it; null while queued.</summary>
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>One row per run × settlement, with the DESIGN §5 result columns.</summary>
public class SettlementResultRow
{
    /// <summary>The run's project: the distribution column (Citus-ready, DESIGN §4).</summary>
    public long ProjectId { get; set; }
    public long RunId { get; set; }
    public long SettlementId { get; set; }
    public required string Name { get; set; }
    public required string Kind { get; set; }
    public double AreaM2 { get; set; }
    public double? Population { get; set; }
    public double CoveredShare2g { get; set; }
    public double CoveredShare3g { get; set; }
    public double CoveredShare4g { get; set; }
    public double CoveredShare5g { get; set; }
    /// <summary>area(S ∩ F(fixed)) / area(S): fixed broadband's own footprint, never part of 2G–5G.</summary>
    public double CoveredShareFixed { get; set; }
    public double GapAreaM2 { get; set; }
    public double GapShare { get; set; }
    public double? GapPopulation { get; set; }
    public double? MedianDownMbps { get; set; }
    public double? MedianUpMbps { get; set; }
    public double? MedianLatencyMs { get; set; }
    /// <summary>Tests behind the medians; null when the privacy floor withholds them (DESIGN §6), like the medians.</summary>
    public int? Tests { get; set; }
    /// <summary>Devices behind the medians; null when withheld.</summary>
    public int? Devices { get; set; }
    public bool Suppressed { get; set; }
    public double? NearestSiteM { get; set; }
    public int Facilities { get; set; }
    public int FacilitiesUnconnected { get; set; }
    public required string GapClass { get; set; }
    public double GapScore { get; set; }
    public int Rank { get; set; }
    public required string Profile { get; set; }
    /// <summary>The one measurement period the run analysed (DESIGN §5.4); null when the measurements carry none.</summary>
    public string? Period { get; set; }
    public JsonDocument? Explain { get; set; }
}

/// <summary>The gap polygon of one settlement in one run (settlement minus the target-tech footprint).</summary>
public class GapAreaRow
{
    public long Id { get; set; }
    /// <summary>The run's project: the distribution column (Citus-ready, DESIGN §4).</summary>
    public long ProjectId { get; set; }
    public long RunId { get; set; }
    public long SettlementId { get; set; }
    public double AreaM2 { get; set; }
    public required MultiPolygon Geom { get; set; }
}

/// <summary>The run statuses (the ck_run_status constraint).</summary>
public static class RunStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Failed = "failed";

    /// <summary>True once a run can no longer change (finished or failed).</summary>
    public static bool HasEnded(string status) => status is Finished or Failed;
}
