using System.IO.Compression;
using System.Text.Json;
using DivideMapper.Formats.Gdal;
using NetTopologySuite;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;

namespace DivideMapper.Formats.Tests.Writers;

/// <summary>A temporary directory removed at the end of the test.</summary>
internal sealed class TempDir : IDisposable
{
    public DirectoryInfo Info { get; } = Directory.CreateTempSubdirectory("dm-writer-test-");
    public string Path => Info.FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() => Info.Delete(recursive: true);
}

internal static class WriterTestSupport
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
