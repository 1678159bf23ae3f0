using System.IO.Compression;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Dbf.Fields;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;

namespace DivideMapper.Formats.Writers;

/// <summary>Options for <see cref="ShapefileZipWriter"/>.</summary>
public sealed record ShapefileWriteOptions
{
    /// <summary>Content of the .prj file (ESRI WKT, see <see cref="EsriPrj"/>); WGS 84 by default.</summary>
    public string Prj { get; init; } = EsriPrj.Wgs84;

    /// <summary>Shape type when there may be no rows to learn it from; otherwise the first geometry decides.</summary>
    public OgcGeometryType? GeometryType { get; init; }

    /// <summary>Date stamped into the DBF header and the zip entries; now by default. Fix it for reproducible files.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>More files for the zip beside the layer's parts (an export's metadata.json, README and field-name map).</summary>
    public IReadOnlyList<ZipText> ExtraEntries { get; init; } = [];
}


/// <summary>
/// Writes a zipped Shapefile: layer.shp, .shx, .dbf (UTF-8), .prj and .cpg. Field names are mapped to DBF's
/// 10 characters by <see cref="ShapefileFieldNames"/>. Polygon and MultiPolygon share one shape type, as do
/// LineString and MultiLineString; other mixes are rejected. The parts are staged in a temporary directory,
/// so memory stays flat for large layers.
/// </summary>
public static class ShapefileZipWriter
{
    public static Task WriteAsync(Stream zipOutput, string layerName, FeatureSchema schema, IEnumerable<FeatureRow> rows,
        ShapefileWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteAsync(zipOutput, layerName, schema, rows.ToAsyncEnumerable(), options, cancellationToken);

    public static async Task WriteAsync(Stream zipOutput, string layerName, FeatureSchema schema, IAsyncEnumerable<FeatureRow> rows,
        ShapefileWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ShapefileWriteOptions();
        var layer = SafeFileName(layerName);
        var stamp = options.Timestamp ?? DateTimeOffset.UtcNow;
        var staging = Directory.CreateTempSubdirectory("dm-shp-");
        try
        {
            var shp = Path.Combine(staging.FullName, layer + ".shp");
            await WritePartsAsync(shp, schema, rows, options, cancellationToken);
            StampDbf(Path.ChangeExtension(shp, ".dbf"), stamp);
            // The library writes .cpg only in some versions; make sure it is there and says UTF-8.
            await File.WriteAllTextAsync(Path.ChangeExtension(shp, ".cpg"), "UTF-8", cancellationToken);
            await File.WriteAllTextAsync(Path.ChangeExtension(shp, ".prj"), options.Prj, cancellationToken);

            await using var zip = new ZipArchive(zipOutput, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var extension in new[] { ".shp", ".shx", ".dbf", ".prj", ".cpg" })
                await StampedZip.AddFileAsync(zip, layer + extension, Path.ChangeExtension(shp, extension), stamp, cancellationToken);
            await StampedZip.AddTextsAsync(zip, options.ExtraEntries, stamp, cancellationToken);
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    /// <summary>Writes to a .zip file, replacing it.</summary>
    public static async Task WriteFileAsync(string zipPath, string layerName, FeatureSchema schema, IEnumerable<FeatureRow> rows,
        ShapefileWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(zipPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
        await WriteAsync(file, layerName, schema, rows, options, cancellationToken);
    }

    private static async Task WritePartsAsync(string shp, FeatureSchema schema, IAsyncEnumerable<FeatureRow> rows,
        ShapefileWriteOptions options, CancellationToken cancellationToken)
    {
        await using var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        var hasFirst = await enumerator.MoveNextAsync();
        var firstType = hasFirst ? enumerator.Current.Geometry?.OgcGeometryType : null;
        var shapeType = ShapeTypeOf(firstType ?? options.GeometryType
            ?? throw new ArgumentException("Cannot tell the shape type (no rows, or the first has no geometry); set GeometryType.", nameof(rows)));

        var names = ShapefileFieldNames.Map(schema.Columns.Select(c => c.Name));
        var fields = new List<DbfField>();
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            var column = schema.Columns[i];
            fields.Add(column.Type switch
            {
                // 18 digits: GDAL reads N(18,0) as Integer64 but N(19,0) as Real.
                ColumnType.Integer => new DbfNumericInt64Field(names[i], 18),
                ColumnType.Real => new DbfNumericDoubleField(names[i]),
                ColumnType.Boolean => new DbfLogicalField(names[i]),
                ColumnType.Date => new DbfDateField(names[i]),
                _ => new DbfCharacterField(names[i], Math.Clamp(column.Width ?? 254, 1, 254)),
            });
        }

        var writerOptions = new ShapefileWriterOptions(shapeType, fields.ToArray()) { Encoding = Encoding.UTF8 };
        using var writer = Shapefile.OpenWrite(shp, writerOptions);
        var count = 0;
        for (var more = hasFirst; more; more = await enumerator.MoveNextAsync())
        {
            var row = enumerator.Current;
            ColumnValues.CheckWidth(schema, row);
            if (row.Geometry is { } g && !g.IsEmpty && ShapeTypeOf(g.OgcGeometryType) != shapeType)
                throw new ArgumentException($"A Shapefile holds one shape type: {g.GeometryType} does not fit {shapeType}.");
            // The library writes an empty geometry as a null shape but fails on null itself.
            writer.Geometry = row.Geometry is { IsEmpty: false } ? row.Geometry : EmptyOf(shapeType);
            for (var i = 0; i < fields.Count; i++) fields[i].Value = DbfValue(schema.Columns[i], row.Values[i], fields[i]);
            writer.Write();
            if (++count % 4096 == 0) cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static object? DbfValue(FeatureColumn column, object? value, DbfField field) => column.Type switch
    {
        ColumnType.Integer => ColumnValues.Integer(value),
        ColumnType.Real => ColumnValues.Real(value, column.Decimals),
        ColumnType.Boolean => ColumnValues.Boolean(value),
        ColumnType.Date => ColumnValues.Date(value)?.ToDateTime(TimeOnly.MinValue),
        _ => CheckedText(column, ColumnValues.Text(value), field.Length),
    };

    private static string? CheckedText(FeatureColumn column, string? text, int width) =>
        text is not null && Encoding.UTF8.GetByteCount(text) > width
            ? throw new ArgumentException($"A '{column.Name}' value is longer than its DBF width of {width} bytes; widen the column.")
            : text;

    /// <summary>Layer name as a file name inside the zip: letters, digits, '_' and '-' only.</summary>
    public static string SafeFileName(string name)
    {
        var chars = name.Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray();
        return chars.Length == 0 ? "layer" : new string(chars);
    }

    private static Geometry EmptyOf(ShapeType type) => type switch
    {
        ShapeType.Point => Point.Empty,
        ShapeType.MultiPoint => MultiPoint.Empty,
        ShapeType.PolyLine => MultiLineString.Empty,
        _ => MultiPolygon.Empty,
    };

    private static ShapeType ShapeTypeOf(OgcGeometryType type) => type switch
    {
        OgcGeometryType.Point => ShapeType.Point,
        OgcGeometryType.MultiPoint => ShapeType.MultiPoint,
        OgcGeometryType.LineString or OgcGeometryType.MultiLineString => ShapeType.PolyLine,
        OgcGeometryType.Polygon or OgcGeometryType.MultiPolygon => ShapeType.Polygon,
        _ => throw new ArgumentException($"A Shapefile cannot hold {type}."),
    };

    /// <summary>Bytes 1–3 of a DBF header are the date of last update (years since 1900, month, day).</summary>
    private static void StampDbf(string dbf, DateTimeOffset stamp)
    {
        using var file = new FileStream(dbf, FileMode.Open, FileAccess.Write);
        file.Position = 1;
        var date = stamp.UtcDateTime;
        file.Write([(byte)(date.Year - 1900), (byte)date.Month, (byte)date.Day]);
    }
}
