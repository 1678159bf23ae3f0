using System.IO.Compression;
using System.Text.Json.Nodes;
using DivideMapper.Formats.Writers;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Exports;

/// <summary>What to export: a layer's name, columns, geometry type and rows (EPSG:4326), with the metadata that travels with it.</summary>
public sealed record ExportLayer(string Name, FeatureSchema Schema, OgcGeometryType GeometryType, IAsyncEnumerable<FeatureRow> Rows,
    ExportMetadata Metadata);

/// <summary>
/// Writes one layer in one <see cref="ExportFormat"/> to a stream, with its metadata. GeoJSON, CSV and GeoParquet stream
/// row by row (memory stays flat); Shapefile stages its parts and GeoPackage/FlatGeobuf go through GDAL via a temporary
/// file, then are copied to the stream. Rows must already have passed the publication rule (the layer catalogue's SQL).
/// </summary>
public static class LayerExporter
{
    public const string MetadataEntry = "metadata.json";
    public const string NoticeEntry = "README.txt";

    /// <summary>The file name to offer for a download, e.g. <c>sample-run12-results.gpkg</c>.</summary>
    public static string FileName(ExportFormat format, ExportMetadata metadata) =>
        $"{ShapefileZipWriter.SafeFileName(metadata.Project)}-run{metadata.RunId}-{ShapefileZipWriter.SafeFileName(metadata.Layer)}{format.Extension}";

    /// <summary>Writes the layer and returns how many features it wrote.</summary>
    public static async Task<long> WriteAsync(Stream output, ExportFormat format, ExportLayer layer, CancellationToken ct = default)
    {
        var counted = new CountedRows(layer.Rows);
        layer = layer with { Rows = counted };
        var metadata = layer.Metadata;
        switch (format.Id)
        {
            case "geojson":
                await GeoJsonFeatureWriter.WriteAsync(output, layer.Schema, layer.Rows, new GeoJsonWriteOptions
                {
                    Metadata = [new("name", layer.Name), new("attribution", string.Join("; ", metadata.Attributions))],
                    ForeignMember = new KeyValuePair<string, JsonNode>("dividemapper", metadata.ToJson()),
                }, ct);
                break;
            case "parquet":
                await GeoParquetWriter.WriteAsync(output, layer.Schema, layer.Rows, new GeoParquetWriteOptions
                {
                    Metadata = new Dictionary<string, string> { ["dividemapper"] = metadata.ToJsonLine() },
                }, ct);
                break;
            case "shp":
                await ShapefileZipWriter.WriteAsync(output, layer.Name, layer.Schema, layer.Rows, new ShapefileWriteOptions
                {
                    GeometryType = layer.GeometryType,
                    Timestamp = metadata.Stamp,
                    ExtraEntries = [.. Package(metadata), new ZipText($"{ShapefileZipWriter.SafeFileName(layer.Name)}_fields.csv", FieldNameMap(layer.Schema))],
                }, ct);
                break;
            case "csv":
                await using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
                {
                    var name = ShapefileZipWriter.SafeFileName(layer.Name);
                    await using (var csv = await StampedZip.OpenAsync(zip, name + ".csv", metadata.Stamp, ct))
                        await CsvFeatureWriter.WriteAsync(csv, layer.Schema, layer.Rows, new CsvWriteOptions { GuardFormulas = true }, ct);
                    // GDAL and QGIS read the CRS from a .prj and the column types from a .csvt beside a CSV (GDAL CSV driver docs).
                    ZipText[] sidecars = [new(name + ".prj", EsriPrj.Wgs84), new(name + ".csvt", CsvTypes(layer.Schema))];
                    await StampedZip.AddTextsAsync(zip, sidecars.Concat(Package(metadata)), metadata.Stamp, ct);
                }
                break;
            case "gpkg":
            case "fgb":
                await ThroughGdalAsync(output, format, layer, ct);
                break;
            default:
                throw new ArgumentException($"Unknown export format '{format.Id}'.", nameof(format));
        }
        return counted.Count;
    }

    /// <summary>The rows, counted as a writer takes them.</summary>
    private sealed class CountedRows(IAsyncEnumerable<FeatureRow> rows) : IAsyncEnumerable<FeatureRow>
    {
        public long Count { get; private set; }

        public async IAsyncEnumerator<FeatureRow> GetAsyncEnumerator(CancellationToken ct = default)
        {
            await foreach (var row in rows.WithCancellation(ct))
            {
                Count++;
                yield return row;
            }
        }
    }

    /// <summary>GDAL writes files, not streams: stage the file, then copy it (zipped with its metadata where the format has no place for it).</summary>
    private static async Task ThroughGdalAsync(Stream output, ExportFormat format, ExportLayer layer, CancellationToken ct)
    {
        var staging = Directory.CreateTempSubdirectory("dm-export-");
        try
        {
            var name = ShapefileZipWriter.SafeFileName(layer.Name);
            var file = Path.Combine(staging.FullName, name + "." + format.Id);
            await GdalFeatureWriter.WriteFileAsync(file, format.Id, layer.Name, layer.Schema, layer.Rows, new GdalWriteOptions
            {
                Timestamp = layer.Metadata.Stamp,
                Metadata = layer.Metadata.Items(),
                Description = layer.Metadata.Title,
            }, ct);
            if (!format.Zipped)
            {
                await using var source = File.OpenRead(file);
                await source.CopyToAsync(output, ct);
                return;
            }
            await using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            await StampedZip.AddFileAsync(zip, Path.GetFileName(file), file, layer.Metadata.Stamp, ct);
            await StampedZip.AddTextsAsync(zip, Package(layer.Metadata), layer.Metadata.Stamp, ct);
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    private static ZipText[] Package(ExportMetadata metadata) =>
        [new(MetadataEntry, metadata.ToJsonText()), new(NoticeEntry, metadata.Notice())];

    /// <summary>One line of GDAL .csvt types, the WKT column last, as <see cref="CsvFeatureWriter"/> writes it.</summary>
    private static string CsvTypes(FeatureSchema schema) =>
        string.Join(",", schema.Columns.Select(c => c.Type switch
        {
            ColumnType.Integer => "\"Integer64\"",
            ColumnType.Real => "\"Real\"",
            ColumnType.Boolean => "\"Integer(Boolean)\"",
            ColumnType.Date => "\"Date\"",
            _ => "\"String\"",
        }).Append("\"WKT\"")) + "\n";

    /// <summary>dbf_field,column: which 10-character DBF name holds which full column name.</summary>
    private static string FieldNameMap(FeatureSchema schema)
    {
        var names = ShapefileFieldNames.Map(schema.Columns.Select(c => c.Name));
        return "dbf_field,column\n" + string.Concat(schema.Columns.Select((c, i) => $"{names[i]},{c.Name}\n"));
    }
}
