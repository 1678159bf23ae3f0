using DivideMapper.Core.Domain;
using DivideMapper.Formats.Writers;

namespace DivideMapper.Sample;

/// <summary>
/// Writes a <see cref="SampleCity"/> in the formats people bring to DivideMapper (the entry point behind
/// <c>./dm sample --seed N --size small|w1|w1x4|w2 --out DIR</c>). Same city → byte-identical files.
/// </summary>
public static class SampleCityWriter
{
    /// <summary>The time stamped into file metadata (DBF header, zip entries, GeoPackage), fixed for reproducible bytes.</summary>
    public static readonly DateTimeOffset Timestamp = new(2024, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public const string License = "CC0-1.0";

    /// <summary>
    /// Writes settlements.geojson, context.geojson, coverage.zip (Shapefile in the city's UTM CRS),
    /// cell_sites.csv (OpenCelliD columns), speed_tiles_2024q1.csv and speed_tiles_2024q3.csv (Ookla columns),
    /// speed_points.csv (only for sizes with speed points) and facilities.gpkg (needs gdal-bin), into
    /// <paramref name="directory"/> (created if missing; files replaced). Returns the paths written, in that order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(SampleCity city, string directory,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(city);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        string PathOf(string name) { var p = Path.Combine(directory, name); written.Add(p); return p; }
        var about = $"Synthetic DivideMapper sample city (seed {city.Seed}, size {city.Size.Name}); not real data.";

        await GeoJsonFeatureWriter.WriteFileAsync(PathOf("settlements.geojson"), SettlementSchema,
            city.Settlements.Select(s => new FeatureRow(s.Geometry, [s.Id, s.Name, s.Kind.ToSlug(), s.Population, s.Households])),
            new GeoJsonWriteOptions { IdColumn = "id", Metadata = Meta("settlements", about) }, cancellationToken);

        await GeoJsonFeatureWriter.WriteFileAsync(PathOf("context.geojson"), LineSchema,
            city.Lines.Select(l => new FeatureRow(l.Geometry, [l.Id, l.Kind, l.Name])),
            new GeoJsonWriteOptions { IdColumn = "id", Metadata = Meta("context", about) }, cancellationToken);

        await ShapefileZipWriter.WriteFileAsync(PathOf("coverage.zip"), "coverage", CoverageSchema,
            city.CoverageAreasMetric().Select(c => new FeatureRow(c.Geometry, [c.Id, c.Operator, c.Tech.ToLabel()])),
            new ShapefileWriteOptions { Prj = EsriPrj.Utm(city.UtmZone, city.UtmNorth), Timestamp = Timestamp }, cancellationToken);

        await CsvFeatureWriter.WriteFileAsync(PathOf("cell_sites.csv"), SiteSchema, city.Sites.Select(SiteRow),
            new CsvWriteOptions { Geometry = CsvGeometry.None }, cancellationToken);

        foreach (var period in SampleCity.Periods)
            await CsvFeatureWriter.WriteFileAsync(PathOf($"speed_tiles_{period.ToLowerInvariant()}.csv"), TileSchema,
                city.SpeedTiles(period).Select(m => new FeatureRow(null, [m.Quadkey, m.DownKbps, m.UpKbps, m.LatencyMs, m.Tests, m.Devices])),
                new CsvWriteOptions { Geometry = CsvGeometry.None }, cancellationToken);

        if (city.Size.SpeedPoints > 0)
            await CsvFeatureWriter.WriteFileAsync(PathOf("speed_points.csv"), PointSchema,
                city.SpeedPoints().Select(m => new FeatureRow(m.Geometry, [m.Id, m.Period, m.DownKbps, m.UpKbps, m.LatencyMs, m.Tests, m.Devices])),
                new CsvWriteOptions { Geometry = CsvGeometry.LonLat, CoordinateDecimals = 6 }, cancellationToken);

        await GdalFeatureWriter.WriteFileAsync(PathOf("facilities.gpkg"), "gpkg", "facilities", FacilitySchema,
            city.Facilities.Select(f => new FeatureRow(f.Geometry, [f.Id, f.Kind, f.Name, f.Connected, f.SpeedMbps])),
            Timestamp, cancellationToken);
        return written;
    }

    public static FeatureSchema SettlementSchema { get; } = new(
        new("id", ColumnType.Integer), new("name", ColumnType.Text, 80), new("kind", ColumnType.Text, 10),
        new("population", ColumnType.Integer), new("households", ColumnType.Integer));

    public static FeatureSchema LineSchema { get; } = new(
        new("id", ColumnType.Integer), new("kind", ColumnType.Text, 10), new("name", ColumnType.Text, 80));

    public static FeatureSchema CoverageSchema { get; } = new(
        new("id", ColumnType.Integer), new("operator", ColumnType.Text, 10), new("tech", ColumnType.Text, 5));

    /// <summary>OpenCelliD cell export columns, in their order.</summary>
    public static FeatureSchema SiteSchema { get; } = new(
        new("radio", ColumnType.Text), new("mcc", ColumnType.Integer), new("net", ColumnType.Integer),
        new("area", ColumnType.Integer), new("cell", ColumnType.Integer), new("unit", ColumnType.Integer),
        new("lon", ColumnType.Real, Decimals: 6), new("lat", ColumnType.Real, Decimals: 6), new("range", ColumnType.Integer),
        new("samples", ColumnType.Integer), new("changeable", ColumnType.Integer), new("created", ColumnType.Integer),
        new("updated", ColumnType.Integer), new("averageSignal", ColumnType.Integer));

    /// <summary>Ookla open-data tile columns (the geometry is rebuilt from the quadkey).</summary>
    public static FeatureSchema TileSchema { get; } = new(
        new("quadkey", ColumnType.Text), new("avg_d_kbps", ColumnType.Integer), new("avg_u_kbps", ColumnType.Integer),
        new("avg_lat_ms", ColumnType.Integer), new("tests", ColumnType.Integer), new("devices", ColumnType.Integer));

    public static FeatureSchema PointSchema { get; } = new(
        new("id", ColumnType.Integer), new("period", ColumnType.Text), new("avg_d_kbps", ColumnType.Integer),
        new("avg_u_kbps", ColumnType.Integer), new("avg_lat_ms", ColumnType.Integer), new("tests", ColumnType.Integer),
        new("devices", ColumnType.Integer));

    public static FeatureSchema FacilitySchema { get; } = new(
        new("id", ColumnType.Integer), new("kind", ColumnType.Text, 20), new("name", ColumnType.Text, 120),
        new("connected", ColumnType.Boolean), new("speed_mbps", ColumnType.Real, Decimals: 1));

    private static FeatureRow SiteRow(SampleSite s) => new(null,
    [
        s.Radio, s.Mcc, s.Net, s.Area, s.Cell, s.Unit, s.Site.Geometry.X, s.Site.Geometry.Y, s.Site.RangeM,
        s.Samples, 1, s.Created, s.Updated, 0,
    ]);

    private static KeyValuePair<string, string>[] Meta(string name, string about) =>
        [new("name", name), new("description", about), new("license", License)];
}
