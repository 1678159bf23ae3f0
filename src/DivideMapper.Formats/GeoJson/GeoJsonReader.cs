using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.GeoJson;

/// <summary>
/// Reads a GeoJSON FeatureCollection, a single Feature or a bare geometry. RFC 7946 data is WGS 84, but a legacy
/// <c>crs</c> member (EPSG:3857, urn:ogc:def:crs:EPSG::32737 …) is honoured: such coordinates are not degrees.
/// </summary>
internal static class GeoJsonReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 128,
    };

    public static SourceLayer Read(string path, ReadContext context, string format = "geojson")
    {
        var layer = new SourceLayer { Format = format };
        var bytes = File.ReadAllBytes(path);
        var body = bytes.AsSpan();
        if (body.StartsWith("\uFEFF"u8)) body = body[3..];
        if (body.IndexOf((byte)0) >= 0)
        {
            context.Problems.File(ErrorCodes.UnreadableFile, "this is binary data, not GeoJSON text.");
            return layer;
        }
        if (!Utf8.IsValid(body))
        {
            context.Problems.File(ErrorCodes.Encoding,
                "the file is not UTF-8 text, as GeoJSON must be; save it again as UTF-8 (for example from QGIS with encoding UTF-8).");
            return layer;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(bytes.Length - body.Length), DocumentOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" near line {line + 1}" : "";
            context.Problems.File(ErrorCodes.UnreadableFile, $"this is not valid JSON{where} ({FirstSentence(e.Message)}). The file may be truncated or not GeoJSON.");
            return layer;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                context.Problems.File(ErrorCodes.UnreadableFile, "this JSON is not GeoJSON: the top level is not an object with a \"type\".");
                return layer;
            }
            layer.DeclaredCrs = ReadCrsMember(root, context);
            var parser = new GeoJsonGeometryParser(Factories.Source, context.Options.Repair);
            var zDropped = 0;
            switch (typeElement.GetString())
            {
                case "FeatureCollection":
                    if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                    {
                        context.Problems.File(ErrorCodes.UnreadableFile, "the FeatureCollection has no \"features\" array.");
                        return layer;
                    }
                    var index = 0;
                    foreach (var feature in features.EnumerateArray())
                    {
                        index++;
                        if (context.OverFeatureCap(index)) return layer;
                        context.CancellationToken.ThrowIfCancellationRequested();
                        layer.Features.Add(ReadFeature(feature, index, parser, context, ref zDropped));
                    }
                    break;
                case "Feature":
                    layer.Features.Add(ReadFeature(root, 1, parser, context, ref zDropped));
                    break;
                case "Point" or "MultiPoint" or "LineString" or "MultiLineString" or "Polygon" or "MultiPolygon" or "GeometryCollection":
                    var bare = new SourceFeature(1, null, []);
                    SetGeometry(bare, root, parser, context, ref zDropped);
                    layer.Features.Add(bare);
                    break;
                default:
                    context.Problems.File(ErrorCodes.UnreadableFile, $"\"{typeElement.GetString()}\" is not a GeoJSON type.");
                    return layer;
            }
            if (zDropped > 0) layer.Warnings.Add($"{zDropped:N0} feature(s) had Z or M values; only longitude/latitude (x/y) are kept.");
        }
        return layer;
    }

    private static SourceFeature ReadFeature(JsonElement feature, int index, GeoJsonGeometryParser parser, ReadContext context, ref int zDropped)
    {
        var attributes = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        var result = new SourceFeature(index, null, attributes);
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() != "Feature")
        {
            context.Problems.Feature(index, null, ErrorCodes.MalformedRecord, "this entry of \"features\" is not a GeoJSON Feature object.");
            result.GeometryFailed = true;
            return result;
        }
        if (feature.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            result.Id = id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText();
        if (feature.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in properties.EnumerateObject())
                attributes[p.Name] = ToValue(p.Value);
        }
        if (feature.TryGetProperty("geometry", out var geometry) && geometry.ValueKind != JsonValueKind.Null)
            SetGeometry(result, geometry, parser, context, ref zDropped);
        return result;
    }

    private static void SetGeometry(SourceFeature feature, JsonElement geometry, GeoJsonGeometryParser parser, ReadContext context, ref int zDropped)
    {
        feature.Geometry = parser.Parse(geometry, out var code, out var reason);
        if (feature.Geometry is null)
        {
            feature.GeometryFailed = true;
            context.Problems.Feature(feature.Index, feature.Id, code!, reason! + ".");
            return;
        }
        if (parser.HadZ) zDropped++;
        if (parser.ClosedRing)
            context.Problems.Repaired(feature.Index, feature.Id, ErrorCodes.UnclosedRing, "closed a polygon ring that did not end where it started.");
    }

    /// <summary>A legacy (2008 GeoJSON) crs member: named CRS or EPSG code. A linked CRS cannot be followed.</summary>
    private static string? ReadCrsMember(JsonElement root, ReadContext context)
    {
        if (!root.TryGetProperty("crs", out var crs) || crs.ValueKind == JsonValueKind.Null) return null;
        if (crs.ValueKind == JsonValueKind.Object && crs.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
        {
            if (props.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String) return name.GetString();
            if (props.TryGetProperty("code", out var code) && code.ValueKind is JsonValueKind.Number or JsonValueKind.String)
                return "EPSG:" + (code.ValueKind == JsonValueKind.String ? code.GetString() : code.GetRawText());
        }
        // Something we cannot interpret: let the resolver report it as unknown.
        return crs.GetRawText();
    }

    internal static object? ToValue(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.TryGetDouble(out var d) ? d : e.GetRawText(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => e.GetRawText(),
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return text.TrimEnd('.', ' ').ToString(CultureInfo.InvariantCulture);
    }
}
