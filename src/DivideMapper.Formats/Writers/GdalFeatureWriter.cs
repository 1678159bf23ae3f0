using System.Globalization;
using DivideMapper.Formats.Gdal;

namespace DivideMapper.Formats.Writers;

/// <summary>Options for <see cref="GdalFeatureWriter"/>.</summary>
public sealed record GdalWriteOptions
{
    /// <summary>GeoPackage metadata carries this time instead of now, so the same features give the same bytes.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>
    /// Dataset metadata items (ogr2ogr <c>-mo KEY=VALUE</c>): GeoPackage keeps them in <c>gpkg_metadata</c>, where
    /// <c>ogrinfo</c> and QGIS show them. The FlatGeobuf driver of GDAL 3.6 has nowhere to keep them.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];

    /// <summary>The layer's description (GeoPackage <c>gpkg_contents.description</c>); ignored by other formats.</summary>
    public string? Description { get; init; }
}

/// <summary>
/// GeoPackage and FlatGeobuf through GDAL: the features go to a temporary GeoJSON file (full precision) that
/// <see cref="GdalAdapter"/> converts. Geometries must be in EPSG:4326, like GeoJSON's.
/// </summary>
public static class GdalFeatureWriter
{
    /// <summary>The format ids this writer accepts: gpkg, fgb.</summary>
    public static IReadOnlyList<string> Formats { get; } = GdalAdapter.WriteDrivers.Keys.Order().ToArray();

    /// <summary>Writes with GeoPackage metadata time-stamped <paramref name="timestamp"/> when given (reproducible bytes).</summary>
    public static Task WriteFileAsync(string destination, string format, string layerName, FeatureSchema schema,
        IEnumerable<FeatureRow> rows, DateTimeOffset? timestamp = null, CancellationToken cancellationToken = default) =>
        WriteFileAsync(destination, format, layerName, schema, rows.ToAsyncEnumerable(), new GdalWriteOptions { Timestamp = timestamp },
            cancellationToken);

    /// <summary>
    /// Writes <paramref name="destination"/> (replacing it) as <paramref name="format"/> (gpkg or fgb) with one layer.
    /// Throws <see cref="GdalException"/> when GDAL is missing or fails.
    /// </summary>
    public static async Task WriteFileAsync(string destination, string format, string layerName, FeatureSchema schema,
        IAsyncEnumerable<FeatureRow> rows, GdalWriteOptions options, CancellationToken cancellationToken = default)
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
            var result = await GdalAdapter.RunAsync(GdalAdapter.Ogr2OgrPath, Arguments(driver.Driver, layerName, destination, geoJson, options),
                GdalAdapter.DefaultTimeout, cancellationToken);
            if (!result.Succeeded)
                throw new GdalException($"ogr2ogr could not write {format}: {result.StandardError.Trim()}");
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    private static List<string> Arguments(string driver, string layerName, string destination, string geoJson, GdalWriteOptions options)
    {
        var args = new List<string>();
        if (options.Timestamp is { } stamp) // GDAL's reproducible-output switch for GeoPackage
            args.AddRange(["--config", "OGR_CURRENT_DATE", stamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)]);
        args.AddRange(["-f", driver, "-nln", layerName, "-a_srs", "EPSG:4326"]);
        // Each item is one argument, never parsed by a shell, so a licence text with spaces or quotes stays whole.
        foreach (var (key, value) in options.Metadata) args.AddRange(["-mo", $"{key}={value}"]);
        if (options.Description is { } description && driver == "GPKG") args.AddRange(["-lco", $"DESCRIPTION={description}"]);
        args.AddRange([destination, geoJson]);
        return args;
    }
}
