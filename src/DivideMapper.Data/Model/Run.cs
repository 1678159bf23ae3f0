using System.Text.Json;
using NetTopologySuite.Geometries;

namespace DivideMapper.Data.Model;

/// <summary>An analysis run: immutable once finished (DESIGN §4, §5).</summary>
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
    public int MetricSrid { get; set; }
    /// <summary>running | finished | failed.</summary>
    public required string Status { get; set; }
    public string? Error { get; set; }
    public required string AppVersion { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>One row per run × settlement, with the DESIGN §5 result columns.</summary>
public class SettlementResultRow
{
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
    public long RunId { get; set; }
    public long SettlementId { get; set; }
    public double AreaM2 { get; set; }
    public required MultiPolygon Geom { get; set; }
}
