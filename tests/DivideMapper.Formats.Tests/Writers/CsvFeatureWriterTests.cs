using System.Globalization;
using System.Text;
using CsvHelper;
using DivideMapper.Formats.Writers;
using static DivideMapper.Testing.GeoFiles;

namespace DivideMapper.Formats.Tests.Writers;

public class CsvFeatureWriterTests
{
    private static readonly FeatureSchema Schema = new(
        new FeatureColumn("id", ColumnType.Integer), new FeatureColumn("name", ColumnType.Text),
        new FeatureColumn("down", ColumnType.Real, Decimals: 2), new FeatureColumn("ok", ColumnType.Boolean));

    private static async Task<string> WriteAsync(IEnumerable<FeatureRow> rows, CsvWriteOptions options)
    {
        using var stream = new MemoryStream();
        await CsvFeatureWriter.WriteAsync(stream, Schema, rows, options);
        var bytes = stream.ToArray();
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no BOM");
        return Encoding.UTF8.GetString(bytes);
    }

    [Fact]
    public async Task PointsGetLonLatColumnsAfterTheAttributes()
    {
        var csv = await WriteAsync(
        [
            new(G("POINT (36.8212345678 -1.2912345678)"), [1, "Soko, \"Kati\"", 12.345, true]),
            new(null, [2, null, null, null]),
        ], new CsvWriteOptions { Geometry = CsvGeometry.LonLat, CoordinateDecimals = 6 });
        Assert.Equal("id,name,down,ok,lon,lat\n1,\"Soko, \"\"Kati\"\"\",12.35,true,36.821235,-1.291235\n2,,,,,\n", csv);
    }

    [Fact]
    public async Task OtherGeometriesGoToAWktColumnThatReadsBack()
    {
        var polygon = G("POLYGON ((36.8 -1.3, 36.81 -1.3, 36.81 -1.29, 36.8 -1.3))");
        var csv = await WriteAsync([new(polygon, [1, "a", 1.0, false])], new CsvWriteOptions());
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        var records = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["id", "name", "down", "ok", "wkt"], records[0].Keys);
        Assert.True(G((string)records[0]["wkt"]).EqualsExact(polygon, 1e-9));
        Assert.Equal("false", records[0]["ok"]);
    }

    [Fact]
    public async Task WithoutGeometryOnlyTheAttributesAreWritten()
    {
        var csv = await WriteAsync([new(null, [1L, "q", 3.0, true])], new CsvWriteOptions { Geometry = CsvGeometry.None });
        Assert.Equal("id,name,down,ok\n1,q,3,true\n", csv);
    }

    [Fact]
    public async Task LonLatRefusesPolygons()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(
            [new(G("POLYGON ((0 0, 1 0, 1 1, 0 0))"), [1, "a", 1.0, true])], new CsvWriteOptions { Geometry = CsvGeometry.LonLat }));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(")]
    [InlineData("+1-555", "'+1-555")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("Kibera = large", "Kibera = large")]
    public async Task TextThatASpreadsheetWouldRunGetsAnApostropheButNumbersDoNot(string name, string expectedStart)
    {
        var csv = await WriteAsync([new(null, [-5, name, -1.5, false])], new CsvWriteOptions { Geometry = CsvGeometry.None });
        var row = csv.Split('\n')[1];
        Assert.StartsWith("-5,", row); // an integer stays a number
        Assert.Contains(",-1.5,", row);
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        await reader.ReadAsync();
        reader.ReadHeader();
        await reader.ReadAsync();
        Assert.StartsWith(expectedStart, reader.GetField("name"));
    }

    [Fact]
    public async Task TheGuardCanBeTurnedOffForFilesThatAreNotForSpreadsheets()
    {
        var csv = await WriteAsync([new(null, [1, "=1+1", 1.0, true])], new CsvWriteOptions { Geometry = CsvGeometry.None, GuardFormulas = false });
        Assert.Contains(",=1+1,", csv);
    }
}
