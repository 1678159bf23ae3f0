using System.Text.Json;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Parquet;
using Parquet.Schema;

namespace DivideMapper.Formats.Writers;

/// <summary>Options for <see cref="GeoParquetWriter"/>.</summary>
public sealed record GeoParquetWriteOptions
{
    /// <summary>Rows per row group: the writer holds one group in memory, so memory stays flat as files grow.</summary>
    public int RowGroupSize { get; init; } = 10_000;

    /// <summary>Name of the WKB geometry column (GeoParquet's <c>primary_column</c>).</summary>
    public string GeometryColumn { get; init; } = "geometry";

    /// <summary>More file key-value metadata beside <c>geo</c> (an export's provenance and licences).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Writes GeoParquet 1.1 (https://geoparquet.org/releases/v1.1.0/) with Parquet.Net: one column per schema column plus
/// a WKB geometry column, and the <c>geo</c> file metadata GeoPandas, DuckDB, GDAL and QGIS read — encoding WKB, the
/// geometry types present, the bbox, counter-clockwise outer rings. Geometries must be in EPSG:4326 (lon, lat), which
/// GeoParquet takes as its default CRS (OGC:CRS84) when <c>crs</c> is left out. Parquet keeps its footer at the end,
/// so the output stream only needs writing, and one row group is buffered at a time.
/// </summary>
public static class GeoParquetWriter
{
    public const string GeoMetadataKey = "geo";
    public const string Version = "1.1.0";

    public static async Task WriteAsync(Stream output, FeatureSchema schema, IAsyncEnumerable<FeatureRow> rows,
        GeoParquetWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GeoParquetWriteOptions();
        if (schema.IndexOf(options.GeometryColumn) >= 0)
            throw new ArgumentException($"A column is already named '{options.GeometryColumn}'; choose another geometry column name.", nameof(options));
        var fields = schema.Columns.Select(FieldOf).ToArray();
        var geometryField = new DataField(options.GeometryColumn, typeof(byte[]), isNullable: true);
        var parquetSchema = new ParquetSchema([.. fields, geometryField]);
        var summary = new GeometrySummary();

        await using (var writer = await ParquetWriter.CreateAsync(parquetSchema, output, cancellationToken: cancellationToken))
        {
            var batch = new List<FeatureRow>(Math.Min(options.RowGroupSize, 65_536));
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                ColumnValues.CheckWidth(schema, row);
                batch.Add(row);
                if (batch.Count < options.RowGroupSize) continue;
                await WriteGroupAsync(writer, schema, fields, geometryField, batch, summary, cancellationToken);
                batch.Clear();
            }
            // A file with no rows still gets one empty group, so readers see the schema and the metadata alike.
            if (batch.Count > 0 || summary.Rows == 0)
                await WriteGroupAsync(writer, schema, fields, geometryField, batch, summary, cancellationToken);
            var metadata = new Dictionary<string, string>(options.Metadata)
            {
                [GeoMetadataKey] = GeoMetadata(options.GeometryColumn, summary).ToJsonString(),
            };
            writer.CustomMetadata = metadata;
        }
    }

    /// <summary>The GeoParquet <c>geo</c> document for one WKB column.</summary>
    private static JsonObject GeoMetadata(string column, GeometrySummary summary)
    {
        var description = new JsonObject
        {
            ["encoding"] = "WKB",
            ["geometry_types"] = new JsonArray([.. summary.Types.Order(StringComparer.Ordinal).Select(t => (JsonNode)t)]),
            ["orientation"] = "counterclockwise",
            ["edges"] = "planar",
        };
        if (!summary.Bounds.IsNull)
        {
            var b = summary.Bounds;
            description["bbox"] = new JsonArray(b.MinX, b.MinY, b.MaxX, b.MaxY);
        }
        return new JsonObject
        {
            ["version"] = Version,
            ["primary_column"] = column,
            ["columns"] = new JsonObject { [column] = description },
        };
    }

    private static DataField FieldOf(FeatureColumn column) => column.Type switch
    {
        ColumnType.Integer => new DataField(column.Name, typeof(long), isNullable: true),
        ColumnType.Real => new DataField(column.Name, typeof(double), isNullable: true),
        ColumnType.Boolean => new DataField(column.Name, typeof(bool), isNullable: true),
        ColumnType.Date => new DataField(column.Name, typeof(DateOnly), isNullable: true),
        _ => new DataField(column.Name, typeof(string), isNullable: true),
    };

    private static async Task WriteGroupAsync(ParquetWriter writer, FeatureSchema schema, DataField[] fields, DataField geometryField,
        List<FeatureRow> batch, GeometrySummary summary, CancellationToken ct)
    {
        using var group = writer.CreateRowGroup();
        for (var c = 0; c < fields.Length; c++)
        {
            var column = schema.Columns[c];
            var values = batch.Select(r => r.Values[c]);
            switch (column.Type)
            {
                case ColumnType.Integer:
                    await group.WriteAsync<long>(fields[c], values.Select(ColumnValues.Integer).ToArray(), cancellationToken: ct);
                    break;
                case ColumnType.Real:
                    await group.WriteAsync<double>(fields[c], values.Select(v => ColumnValues.Real(v, column.Decimals)).ToArray(), cancellationToken: ct);
                    break;
                case ColumnType.Boolean:
                    await group.WriteAsync<bool>(fields[c], values.Select(ColumnValues.Boolean).ToArray(), cancellationToken: ct);
                    break;
                case ColumnType.Date:
                    await group.WriteAsync<DateOnly>(fields[c], values.Select(ColumnValues.Date).ToArray(), cancellationToken: ct);
                    break;
                default:
                    await group.WriteAsync(fields[c], values.Select(ColumnValues.Text).ToArray());
                    break;
            }
        }
        var wkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false);
        var geometries = new byte[]?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Geometry is not { IsEmpty: false } geometry) continue; // null or empty: a null cell, as GeoParquet allows
            summary.Add(geometry);
            geometries[i] = wkb.Write(RingOrientation.CounterClockwise(geometry));
        }
        await group.WriteAsync(geometryField, geometries!);
        summary.Rows += batch.Count;
    }

    /// <summary>What the <c>geo</c> metadata says of the whole column, gathered while the groups stream by.</summary>
    private sealed class GeometrySummary
    {
        public long Rows { get; set; }
        public HashSet<string> Types { get; } = [];
        public Envelope Bounds { get; } = new();

        public void Add(Geometry geometry)
        {
            Types.Add(geometry.GeometryType);
            Bounds.ExpandToInclude(geometry.EnvelopeInternal);
        }
    }
}
