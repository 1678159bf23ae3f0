namespace DivideMapper.Formats.Exports;

/// <summary>
/// One export format (DESIGN §7 <c>--format</c>): its id, the media type and file name it is served with, and whether it
/// is delivered as a zip. Formats with a place for metadata carry the export's provenance and licences inside the file
/// (GeoJSON foreign members, GeoPackage metadata, Parquet key-value metadata); the others come zipped with
/// <c>metadata.json</c> and <c>README.txt</c> beside the data, so licence terms never leave without the data's bytes.
/// </summary>
public sealed record ExportFormat(string Id, string Title, string MediaType, string Extension, bool Zipped)
{
    public static ExportFormat GeoJson { get; } = new("geojson", "GeoJSON (RFC 7946, CRS84)", "application/geo+json", ".geojson", Zipped: false);
    public static ExportFormat Shapefile { get; } = new("shp", "zipped Shapefile (.prj, UTF-8 .cpg, DBF field-name map)", "application/zip", ".shp.zip", Zipped: true);
    public static ExportFormat GeoPackage { get; } = new("gpkg", "GeoPackage", "application/geopackage+sqlite3", ".gpkg", Zipped: false);
    public static ExportFormat Csv { get; } = new("csv", "CSV with WKT geometry, zipped with its metadata", "application/zip", ".csv.zip", Zipped: true);
    public static ExportFormat FlatGeobuf { get; } = new("fgb", "FlatGeobuf, zipped with its metadata", "application/zip", ".fgb.zip", Zipped: true);
    public static ExportFormat Parquet { get; } = new("parquet", "GeoParquet 1.1", "application/vnd.apache.parquet", ".parquet", Zipped: false);

    public static IReadOnlyList<ExportFormat> All { get; } = [GeoJson, Shapefile, GeoPackage, Csv, FlatGeobuf, Parquet];

    /// <summary>The format ids, for usage lines and problem messages.</summary>
    public static string Ids { get; } = string.Join("|", All.Select(f => f.Id));

    public static ExportFormat? Find(string? id) =>
        All.FirstOrDefault(f => string.Equals(f.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase));
}
