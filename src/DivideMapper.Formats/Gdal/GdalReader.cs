using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Crs;
using DivideMapper.Formats.GeoJson;
using DivideMapper.Formats.Import;
using ProjNet.CoordinateSystems;

namespace DivideMapper.Formats.Gdal;

/// <summary>
/// Reads GeoPackage, FlatGeobuf, KML and other GDAL formats: ogrinfo describes the first layer (CRS, count), ogr2ogr
/// converts it to a temporary GeoJSON that <see cref="GeoJsonReader"/> reads. Coordinates stay in the source CRS
/// when ProjNet can reproject them; otherwise GDAL reprojects to EPSG:4326 itself.
/// </summary>
internal static class GdalReader
{
    public static async Task<SourceLayer> ReadAsync(string path, string format, string driver, ReadContext context)
    {
        var problems = context.Problems;
        IReadOnlyList<OgrLayerInfo>? layers;
        string? error;
        try
        {
            (layers, error) = await GdalAdapter.DescribeLayersAsync(path, driver, context.CancellationToken);
        }
        catch (GdalException e)
        {
            problems.File(ErrorCodes.UnsupportedFormat, $"{format} files are read with GDAL, which is not available here ({e.Message}).");
            return new SourceLayer { Format = format };
        }
        if (layers is null)
        {
            problems.File(ErrorCodes.UnreadableFile, $"GDAL cannot open it as {format}: {error}.");
            return new SourceLayer { Format = format };
        }
        var withGeometry = layers.Where(l => l.GeometryType is not null && l.GeometryType != "None").ToList();
        if (withGeometry.Count == 0)
        {
            problems.File(ErrorCodes.NoFeatures, layers.Count == 0 ? "the file has no layers." : "the file has no layer with geometries.");
            return new SourceLayer { Format = format };
        }
        var chosen = withGeometry[0];
        var warnings = new List<string>();
        if (withGeometry.Count > 1)
            warnings.Add($"the file has {withGeometry.Count} layers ({string.Join(", ", withGeometry.Select(l => l.Name))}); only \"{chosen.Name}\" was read.");
        if (chosen.FeatureCount is { } count && context.OverFeatureCap((int)Math.Min(count, int.MaxValue)))
            return new SourceLayer { Format = format };

        // Keep the source CRS when we can reproject it ourselves (same checks as every other format); otherwise
        // let GDAL, which knows every EPSG definition, do it and report the source by name.
        SourceCrs? resolved = null;
        var gdalReprojects = false;
        if (context.Options.Srid is null && chosen.SrsWkt is { } wkt)
        {
            resolved = await CrsResolver.ResolveAsync(wkt, context.TempDirectory, context.CancellationToken);
            if (resolved is null)
            {
                gdalReprojects = true;
                resolved = new SourceCrs(CrsResolver.RootName(wkt) ?? "unnamed CRS", null, GeographicCoordinateSystem.WGS84);
            }
        }

        var output = Path.Combine(context.TempDirectory, $"gdal-{Guid.NewGuid():N}.geojson");
        GdalResult result;
        try
        {
            result = await GdalAdapter.ToGeoJsonAsync(path, output, gdalReprojects, chosen.Name, driver, sourceSrs: null,
                limit: (int)Math.Min(context.Options.Limits.MaxFeatures + 1L, int.MaxValue), context.CancellationToken);
        }
        catch (GdalException e)
        {
            File.Delete(output);
            problems.File(ErrorCodes.UnreadableFile, $"GDAL could not convert the layer \"{chosen.Name}\": {e.Message}");
            return new SourceLayer { Format = format };
        }
        if (!result.Succeeded || !File.Exists(output))
        {
            problems.File(ErrorCodes.UnreadableFile, $"GDAL could not convert the layer \"{chosen.Name}\": {GdalAdapter.FirstError(result)}.");
            return new SourceLayer { Format = format };
        }
        var layer = GeoJsonReader.Read(output, context, format);
        File.Delete(output);
        layer.Warnings.InsertRange(0, warnings);
        layer.DeclaredCrs = null;
        layer.ResolvedCrs = resolved;
        if (gdalReprojects) layer.Warnings.Add($"the layer's CRS ({resolved!.Name}) was reprojected to EPSG:4326 by GDAL.");
        return layer;
    }
}
