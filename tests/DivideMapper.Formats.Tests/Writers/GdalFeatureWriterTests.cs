using DivideMapper.Formats.Writers;
using static DivideMapper.Testing.GeoFiles;

namespace DivideMapper.Formats.Tests.Writers;

public class GdalFeatureWriterTests
{
    private static readonly FeatureSchema Schema = new(
        new FeatureColumn("id", ColumnType.Integer), new FeatureColumn("kind", ColumnType.Text),
        new FeatureColumn("name", ColumnType.Text), new FeatureColumn("connected", ColumnType.Boolean),
        new FeatureColumn("speed_mbps", ColumnType.Real, Decimals: 1));

    private static readonly FeatureRow[] Rows =
    [
        new(G("POINT (36.8212345 -1.2912345)"), [1, "school", "Mũkũrũ Primary School", true, 23.45]),
        new(G("POINT (36.83 -1.28)"), [2, "clinic", "Soko Health Centre", null, null]),
    ];

    [Theory]
    [InlineData("gpkg", "GPKG")]
    [InlineData("fgb", "FlatGeobuf")]
    public async Task OgrinfoReadsTheLayerBack(string format, string driver)
    {
        using var dir = new TempDir();
        var path = dir.File("facilities." + format);
        await GdalFeatureWriter.WriteFileAsync(path, format, "facilities", Schema, Rows);
        var info = await OgrInfoAsync("-al", path);
        Assert.Contains($"using driver `{driver}'", info);
        Assert.Contains("Layer name: facilities", info);
        Assert.Contains("Feature Count: 2", info);
        Assert.Contains("name (String) = Mũkũrũ Primary School", info);
        Assert.Contains("speed_mbps (Real) = 23.5", info);
        Assert.Contains("connected (Integer(Boolean)) = 1", info);
        Assert.Contains("POINT (36.8212345 -1.2912345)", info);
    }

    [Fact]
    public async Task AFixedTimestampGivesTheSameGeoPackageBytes()
    {
        using var dir = new TempDir();
        var stamp = new DateTimeOffset(2024, 10, 1, 0, 0, 0, TimeSpan.Zero);
        await GdalFeatureWriter.WriteFileAsync(dir.File("a.gpkg"), "gpkg", "f", Schema, Rows, stamp);
        await Task.Delay(1100); // GeoPackage metadata has one-second resolution
        await GdalFeatureWriter.WriteFileAsync(dir.File("b.gpkg"), "gpkg", "f", Schema, Rows, stamp);
        Assert.Equal(await File.ReadAllBytesAsync(dir.File("a.gpkg")), await File.ReadAllBytesAsync(dir.File("b.gpkg")));
        var contents = await OgrInfoAsync("-sql", "SELECT last_change FROM gpkg_contents", dir.File("a.gpkg"));
        Assert.Contains("last_change (DateTime) = 2024/10/01 00:00:00", contents);
    }

    [Fact]
    public async Task ReplacesAnExistingFileAndRejectsUnknownFormats()
    {
        using var dir = new TempDir();
        var path = dir.File("f.gpkg");
        await File.WriteAllTextAsync(path, "not a geopackage");
        await GdalFeatureWriter.WriteFileAsync(path, "gpkg", "f", Schema, Rows);
        Assert.Contains("Feature Count: 2", await OgrInfoAsync("-al", "-so", path));
        await Assert.ThrowsAsync<ArgumentException>(() => GdalFeatureWriter.WriteFileAsync(dir.File("x.kml"), "kml", "f", Schema, Rows));
    }
}
