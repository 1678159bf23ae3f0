using DivideMapper.Formats.Gdal;

namespace DivideMapper.Formats.Writers;

/// <summary>
/// GeoPackage and FlatGeobuf through GDAL: the features go to a temporary GeoJSON file (full precision) that
/// <see cref="GdalAdapter"/> converts. Geometries must be in EPSG:4326, like GeoJSON's.
/// </summary>
public static class GdalFeatureWriter
{
    /// <summary>The format ids this writer accepts: gpkg, fgb.</summary>
    public static IReadOnlyList<string> Formats { get; } = GdalAdapter.WriteDrivers.Keys.Order().ToArray();

    /// <summary>
    /// Writes <paramref name="destination"/> (replacing it) as <paramref name="format"/> (gpkg or fgb) with one layer.
    /// With <paramref name="timestamp"/> set, GeoPackage metadata carries that time instead of now, so the same
    /// features give the same bytes. Throws <see cref="GdalException"/> when GDAL is missing or fails.
    /// </summary>
    public static async Task WriteFileAsync(string destination, string format, string layerName, FeatureSchema schema,
        IEnumerable<FeatureRow> rows, DateTimeOffset? timestamp = null, CancellationToken cancellationToken = default)
    {
        if (!GdalAdapter.WriteDrivers.TryGetValue(format, out var driver))
            throw new ArgumentException($"GDAL cannot write format '{format}' here; use one of {string.Join(", ", Formats)}.", nameof(format));
        var staging = Directory.CreateTempSubdirectory("dm-gdal-");
        try
        {
            var geoJson = Path.Combine(staging.FullName, "features.geojson");
            await GeoJsonFeatureWriter.WriteFileAsync(geoJson, schema, rows,
                new GeoJsonWriteOptions { CoordinateDecimals = 12 }, cancellationToken);
            File.Delete(destination);
            var result = timestamp is { } stamp
                ? await GdalAdapter.RunAsync(GdalAdapter.Ogr2OgrPath,
                [
                    // Same arguments as GdalAdapter.FromGeoJsonAsync, plus GDAL's reproducible-output switch.
                    "--config", "OGR_CURRENT_DATE", stamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
                    "-f", driver.Driver, "-nln", layerName, "-a_srs", "EPSG:4326", destination, geoJson,
                ], GdalAdapter.DefaultTimeout, cancellationToken)
                : await GdalAdapter.FromGeoJsonAsync(geoJson, destination, format, layerName, cancellationToken);
            if (!result.Succeeded)
                throw new GdalException($"ogr2ogr could not write {format}: {result.StandardError.Trim()}");
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }
}
