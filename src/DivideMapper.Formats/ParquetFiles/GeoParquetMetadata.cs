using System.Text.Json;

namespace DivideMapper.Formats.ParquetFiles;

/// <summary>
/// The GeoParquet 1.0/1.1 <c>geo</c> key-value metadata that matters for reading: the primary geometry column, its
/// encoding (we read WKB) and its CRS. A missing <c>crs</c> is OGC:CRS84 (lon/lat WGS 84) by the specification;
/// an explicit null means "unknown". A PROJJSON CRS is named by its <c>id</c> (authority and code) for our resolver.
/// </summary>
internal sealed record GeoParquetMetadata(string PrimaryColumn, string Encoding, bool CrsGiven, string? Crs, bool IsLonLat)
{
    /// <summary>Parses the <c>geo</c> value; null with <paramref name="error"/> set when it is not usable.</summary>
    public static GeoParquetMetadata? Parse(string json, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("primary_column", out var primary) || primary.ValueKind != JsonValueKind.String)
            {
                error = "its \"geo\" metadata has no primary_column";
                return null;
            }
            var name = primary.GetString()!;
            if (!root.TryGetProperty("columns", out var columns) || columns.ValueKind != JsonValueKind.Object
                || !columns.TryGetProperty(name, out var column) || column.ValueKind != JsonValueKind.Object)
            {
                error = $"its \"geo\" metadata does not describe the primary column \"{name}\"";
                return null;
            }
            var encoding = column.TryGetProperty("encoding", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
            if (!column.TryGetProperty("crs", out var crs)) return new GeoParquetMetadata(name, encoding, false, null, true);
            if (crs.ValueKind == JsonValueKind.Null) return new GeoParquetMetadata(name, encoding, true, null, false);
            var named = NameOf(crs);
            // GeoParquet coordinates are always x = longitude, y = latitude, so EPSG:4326 is lon/lat here too.
            var lonLat = named is "OGC:CRS84" or "EPSG:4326";
            return new GeoParquetMetadata(name, encoding, true, lonLat ? null : named ?? crs.GetRawText(), lonLat);
        }
        catch (JsonException ex)
        {
            error = $"its \"geo\" metadata is not valid JSON ({ex.Message.Split(" Path:")[0].TrimEnd('.')})";
            return null;
        }
    }

    /// <summary>"EPSG:32737" or "OGC:CRS84" from a PROJJSON id (or a plain string CRS); null when it has none.</summary>
    private static string? NameOf(JsonElement crs)
    {
        if (crs.ValueKind == JsonValueKind.String) return crs.GetString();
        if (crs.ValueKind != JsonValueKind.Object || !crs.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.Object) return null;
        if (!id.TryGetProperty("authority", out var authority) || authority.ValueKind != JsonValueKind.String) return null;
        if (!id.TryGetProperty("code", out var code)) return null;
        var codeText = code.ValueKind switch
        {
            JsonValueKind.Number => code.GetRawText(),
            JsonValueKind.String => code.GetString(),
            _ => null,
        };
        return codeText is null ? null : $"{authority.GetString()!.ToUpperInvariant()}:{codeText}";
    }
}
