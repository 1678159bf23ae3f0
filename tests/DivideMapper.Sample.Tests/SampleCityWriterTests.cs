using static DivideMapper.Testing.GeoFiles;
using System.IO.Compression;
using DivideMapper.Sample;
using DivideMapper.Formats.Writers;
using NetTopologySuite.IO.Esri;


namespace DivideMapper.Sample.Tests;

public class SampleCityWriterTests
{
    private static readonly string[] Files =
    [
        "settlements.geojson", "context.geojson", "coverage.zip", "cell_sites.csv",
        "speed_tiles_2024q1.csv", "speed_tiles_2024q3.csv", "facilities.gpkg",
    ];

    [Fact]
    public async Task SameSeedWritesByteIdenticalFiles()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var written = await SampleCityWriter.WriteAsync(SampleCityGenerator.Generate(42, SampleSize.Small), a.Path);
        await Task.Delay(1100); // anything stamped with "now" would differ after a second
        await SampleCityWriter.WriteAsync(SampleCityGenerator.Generate(42, SampleSize.Small), b.Path);
        Assert.Equal(Files, written.Select(Path.GetFileName));
        foreach (var file in Files)
        {
            var first = await File.ReadAllBytesAsync(a.File(file));
            var second = await File.ReadAllBytesAsync(b.File(file));
            Assert.True(first.SequenceEqual(second), file);
        }
    }

    [Fact]
    public async Task FilesCarryTheSourceColumnsAndCrs()
    {
        using var dir = new TempDir();
        var city = SampleCityGenerator.Generate(7, SampleSize.Small);
        await SampleCityWriter.WriteAsync(city, dir.Path);

        var settlements = ReadGeoJson(await File.ReadAllBytesAsync(dir.File("settlements.geojson")));
        Assert.Equal(city.Settlements.Count, settlements.Count);
        Assert.Equal(["id", "name", "kind", "population", "households"], settlements[0].Attributes.GetNames());
        Assert.All(settlements, f => Assert.True(f.Geometry.IsValid));

        Assert.Equal("radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal",
            File.ReadLines(dir.File("cell_sites.csv")).First());
        Assert.Equal(city.Sites.Count + 1, File.ReadLines(dir.File("cell_sites.csv")).Count());
        foreach (var period in SampleCity.Periods)
        {
            var lines = File.ReadLines(dir.File($"speed_tiles_{period.ToLowerInvariant()}.csv")).ToList();
            Assert.Equal("quadkey,avg_d_kbps,avg_u_kbps,avg_lat_ms,tests,devices", lines[0]);
            Assert.Equal(city.SpeedTiles(period).Count(), lines.Count - 1);
        }

        var shp = Unzip(dir.File("coverage.zip"), dir.File("coverage"));
        Assert.StartsWith("PROJCS[\"WGS_1984_UTM_Zone_37S\"", await File.ReadAllTextAsync(Path.ChangeExtension(shp, ".prj")));
        var coverage = Shapefile.ReadAllFeatures(shp).ToList();
        Assert.Equal(SampleSize.Small.CoverageAreas, coverage.Count);
        Assert.Equal(["2G", "3G", "4G", "5G"], coverage.Select(f => (string)f.Attributes["tech"]).Distinct().Order());
        Assert.InRange(coverage[0].Geometry.Centroid.Y, 9_800_000, 9_900_000); // northing in metres, southern hemisphere

        var info = await OgrInfoAsync("-al", "-so", dir.File("facilities.gpkg"));
        Assert.Contains($"Feature Count: {city.Facilities.Count}", info);
        Assert.Contains("connected: Integer(Boolean)", info);
        Assert.False(File.Exists(dir.File("speed_points.csv")));
    }

    [Fact]
    public async Task WritesIntoANewDirectoryAndZipEntriesAreNamedAfterTheLayer()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "nested", "out");
        await SampleCityWriter.WriteAsync(SampleCityGenerator.Generate(1, SampleSize.Small), target);
        using var zip = ZipFile.OpenRead(Path.Combine(target, "coverage.zip"));
        Assert.Contains(zip.Entries, e => e.FullName == "coverage.prj");
    }
}
