using System.Globalization;
using System.Text.Json;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;

namespace DivideMapper.Formats.GeoJson;

/// <summary>
/// Reads a GeoJSON FeatureCollection, a single Feature or a bare geometry. RFC 7946 data is WGS 84, but a legacy
/// <c>crs</c> member (EPSG:3857, urn:ogc:def:crs:EPSG::32737 …) is honoured: such coordinates are not degrees.
/// A FeatureCollection is streamed: a scan (<see cref="GeoJsonScan"/>) checks the text and the JSON syntax and finds
/// the top-level type, <c>crs</c> (wherever it stands, also after <c>features</c>) and the property names; then one
/// feature at a time is read and, when the pipeline asks for it, handed on without being kept. A file larger than
/// <see cref="GeoJsonSinglePass.PrefixBytes"/> is scanned only that far when what it shows allows streaming (a
/// FeatureCollection without a crs member so far): its features are then read in the same single pass that checks the
/// rest, and a contradiction later (<see cref="GeoJsonSinglePass"/>) sends the pipeline back to scan-then-read.
/// </summary>
internal static class GeoJsonReader
{
    internal static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 128,
    };

    /// <param name="path">The file.</param>
    /// <param name="context">Options, problems; <see cref="ReadContext.BeginRows"/> is used only with <paramref name="stream"/>.</param>
    /// <param name="format">The report's format name (GDAL output is read here too).</param>
    /// <param name="stream">Hand features to the pipeline's row stream as they are read (WGS 84 files only: no crs member).</param>
    public static SourceLayer Read(string path, ReadContext context, string format = "geojson", bool stream = false)
    {
        var layer = new SourceLayer { Format = format };
        var onPrefix = stream && context.StreamOnPrefix && context.BeginRows is not null;
        var scan = Scan(path, context, onPrefix ? GeoJsonSinglePass.PrefixBytes : long.MaxValue);
        // A prefix that shows no streamable FeatureCollection (a crs member, a single Feature, type after the features …):
        // the whole text is scanned before reading, as for every file before the single pass.
        if (scan is { Complete: false } && !GeoJsonSinglePass.Allows(scan)) scan = Scan(path, context, long.MaxValue);
        if (scan is null) return layer;
        layer.DeclaredCrs = scan.Crs;
        var parser = new GeoJsonGeometryParser(Factories.Source, context.Options.Repair);
        var zDropped = 0;
        switch (scan.Type)
        {
            case "FeatureCollection" when !scan.Complete:
                GeoJsonSinglePass.Read(path, scan, layer, parser, context, ref zDropped);
                break;
            case "FeatureCollection":
                if (!scan.HasFeaturesArray)
                {
                    context.Problems.File(ErrorCodes.UnreadableFile, "the FeatureCollection has no \"features\" array.");
                    return layer;
                }
                // Rows stream only when the coordinates are certainly WGS 84 (no crs member) and the fields are known.
                var emit = stream && scan.Crs is null ? context.BeginRows?.Invoke(scan.Fields, Crs.SourceCrs.Wgs84) : null;
                using (var json = new JsonFileReader(path, ReaderOptions, checkText: false))
                {
                    json.Read(); // the root object (checked by the scan)
                    if (SkipToFeatures(json)) ReadFeatures(json, new FileInfo(path).Length, layer, parser, context, emit, null, ref zDropped);
                }
                break;
            case "Feature":
            {
                using var document = WholeDocument(path);
                layer.Features.Add(ReadFeature(document.RootElement, 1, parser, context, ref zDropped));
                break;
            }
            case "Point" or "MultiPoint" or "LineString" or "MultiLineString" or "Polygon" or "MultiPolygon" or "GeometryCollection":
            {
                using var document = WholeDocument(path);
                var bare = new SourceFeature(1, null, []);
                SetGeometry(bare, document.RootElement, parser, context, ref zDropped);
                layer.Features.Add(bare);
                break;
            }
            case null:
                context.Problems.File(ErrorCodes.UnreadableFile, "this JSON is not GeoJSON: the top level is not an object with a \"type\".");
                return layer;
            default:
                context.Problems.File(ErrorCodes.UnreadableFile, $"\"{scan.Type}\" is not a GeoJSON type.");
                return layer;
        }
        if (zDropped > 0) layer.Warnings.Add($"{zDropped:N0} feature(s) had Z or M values; only longitude/latitude (x/y) are kept.");
        return layer;
    }

    /// <summary>The scan (of the first <paramref name="budget"/> bytes), or null after reporting why the file is not readable GeoJSON text.</summary>
    private static GeoJsonScan? Scan(string path, ReadContext context, long budget)
    {
        try
        {
            return GeoJsonScan.Read(path, context.CancellationToken, budget);
        }
        catch (NotTextException e) when (e.Binary)
        {
            context.Problems.File(ErrorCodes.UnreadableFile, "this is binary data, not GeoJSON text.");
        }
        catch (NotTextException)
        {
            context.Problems.File(ErrorCodes.Encoding,
                "the file is not UTF-8 text, as GeoJSON must be; save it again as UTF-8 (for example from QGIS with encoding UTF-8).");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" near line {line + 1}" : "";
            context.Problems.File(ErrorCodes.UnreadableFile, $"this is not valid JSON{where} ({FirstSentence(e.Message)}). The file may be truncated or not GeoJSON.");
        }
        return null;
    }

    /// <summary>Reads the root object's members up to the name of the first <c>features</c> member; false when there is none.</summary>
    internal static bool SkipToFeatures(JsonFileReader json)
    {
        while (json.Read() && json.Depth == 1 && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.ValueIs("features"u8)) return true;
            json.SkipValue();
        }
        return false;
    }

    /// <summary>
    /// Every element of the features array whose name <paramref name="json"/> has just read, one at a time. With
    /// <paramref name="names"/> (the single pass), a feature whose new property names change the field mapping, or one
    /// past the feature cap, ends the reading unreported: false, the pipeline reads again.
    /// </summary>
    internal static bool ReadFeatures(JsonFileReader json, long fileBytes, SourceLayer layer, GeoJsonGeometryParser parser, ReadContext context,
        Action<SourceFeature>? emit, GeoJsonSinglePass.FieldNames? names, ref int zDropped)
    {
        json.Read(); // [
        var features = new GeoJsonFeatureReader();
        var index = 0;
        while (json.ReadRawValue() is { } element)
        {
            index++;
            // Past the cap the careful read reports it, once it has checked the whole file as before.
            if (names is not null && index > context.Options.Limits.MaxFeatures) return false;
            if (context.OverFeatureCap(index)) return true;
            if ((index & 1023) == 0)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                context.Progress.Read(index, json.Position, fileBytes);
            }
            var feature = features.Read(element, index, parser, context, ref zDropped);
            if (names is not null && !names.Admit(feature, element.Span)) return false;
            layer.Add(feature, handedOver: emit is not null);
            emit?.Invoke(feature);
        }
        return true;
    }

    /// <summary>A single Feature or a bare geometry: one value, read whole.</summary>
    private static JsonDocument WholeDocument(string path)
    {
        using var json = new JsonFileReader(path, ReaderOptions, checkText: false);
        return json.ReadValue() ?? throw new JsonException("The file holds no JSON value.");
    }

    internal static SourceFeature ReadFeature(JsonElement feature, int index, GeoJsonGeometryParser parser, ReadContext context, ref int zDropped)
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
        var lineInfo = text.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (lineInfo > 0) text = text[..lineInfo];
        return text.TrimEnd('.', ' ', '|').ToString(CultureInfo.InvariantCulture);
    }
}
