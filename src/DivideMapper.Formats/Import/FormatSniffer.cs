using System.Text;

namespace DivideMapper.Formats.Import;

/// <summary>How a file will be read: our format id and, for GDAL formats, the OGR driver.</summary>
internal sealed record SniffedFormat(string Format, string? GdalDriver = null)
{
    public static SniffedFormat Zip { get; } = new("zip");
    public static SniffedFormat Shapefile { get; } = new("shapefile");
    public static SniffedFormat GeoJson { get; } = new("geojson");
    public static SniffedFormat Csv { get; } = new("csv");
}

/// <summary>
/// Decides the format from the first bytes (zip, shapefile, SQLite/GeoPackage and FlatGeobuf signatures, JSON
/// or XML text) and the file name; null when nothing we read matches.
/// </summary>
internal static class FormatSniffer
{
    private static readonly Dictionary<string, SniffedFormat> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".zip"] = SniffedFormat.Zip,
        [".shp"] = SniffedFormat.Shapefile,
        [".geojson"] = SniffedFormat.GeoJson,
        [".json"] = SniffedFormat.GeoJson,
        [".csv"] = SniffedFormat.Csv,
        [".tsv"] = SniffedFormat.Csv,
        [".txt"] = SniffedFormat.Csv,
        [".gpkg"] = new("gpkg", "GPKG"),
        [".fgb"] = new("fgb", "FlatGeobuf"),
        [".kml"] = new("kml", "KML"),
        [".gml"] = new("gml", "GML"),
        [".gpx"] = new("gpx", "GPX"),
        [".geojsonl"] = new("geojsonseq", "GeoJSONSeq"),
        [".geojsons"] = new("geojsonseq", "GeoJSONSeq"),
        [".ndjson"] = new("geojsonseq", "GeoJSONSeq"),
    };

    /// <summary>(Geo)Parquet, as Ookla publishes (read with ParquetSharp: the GDAL here has no Parquet driver).</summary>
    public static SniffedFormat Parquet { get; } = new("parquet");

    public static SniffedFormat? Detect(string path, string fileName)
    {
        Span<byte> head = stackalloc byte[1024];
        int n;
        using (var stream = File.OpenRead(path)) n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];

        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8)) return SniffedFormat.Zip;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x27, 0x0A])) return SniffedFormat.Shapefile;
        if (head.StartsWith("SQLite format 3\0"u8)) return ByExtension[".gpkg"];
        if (head.StartsWith("fgb\x03"u8)) return ByExtension[".fgb"];
        if (head.StartsWith("PAR1"u8)) return Parquet;

        var extension = Path.GetExtension(fileName);
        if (ByExtension.TryGetValue(extension, out var byName)) return byName;
        // Named Parquet without the signature: the Parquet reader says so plainly instead of "not a format we read".
        if (extension.Equals(".parquet", StringComparison.OrdinalIgnoreCase) || extension.Equals(".geoparquet", StringComparison.OrdinalIgnoreCase)) return Parquet;

        var text = head.StartsWith("\uFEFF"u8) ? head[3..] : head;
        var trimmed = Encoding.UTF8.GetString(text).TrimStart();
        if (trimmed.StartsWith('{')) return SniffedFormat.GeoJson;
        if (trimmed.StartsWith('<'))
        {
            if (trimmed.Contains("<kml", StringComparison.OrdinalIgnoreCase)) return ByExtension[".kml"];
            if (trimmed.Contains("<gpx", StringComparison.OrdinalIgnoreCase)) return ByExtension[".gpx"];
            if (trimmed.Contains("gml", StringComparison.OrdinalIgnoreCase)) return ByExtension[".gml"];
            return null;
        }
        return LooksLikeDelimitedText(text) ? SniffedFormat.Csv : null;
    }

    /// <summary>Printable text with a delimiter on its first line.</summary>
    private static bool LooksLikeDelimitedText(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0) return false;
        var control = 0;
        foreach (var b in head)
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t')) control++;
        if (control > 0) return false;
        var newline = head.IndexOfAny((byte)'\n', (byte)'\r');
        var firstLine = newline >= 0 ? head[..newline] : head;
        return firstLine.IndexOfAny(",;\t|"u8) >= 0;
    }
}
