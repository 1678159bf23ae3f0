using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Roles;

/// <summary>Column conversions shared by the role declarations' writers.</summary>
public static class RoleStorage
{
    /// <summary>MultiPolygon columns take a Polygon wrapped, never rejected here.</summary>
    public static MultiPolygon AsMultiPolygon(Geometry geometry) => geometry switch
    {
        MultiPolygon mp => mp,
        Polygon p => Import.Factories.Wgs84.CreateMultiPolygon([p]),
        _ => throw new ArgumentException($"Expected a polygon, got {geometry.GeometryType}."),
    };

    public static string? Json(IReadOnlyDictionary<string, object?>? properties) =>
        properties is { Count: > 0 } ? JsonSerializer.Serialize(properties) : null;

    /// <summary>The source id readers keep in the properties (id/fid/OBJECTID…), so exports can carry it back.</summary>
    public static string? SourceId(IReadOnlyDictionary<string, object?>? properties)
    {
        if (properties is null) return null;
        foreach (var key in new[] { "id", "fid", "objectid", "source_id" })
            foreach (var (k, v) in properties)
                if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase) && v is not null) return Convert.ToString(v, CultureInfo.InvariantCulture);
        return null;
    }
}
