using System.Text.Json;
using NetTopologySuite.Geometries;

namespace DivideMapper.Data.Model;

// The rows of each dataset role (DESIGN §4). Geometry is stored in EPSG:4326 with a GiST index.
// ProjectId is denormalised onto each row so tiles and feature pages filter with one indexed column.

public class SettlementRecord
{
    public long Id { get; set; }
    public long DatasetId { get; set; }
    public long ProjectId { get; set; }
    /// <summary>The id the source file gave the feature, if any.</summary>
    public string? SourceId { get; set; }
    public required string Name { get; set; }
    /// <summary>informal | formal | unknown.</summary>
    public required string Kind { get; set; }
    public double? Population { get; set; }
    public double? Households { get; set; }
    public JsonDocument? Properties { get; set; }
    public required MultiPolygon Geom { get; set; }
}

public class CoverageRecord
{
    public long Id { get; set; }
    public long DatasetId { get; set; }
    public long ProjectId { get; set; }
    public string? Operator { get; set; }
    /// <summary>2G | 3G | 4G | 5G | fixed.</summary>
    public required string Tech { get; set; }
    public required MultiPolygon Geom { get; set; }
}

public class SiteRecord
{
    public long Id { get; set; }
    public long DatasetId { get; set; }
    public long ProjectId { get; set; }
    public string? Operator { get; set; }
    public required string Tech { get; set; }
    /// <summary>Null means the per-tech default range applies at analysis time.</summary>
    public double? RangeM { get; set; }
    public required Point Geom { get; set; }
}

public class MeasurementRecord
{
    public long Id { get; set; }
    public long DatasetId { get; set; }
    public long ProjectId { get; set; }
    public string? Period { get; set; }
    /// <summary>fixed | mobile | unknown: which network the tests ran on (DESIGN §4).</summary>
    public string Network { get; set; } = "unknown";
    public double? DownKbps { get; set; }
    public double? UpKbps { get; set; }
    public double? LatencyMs { get; set; }
    public int Tests { get; set; }
    public int Devices { get; set; }
    public string? Quadkey { get; set; }
    /// <summary>An Ookla tile Polygon or a Point.</summary>
    public required Geometry Geom { get; set; }
}

public class FacilityRecord
{
    public long Id { get; set; }
    public long DatasetId { get; set; }
    public long ProjectId { get; set; }
    public required string Kind { get; set; }
    public string? Name { get; set; }
    public bool? Connected { get; set; }
    public double? SpeedMbps { get; set; }
    public JsonDocument? Properties { get; set; }
    public required Point Geom { get; set; }
}
