using System.Text;
using System.Text.Json;
using DivideMapper.Formats.Import;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.GeoJson;

/// <summary>
/// One element of a FeatureCollection's features array, from its bytes. The common shape — a Feature with a string or
/// number id, properties of plain values (text, numbers, true/false/null) and a Point geometry written type first —
/// is read straight from the tokens; anything else (another geometry type, nested property values, a member twice, a
/// number no double holds, not a Feature) goes through a <see cref="JsonDocument"/> to
/// <see cref="GeoJsonReader.ReadFeature"/>, whose rules and messages are the reference. Building, walking and disposing
/// a JsonDocument per feature was more than half of reading 200,000 points (issue #13), and its garbage a good part
/// of the rest. Consecutive features with the same property names, in the same order, share one
/// <see cref="AttributeSchema"/> (as CSV rows share their header): a value array each instead of a dictionary, and
/// the field mapping resolved once per schema.
/// </summary>
internal sealed class GeoJsonFeatureReader
{
    private static readonly JsonDocumentOptions DocumentOptions = JsonFileReader.DocumentOptionsOf(GeoJsonReader.ReaderOptions);

    private AttributeSchema? _schema;
    private string[] _columns = []; // the names _schema was made of, as written (a name may repeat)
    private readonly List<object?> _values = [];
    private readonly List<string> _names = [];

    public SourceFeature Read(ReadOnlyMemory<byte> json, int index, GeoJsonGeometryParser parser, ReadContext context, ref int zDropped)
    {
        if (TryReadPlain(json.Span, index, parser) is { } plain)
        {
            if (plain.Geometry is not null && parser.HadZ) zDropped++;
            return plain;
        }
        using var document = JsonDocument.Parse(json, DocumentOptions);
        return GeoJsonReader.ReadFeature(document.RootElement, index, parser, context, ref zDropped);
    }

    /// <summary>The feature when it has the common shape, else null (nothing reported).</summary>
    private SourceFeature? TryReadPlain(ReadOnlySpan<byte> json, int index, GeoJsonGeometryParser parser)
    {
        var reader = new Utf8JsonReader(json, GeoJsonReader.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        FeatureAttributes? attributes = null;
        string? id = null;
        Point? point = null;
        bool type = false, idSeen = false, properties = false, geometry = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // A member written twice counts by its last value in a JsonDocument: left to it.
            if (reader.ValueTextEquals("type"u8))
            {
                if (type || !reader.Read() || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("Feature"u8)) return null;
                type = true;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                if (idSeen || !reader.Read() || reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) return null;
                idSeen = true;
                id = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan), // as written, like GetRawText
                    _ => null,
                };
            }
            else if (reader.ValueTextEquals("properties"u8))
            {
                if (properties || !reader.Read()) return null;
                properties = true;
                if (reader.TokenType == JsonTokenType.StartObject && (attributes = TryReadProperties(ref reader)) is null) return null;
                if (reader.TokenType == JsonTokenType.StartArray) return null; // not an object: ignored, but it has to be skipped
            }
            else if (reader.ValueTextEquals("geometry"u8))
            {
                if (geometry || !reader.Read()) return null;
                geometry = true;
                if (reader.TokenType == JsonTokenType.Null) continue;
                if (reader.TokenType != JsonTokenType.StartObject || parser.TryParsePoint(ref reader) is not { } parsed) return null;
                point = parsed;
            }
            else reader.Skip(); // bbox, foreign members
        }
        if (!type || reader.TokenType != JsonTokenType.EndObject) return null;
        return new SourceFeature(index, point, attributes ?? new FeatureAttributes(new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)), id);
    }

    /// <summary>
    /// Plain values as <see cref="GeoJsonReader.ToValue"/> converts them, over the previous feature's schema when the
    /// names are the same; null at a nested object or array or a number no long or double holds.
    /// </summary>
    private FeatureAttributes? TryReadProperties(ref Utf8JsonReader reader)
    {
        _values.Clear();
        _names.Clear();
        var same = _schema is not null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var i = _values.Count;
            if (same && (i >= _columns.Length || !reader.ValueTextEquals(_columns[i])))
            {
                same = false;
                for (var k = 0; k < i; k++) _names.Add(_columns[k]);
            }
            if (!same) _names.Add(reader.GetString()!);
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    _values.Add(reader.GetString());
                    break;
                case JsonTokenType.Number when reader.TryGetInt64(out var l):
                    _values.Add(l);
                    break;
                case JsonTokenType.Number when reader.TryGetDouble(out var d):
                    _values.Add(d);
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    _values.Add(reader.TokenType == JsonTokenType.True);
                    break;
                case JsonTokenType.Null:
                    _values.Add(null);
                    break;
                default:
                    return null;
            }
        }
        if (!same || _values.Count != _columns.Length)
        {
            _columns = same ? _columns[.._values.Count] : [.. _names];
            _schema = new AttributeSchema(_columns);
        }
        // A name written twice fills its slot twice: the last value stays, as in a case-insensitive dictionary.
        var values = new object?[_schema!.Names.Count];
        for (var k = 0; k < _values.Count; k++) values[_schema.Slots[k]] = _values[k];
        return new FeatureAttributes(_schema, values);
    }
}
