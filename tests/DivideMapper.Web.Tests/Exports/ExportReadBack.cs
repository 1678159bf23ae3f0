using System.IO.Compression;
using System.Text.Json.Nodes;
using DivideMapper.Formats.Gdal;
using DivideMapper.Formats.Writers;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Parquet;
using Parquet.Schema;

namespace DivideMapper.Web.Tests.Exports;

/// <summary>
/// An exported file read back by an independent reader: GDAL (ogrinfo / ogr2ogr, as a GIS user opens it) for every
/// format it reads, Parquet.Net for GeoParquet (the GDAL here has no Parquet driver). Rows come back as GeoJSON-like
/// property objects with a geometry, whatever the format, so one check serves all.
/// </summary>
public sealed record ExportReadBack(IReadOnlyList<JsonObject> Properties, IReadOnlyList<Geometry?> Geometries, string? OgrInfo,
    IReadOnlyDictionary<string, string> ZipTexts)
{
    /// <summary>The path GDAL opens: the file itself, or the data file inside a zip.</summary>
    public static string GdalPath(string file, string formatId, string layer) => formatId switch
    {
        "shp" => $"/vsizip/{file}",
        "csv" => $"/vsizip/{file}/{layer}.csv",
        "fgb" => $"/vsizip/{file}/{layer}.fgb",
        _ => file,
    };

    public static async Task<ExportReadBack> ReadAsync(string file, string formatId, string layer)
    {
        if (formatId == "parquet") return await ReadParquetAsync(file); // its key-value metadata stand in for the zip's texts
        var texts = formatId is "shp" or "csv" or "fgb" ? ZipTextsOf(file) : new Dictionary<string, string>();

        var path = GdalPath(file, formatId, layer);
        var info = await GeoFiles.OgrInfoAsync("-so", "-al", path);
        var json = Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileName(file) + ".readback.geojson");
        List<string> args = ["-f", "GeoJSON", json, path];
        // The zip's .csvt gives the column types and its .prj the CRS, as GDAL and QGIS read them; empty cells are nulls.
        if (formatId == "csv") args.InsertRange(0, ["-oo", "KEEP_GEOM_COLUMNS=NO", "-oo", "EMPTY_STRING_AS_NULL=YES"]);
        var converted = await GdalAdapter.RunAsync(GdalAdapter.Ogr2OgrPath, args, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.True(converted.Succeeded, converted.StandardError);
        var collection = GeoFiles.ReadGeoJson(await File.ReadAllBytesAsync(json));
        var properties = JsonNode.Parse(await File.ReadAllTextAsync(json))!["features"]!.AsArray()
            .Select(f => f!["properties"]!.AsObject()).ToList();
        return new ExportReadBack(properties, collection.Select(f => f.Geometry).ToList(), info, texts);
    }

    private static Dictionary<string, string> ZipTextsOf(string file)
    {
        using var zip = ZipFile.OpenRead(file);
        return zip.Entries.Where(e => e.Name.EndsWith(".json") || e.Name.EndsWith(".txt") || e.Name.EndsWith("_fields.csv"))
            .ToDictionary(e => e.Name, e => new StreamReader(e.Open()).ReadToEnd());
    }

    private static async Task<ExportReadBack> ReadParquetAsync(string file)
    {
        await using var reader = await ParquetReader.CreateAsync(file);
        var fields = reader.Schema.GetDataFields();
        var properties = new List<JsonObject>();
        var geometries = new List<Geometry?>();
        var wkb = new WKBReader();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = (int)group.RowCount;
            var batch = Enumerable.Range(0, rows).Select(_ => new JsonObject()).ToList();
            foreach (var field in fields)
            {
                if (field.Name == "geometry")
                {
                    var bytes = new byte[]?[rows];
                    await group.ReadAsync(field, bytes.AsMemory()!);
                    geometries.AddRange(bytes.Select(b => b is null ? null : wkb.Read(b)));
                    continue;
                }
                var values = await ReadColumnAsync(group, field, rows);
                for (var i = 0; i < rows; i++) batch[i][field.Name] = values[i];
            }
            properties.AddRange(batch);
        }
        return new ExportReadBack(properties, geometries, null, new Dictionary<string, string>(reader.CustomMetadata));
    }

    private static async Task<JsonNode?[]> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int rows)
    {
        if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))
        {
            var s = new string?[rows];
            await group.ReadAsync(field, s.AsMemory()!);
            return s.Select(v => v is null ? null : (JsonNode)v).ToArray();
        }
        if (field.ClrType == typeof(long))
        {
            var l = new long?[rows];
            await group.ReadAsync<long>(field, l.AsMemory());
            return l.Select(v => v is { } x ? (JsonNode)x : null).ToArray();
        }
        if (field.ClrType == typeof(double))
        {
            var d = new double?[rows];
            await group.ReadAsync<double>(field, d.AsMemory());
            return d.Select(v => v is { } x ? (JsonNode)x : null).ToArray();
        }
        var b = new bool?[rows];
        await group.ReadAsync<bool>(field, b.AsMemory());
        return b.Select(v => v is { } x ? (JsonNode)x : null).ToArray();
    }

    /// <summary>A property by its full column name; Shapefiles hold it under its 10-character DBF name.</summary>
    public static JsonNode? Value(JsonObject properties, string formatId, string layer, string column)
    {
        if (formatId != "shp") return properties[column];
        var columns = Data.Layers.RunExports.LayerOf(layer).OrThrow().Schema.Columns.Select(c => c.Name).ToArray();
        Assert.Contains(column, columns);
        return properties[ShapefileFieldNames.Map(columns)[Array.IndexOf(columns, column)]];
    }
}
