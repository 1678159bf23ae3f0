using Xunit;
using System.IO.Compression;
using System.Text.Json;
using DivideMapper.Formats.Gdal;
using NetTopologySuite;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;

namespace DivideMapper.Testing;

/// <summary>Reading back what writers wrote: WKT, GeoJSON, zipped Shapefiles, ogrinfo.</summary>
public static class GeoFiles
{
    public static readonly WKTReader Wkt = new(new NtsGeometryServices(new PrecisionModel(), 4326));

    public static Geometry G(string wkt) => Wkt.Read(wkt);

    public static FeatureCollection ReadGeoJson(byte[] bytes)
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        return JsonSerializer.Deserialize<FeatureCollection>(bytes, options)!;
    }

    /// <summary>A property as plain .NET: JsonElement values are unwrapped.</summary>
    public static object? Prop(IFeature feature, string name) => feature.Attributes[name] switch
    {
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        decimal m => decimal.IsInteger(m) ? (object)(long)m : (double)m,
        int i => (long)i,
        var other => other,
    };

    /// <summary>Extracts a zipped Shapefile into <paramref name="dir"/> and returns the .shp path.</summary>
    public static string Unzip(string zip, string dir)
    {
        ZipFile.ExtractToDirectory(zip, dir, overwriteFiles: true);
        return Directory.GetFiles(dir, "*.shp").Single();
    }

    /// <summary>Runs ogrinfo through the GDAL adapter; GDAL (Debian gdal-bin) is required, as in production.</summary>
    public static async Task<string> OgrInfoAsync(params string[] args)
    {
        var result = await GdalAdapter.RunAsync("ogrinfo", args, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.True(result.Succeeded, result.StandardError);
        return result.StandardOutput;
    }
}
