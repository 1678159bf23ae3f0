using NetTopologySuite.Geometries;

namespace DivideMapper.Core.Domain;

// The rows of each dataset role (DESIGN §4), as Core sees them. Geometries are in EPSG:4326
// when they come from storage or readers; the analysis projects them to the project's metric CRS.

/// <summary>A settlement boundary (MultiPolygon). Properties hold the source's other attributes.</summary>
public sealed record Settlement(
    long Id,
    string Name,
    SettlementKind Kind,
    double? Population,
    double? Households,
    Geometry Geometry,
    IReadOnlyDictionary<string, object?>? Properties = null);

/// <summary>An operator's coverage footprint for one technology (MultiPolygon).</summary>
public sealed record CoverageArea(long Id, string? Operator, Tech Tech, Geometry Geometry);

/// <summary>A cell site (Point). <paramref name="RangeM"/> null means the per-tech default applies.</summary>
public sealed record CellSite(long Id, string? Operator, Tech Tech, double? RangeM, Point Geometry);

/// <summary>
/// An aggregated speed measurement: an Ookla-style tile (Polygon) or a point. Speeds in kbit/s, latency in ms.
/// Ookla's figures are means over the tile's tests, not single tests (docs/method.md, known limits).
/// </summary>
public sealed record Measurement(
    long Id,
    string? Period,
    double? DownKbps,
    double? UpKbps,
    double? LatencyMs,
    int Tests,
    int Devices,
    string? Quadkey,
    Geometry Geometry,
    Network Network = Network.Unknown);

/// <summary>A facility such as a school or clinic (Point), with its connection if known.</summary>
public sealed record Facility(long Id, string Kind, string? Name, bool? Connected, double? SpeedMbps, Point Geometry);
