using System.Text.Json;
using DivideMapper.Formats.Import;

namespace DivideMapper.Formats.GeoJson;

/// <summary>
/// One pass over a large FeatureCollection instead of a scan of the whole text and then the features: the field mapping
/// is decided from the property names of the first <see cref="PrefixBytes"/>, rows stream from the first feature, and
/// the same pass checks the text (UTF-8, no NUL) and the JSON syntax to the end. The scan of the whole text was 40 % of
/// reading 200,000 points (issue #13). Rows so streamed stand only if the rest agrees with the prefix; when it does
/// not — a later property name that changes the mapping, a <c>crs</c> or second <c>type</c> or <c>features</c> member
/// after the features, bad text or JSON, more features than the cap — the layer is marked
/// <see cref="SourceLayer.PrefixMisled"/>, and the pipeline discards the streamed rows (the store keeps nothing of them:
/// one transaction, rolled back) and reads the file again the careful way, so the report is the same as ever.
/// </summary>
internal static class GeoJsonSinglePass
{
    /// <summary>
    /// 4 MB: about 17,000 point features with a few properties, enough for the names a file uses throughout; scanning
    /// it costs ≈ 40 ms. A file that fits is scanned whole, as before.
    /// </summary>
    internal const long PrefixBytes = 4 << 20;

    /// <summary>Whether a scan that stopped at the prefix allows streaming on it: a FeatureCollection whose features began, no crs so far.</summary>
    public static bool Allows(GeoJsonScan prefix) =>
        prefix is { Type: "FeatureCollection", HasFeaturesArray: true, Crs: null };

    /// <summary>Reads the features, handing each to the pipeline's row stream; marks the layer when the prefix misled.</summary>
    public static void Read(string path, GeoJsonScan prefix, SourceLayer layer, GeoJsonGeometryParser parser, ReadContext context, ref int zDropped)
    {
        var names = new FieldNames(prefix.Fields, context.RowsStandWithFields);
        var emit = context.BeginRows?.Invoke(prefix.Fields, Crs.SourceCrs.Wgs84);
        try
        {
            layer.PrefixMisled = emit is null || !ReadToTheEnd(path, layer, parser, context, emit, names, ref zDropped);
        }
        catch (Exception e) when (e is JsonException or NotTextException)
        {
            layer.PrefixMisled = true; // after the discard, the careful read reports it before handing on any row
        }
    }

    /// <summary>The root object's members and the end of the file; false as soon as something contradicts the prefix.</summary>
    private static bool ReadToTheEnd(string path, SourceLayer layer, GeoJsonGeometryParser parser, ReadContext context, Action<SourceFeature> emit,
        FieldNames names, ref int zDropped)
    {
        using var json = new JsonFileReader(path, GeoJsonReader.ReaderOptions, checkText: true);
        var fileBytes = new FileInfo(path).Length;
        json.Read(); // the root object (the prefix scan saw it)
        var featuresRead = false;
        while (json.Read() && json.Depth == 1 && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.ValueIs("features"u8))
            {
                if (featuresRead) return false; // which features array counts is the careful read's to say
                featuresRead = true;
                if (!GeoJsonReader.ReadFeatures(json, fileBytes, layer, parser, context, emit, names, ref zDropped)) return false;
            }
            else if (featuresRead && (json.ValueIs("crs"u8) || json.ValueIs("type"u8)))
                return false; // after the features, where the prefix could not see them: a crs changes every coordinate
            else json.SkipValue();
        }
        // The root object has ended: nothing but white space or comments may follow (the reader throws on anything else).
        while (json.Read())
        {
        }
        return true;
    }

    /// <summary>
    /// The field names the rows stream with: the prefix's, then each new name a later feature brings, as long as the
    /// pipeline says the rows streamed so far stand with them (<see cref="ReadContext.RowsStandWithFields"/>).
    /// </summary>
    internal sealed class FieldNames(IReadOnlyList<string> prefix, Func<IReadOnlyList<string>, bool>? rowsStand)
    {
        private readonly List<string> _names = [.. prefix];
        private readonly HashSet<string> _known = new(prefix, StringComparer.OrdinalIgnoreCase);

        private AttributeSchema? _admitted;

        /// <summary>
        /// False when the feature (read from <paramref name="element"/>) brings a property name that changes the field
        /// mapping. The names are those the scan would have collected: a feature read straight from its tokens has
        /// exactly those in its schema; one read through a JsonDocument (no schema) may not (a malformed record keeps
        /// no attributes, a second properties member counts only in the scan), so its bytes are scanned for them.
        /// </summary>
        public bool Admit(SourceFeature feature, ReadOnlySpan<byte> element)
        {
            IEnumerable<string> names;
            if (feature.Attributes.Schema is { } schema)
            {
                // Consecutive features mostly share a schema: its names were looked at with the first of them.
                if (ReferenceEquals(schema, _admitted)) return true;
                _admitted = schema;
                names = schema.Names;
            }
            else names = GeoJsonScan.PropertyNamesOf(element);
            var grew = false;
            foreach (var name in names)
            {
                if (!_known.Add(name)) continue;
                _names.Add(name);
                grew = true;
            }
            return !grew || rowsStand?.Invoke(_names.ToArray()) != false;
        }
    }
}
