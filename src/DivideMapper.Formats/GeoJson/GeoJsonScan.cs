using System.Text.Json;

namespace DivideMapper.Formats.GeoJson;

/// <summary>
/// A cheap pass over a GeoJSON file (tokens only, nothing built): it proves the file is UTF-8 JSON before a single row
/// is stored, and finds what the feature-by-feature pass needs up front — the top-level <c>type</c>, the legacy
/// <c>crs</c> member (which may stand after <c>features</c>, so it cannot be learnt on the way) and every property
/// name of the features, in order of first appearance, for the field mapping. Given a byte budget it stops there
/// (<see cref="Complete"/> false) and tells what the beginning of the file shows.
/// </summary>
internal sealed class GeoJsonScan
{
    /// <summary>The top-level type, or null when the top level is not an object with a string <c>type</c>.</summary>
    public string? Type { get; private set; }

    /// <summary>A legacy (2008 GeoJSON) crs: named CRS or EPSG code, or its raw JSON when we cannot interpret it.</summary>
    public string? Crs { get; private set; }

    public bool HasFeaturesArray { get; private set; }

    /// <summary>False when the scan stopped at its byte budget: the other members tell only what the prefix shows.</summary>
    public bool Complete { get; private set; }

    /// <summary>Property names of all features of a FeatureCollection (case-insensitively distinct, first spelling).</summary>
    public IReadOnlyList<string> Fields => _fields;

    private readonly List<string> _fields = [];
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Checked every 65,536 tokens.</param>
    /// <param name="budget">Stop at the first token that ends past this many bytes of the file.</param>
    public static GeoJsonScan Read(string path, CancellationToken cancellationToken, long budget = long.MaxValue)
    {
        var scan = new GeoJsonScan();
        using var json = new JsonFileReader(path, GeoJsonReader.ReaderOptions, checkText: true);
        var rootIsObject = false;
        var inFeatures = false;     // inside the top-level features array
        var inProperties = false;   // inside the properties object of one of its features
        var tokens = 0L;
        while (json.Read())
        {
            if ((++tokens & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (json.Position > budget) return scan;
            var depth = json.Depth;
            switch (json.TokenType)
            {
                case JsonTokenType.StartObject when depth == 0:
                    rootIsObject = true;
                    break;
                case JsonTokenType.PropertyName when depth == 1 && rootIsObject:
                    if (json.ValueIs("type"u8))
                    {
                        json.Read();
                        scan.Type = json.TokenType == JsonTokenType.String ? json.GetString() : null;
                        if (json.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) SkipRest(json, json.Depth);
                    }
                    else if (json.ValueIs("crs"u8))
                    {
                        using var crs = json.ReadValue() ?? throw new JsonException("The crs member has no value.");
                        scan.Crs = CrsOf(crs.RootElement);
                    }
                    else if (json.ValueIs("features"u8))
                    {
                        json.Read();
                        scan.HasFeaturesArray = json.TokenType == JsonTokenType.StartArray;
                        inFeatures = scan.HasFeaturesArray;
                        if (json.TokenType == JsonTokenType.StartObject) SkipRest(json, json.Depth);
                    }
                    break;
                case JsonTokenType.EndArray when depth == 1:
                    inFeatures = false;
                    break;
                case JsonTokenType.PropertyName when depth == 3 && inFeatures && json.ValueIs("properties"u8):
                    json.Read();
                    inProperties = json.TokenType == JsonTokenType.StartObject;
                    break;
                case JsonTokenType.EndObject when depth == 3:
                    inProperties = false;
                    break;
                case JsonTokenType.PropertyName when depth == 4 && inProperties:
                    var name = json.GetString();
                    if (scan._seen.Add(name)) scan._fields.Add(name);
                    break;
            }
        }
        if (!rootIsObject) scan.Type = null;
        scan.Complete = true;
        return scan;
    }

    /// <summary>
    /// The property names <see cref="Read"/> collects from one element of the features array (its bytes): the member
    /// names of each of its <c>properties</c> objects, also of an element that is no Feature or has two of them.
    /// </summary>
    public static List<string> PropertyNamesOf(ReadOnlySpan<byte> element)
    {
        var names = new List<string>();
        var reader = new Utf8JsonReader(element, GeoJsonReader.ReaderOptions);
        var inProperties = false;
        // The depths of Read less two: the element's members are at 1, those of its properties object at 2.
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when reader.CurrentDepth == 1 && reader.ValueTextEquals("properties"u8):
                    reader.Read();
                    inProperties = reader.TokenType == JsonTokenType.StartObject;
                    break;
                case JsonTokenType.EndObject when reader.CurrentDepth == 1:
                    inProperties = false;
                    break;
                case JsonTokenType.PropertyName when reader.CurrentDepth == 2 && inProperties:
                    names.Add(reader.GetString()!);
                    break;
            }
        }
        return names;
    }

    /// <summary>Reads to the end of the object or array just opened at <paramref name="depth"/>.</summary>
    private static void SkipRest(JsonFileReader json, int depth)
    {
        while (json.Read() && !(json.Depth == depth && json.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray))
        {
        }
    }

    private static string? CrsOf(JsonElement crs)
    {
        if (crs.ValueKind == JsonValueKind.Null) return null;
        if (crs.ValueKind == JsonValueKind.Object && crs.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
        {
            if (props.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String) return name.GetString();
            if (props.TryGetProperty("code", out var code) && code.ValueKind is JsonValueKind.Number or JsonValueKind.String)
                return "EPSG:" + (code.ValueKind == JsonValueKind.String ? code.GetString() : code.GetRawText());
        }
        // Something we cannot interpret: let the resolver report it as unknown.
        return crs.GetRawText();
    }
}
