using System.Text.Encodings.Web;
using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Writers;

/// <summary>Options for <see cref="GeoJsonFeatureWriter"/>.</summary>
public sealed record GeoJsonWriteOptions
{
    /// <summary>Decimals kept in coordinates; 7 (≈ 1 cm in degrees) by default, as RFC 7946 §11.2 suggests trimming.</summary>
    public int CoordinateDecimals { get; init; } = 7;

    /// <summary>A column also written as each feature's "id" member.</summary>
    public string? IdColumn { get; init; }

    /// <summary>Foreign members of the FeatureCollection (e.g. name, licence, attribution), written before the features.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];

    /// <summary>A structured foreign member (RFC 7946 §6.1), written after <see cref="Metadata"/> under its name.</summary>
    public KeyValuePair<string, System.Text.Json.Nodes.JsonNode>? ForeignMember { get; init; }

    /// <summary>Bytes buffered before the writer flushes to the stream.</summary>
    public int FlushThreshold { get; init; } = 64 * 1024;
}

/// <summary>
/// Streams an RFC 7946 FeatureCollection. Geometries must already be in EPSG:4326 (lon, lat); polygon rings
/// are written counter-clockwise outside and clockwise inside (right-hand rule); empty geometries become null.
/// Memory stays flat however many features are written.
/// </summary>
public static class GeoJsonFeatureWriter
{
    public static async Task WriteAsync(Stream output, FeatureSchema schema, IAsyncEnumerable<FeatureRow> rows,
        GeoJsonWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GeoJsonWriteOptions();
        var idIndex = options.IdColumn is null ? -1 : schema.IndexOf(options.IdColumn);
        if (options.IdColumn is not null && idIndex < 0)
            throw new ArgumentException($"No column '{options.IdColumn}' for the feature id.", nameof(options));
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            // Names in any script stay readable; HTML-sensitive characters are still escaped.
            Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
            SkipValidation = true,
        });
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        foreach (var (key, value) in options.Metadata) json.WriteString(key, value);
        if (options.ForeignMember is { Key: var name, Value: var member })
        {
            json.WritePropertyName(name);
            member.WriteTo(json);
        }
        json.WriteStartArray("features");
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            ColumnValues.CheckWidth(schema, row);
            WriteFeature(json, schema, row, idIndex, options.CoordinateDecimals);
            if (json.BytesPending > options.FlushThreshold) await json.FlushAsync(cancellationToken);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    public static Task WriteAsync(Stream output, FeatureSchema schema, IEnumerable<FeatureRow> rows,
        GeoJsonWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteAsync(output, schema, rows.ToAsyncEnumerable(), options, cancellationToken);

    /// <summary>Writes to a file, replacing it.</summary>
    public static Task WriteFileAsync(string path, FeatureSchema schema, IEnumerable<FeatureRow> rows,
        GeoJsonWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteFileAsync(path, schema, rows.ToAsyncEnumerable(), options, cancellationToken);

    /// <summary>Writes to a file, replacing it.</summary>
    public static async Task WriteFileAsync(string path, FeatureSchema schema, IAsyncEnumerable<FeatureRow> rows,
        GeoJsonWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await WriteAsync(file, schema, rows, options, cancellationToken);
    }

    /// <summary>One Feature object (OGC API items reuse it); <paramref name="idIndex"/> is the id column or −1.</summary>
    public static void WriteFeature(Utf8JsonWriter json, FeatureSchema schema, FeatureRow row, int idIndex, int decimals)
    {
        json.WriteStartObject();
        WriteFeatureMembers(json, schema, row, idIndex, decimals);
        json.WriteEndObject();
    }

    /// <summary>The members of a Feature (type, id, geometry, properties) into an object the caller opened, so it can add its own (OGC links).</summary>
    public static void WriteFeatureMembers(Utf8JsonWriter json, FeatureSchema schema, FeatureRow row, int idIndex, int decimals)
    {
        json.WriteString("type", "Feature");
        if (idIndex >= 0)
        {
            json.WritePropertyName("id");
            WriteValue(json, schema.Columns[idIndex], row.Values[idIndex]);
        }
        json.WritePropertyName("geometry");
        WriteGeometry(json, row.Geometry, decimals);
        json.WriteStartObject("properties");
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            json.WritePropertyName(schema.Columns[i].Name);
            WriteValue(json, schema.Columns[i], row.Values[i]);
        }
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, FeatureColumn column, object? value)
    {
        switch (column.Type)
        {
            case ColumnType.Integer when ColumnValues.Integer(value) is { } l: json.WriteNumberValue(l); break;
            case ColumnType.Real when ColumnValues.Real(value, column.Decimals) is { } d: json.WriteNumberValue(d); break;
            case ColumnType.Boolean when ColumnValues.Boolean(value) is { } b: json.WriteBooleanValue(b); break;
            case ColumnType.Date when ColumnValues.Date(value) is { } d: json.WriteStringValue(d.ToString("yyyy-MM-dd")); break;
            case ColumnType.Text when ColumnValues.Text(value) is { } s: json.WriteStringValue(s); break;
            default: json.WriteNullValue(); break;
        }
    }

    internal static void WriteGeometry(Utf8JsonWriter json, Geometry? geometry, int decimals)
    {
        if (geometry is null || geometry.IsEmpty)
        {
            json.WriteNullValue();
            return;
        }
        json.WriteStartObject();
        json.WriteString("type", geometry.GeometryType);
        if (geometry is GeometryCollection collection and not (MultiPoint or MultiLineString or MultiPolygon))
        {
            json.WriteStartArray("geometries");
            for (var i = 0; i < collection.NumGeometries; i++) WriteGeometry(json, collection.GetGeometryN(i), decimals);
            json.WriteEndArray();
        }
        else
        {
            json.WritePropertyName("coordinates");
            WriteCoordinates(json, geometry, decimals);
        }
        json.WriteEndObject();
    }

    private static void WriteCoordinates(Utf8JsonWriter json, Geometry geometry, int decimals)
    {
        switch (geometry)
        {
            case Point p:
                WritePosition(json, p.CoordinateSequence, 0, decimals);
                break;
            case LineString l:
                WriteSequence(json, l.CoordinateSequence, decimals, reverse: false);
                break;
            case Polygon polygon:
                json.WriteStartArray();
                WriteRing(json, polygon.ExteriorRing, decimals, counterClockwise: true);
                foreach (var hole in polygon.InteriorRings) WriteRing(json, hole, decimals, counterClockwise: false);
                json.WriteEndArray();
                break;
            default: // MultiPoint, MultiLineString, MultiPolygon
                json.WriteStartArray();
                for (var i = 0; i < geometry.NumGeometries; i++) WriteCoordinates(json, geometry.GetGeometryN(i), decimals);
                json.WriteEndArray();
                break;
        }
    }

    private static void WriteRing(Utf8JsonWriter json, LineString ring, int decimals, bool counterClockwise)
    {
        var sequence = ring.CoordinateSequence;
        var reverse = sequence.Count >= 4 && Orientation.IsCCW(sequence) != counterClockwise;
        WriteSequence(json, sequence, decimals, reverse);
    }

    private static void WriteSequence(Utf8JsonWriter json, CoordinateSequence sequence, int decimals, bool reverse)
    {
        json.WriteStartArray();
        for (var i = 0; i < sequence.Count; i++) WritePosition(json, sequence, reverse ? sequence.Count - 1 - i : i, decimals);
        json.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter json, CoordinateSequence sequence, int i, int decimals)
    {
        json.WriteStartArray();
        json.WriteNumberValue(Math.Round(sequence.GetX(i), decimals, MidpointRounding.AwayFromZero));
        json.WriteNumberValue(Math.Round(sequence.GetY(i), decimals, MidpointRounding.AwayFromZero));
        if (sequence.HasZ && sequence.GetZ(i) is var z && double.IsFinite(z))
            json.WriteNumberValue(Math.Round(z, 3, MidpointRounding.AwayFromZero));
        json.WriteEndArray();
    }
}
