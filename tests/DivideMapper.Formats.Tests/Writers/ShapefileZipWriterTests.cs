using System.IO.Compression;
using DivideMapper.Formats.Writers;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using static DivideMapper.Testing.GeoFiles;

namespace DivideMapper.Formats.Tests.Writers;

public class ShapefileZipWriterTests
{
    private static readonly FeatureSchema Schema = new(
        new FeatureColumn("settlement_id", ColumnType.Integer), new FeatureColumn("name", ColumnType.Text, 60),
        new FeatureColumn("covered_share_2g", ColumnType.Real), new FeatureColumn("covered_share_3g", ColumnType.Real),
        new FeatureColumn("suppressed", ColumnType.Boolean), new FeatureColumn("finished", ColumnType.Date));

    private static readonly DateTimeOffset Stamp = new(2024, 10, 1, 0, 0, 0, TimeSpan.Zero);

    private static FeatureRow[] Rows =>
    [
        new(G("MULTIPOLYGON (((500000 9850000, 500100 9850000, 500100 9850100, 500000 9850000)))"),
            [7L, "Mũkũrũ kwa Njenga", 0.25, 0.125, true, new DateOnly(2024, 9, 30)]),
        new(G("POLYGON ((500200 9850000, 500300 9850000, 500300 9850100, 500200 9850100, 500200 9850000), (500220 9850020, 500240 9850020, 500240 9850040, 500220 9850020))"),
            [8, null, null, 1.0, false, null]),
    ];

    [Fact]
    public async Task RoundTripsThroughTheNtsShapefileReader()
    {
        using var dir = new TempDir();
        var zip = dir.File("results.zip");
        await ShapefileZipWriter.WriteFileAsync(zip, "results", Schema, Rows,
            new ShapefileWriteOptions { Prj = EsriPrj.Utm(37, north: false), Timestamp = Stamp });

        var features = Shapefile.ReadAllFeatures(Unzip(zip, dir.File("x"))).ToList();
        Assert.Equal(2, features.Count);
        Assert.True(features[0].Geometry.EqualsTopologically(Rows[0].Geometry));
        Assert.True(features[1].Geometry.EqualsTopologically(Rows[1].Geometry));
        var a = features[0].Attributes;
        Assert.Equal(["settlement", "name", "covered_sh", "covered__1", "suppressed", "finished"], a.GetNames());
        Assert.Equal(7L, Convert.ToInt64(a["settlement"]));
        Assert.Equal("Mũkũrũ kwa Njenga", a["name"]);
        Assert.Equal(0.25, Convert.ToDouble(a["covered_sh"]), 12);
        Assert.Equal(true, a["suppressed"]);
        Assert.Equal(new DateTime(2024, 9, 30), a["finished"]);
        Assert.Null(features[1].Attributes["name"]);
        Assert.Null(features[1].Attributes["covered_sh"]);
    }

    [Fact]
    public async Task ZipHoldsAllFivePartsWithPrjAndUtf8Cpg()
    {
        using var dir = new TempDir();
        var zip = dir.File("coverage.zip");
        await ShapefileZipWriter.WriteFileAsync(zip, "coverage area", Schema, Rows,
            new ShapefileWriteOptions { Prj = EsriPrj.Utm(37, north: false), Timestamp = Stamp });
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["coverage_area.cpg", "coverage_area.dbf", "coverage_area.prj", "coverage_area.shp", "coverage_area.shx"],
            archive.Entries.Select(e => e.FullName).Order());
        Assert.Equal(EsriPrj.Utm(37, false), new StreamReader(archive.GetEntry("coverage_area.prj")!.Open()).ReadToEnd());
        Assert.Equal("UTF-8", new StreamReader(archive.GetEntry("coverage_area.cpg")!.Open()).ReadToEnd());
        Assert.All(archive.Entries, e => Assert.Equal(new DateTime(2024, 10, 1), e.LastWriteTime.DateTime));
    }

    [Fact]
    public async Task GdalReadsThePrjAsUtm37SAndTheDbfAsUtf8()
    {
        using var dir = new TempDir();
        var zip = dir.File("c.zip");
        await ShapefileZipWriter.WriteFileAsync(zip, "c", Schema, Rows,
            new ShapefileWriteOptions { Prj = EsriPrj.ForSrid(32737)!, Timestamp = Stamp });
        var info = await OgrInfoAsync("-al", "/vsizip/" + zip);
        Assert.Contains("WGS 84 / UTM zone 37S", info);
        Assert.Contains("Mũkũrũ kwa Njenga", info);
        Assert.Contains("DBF_DATE_LAST_UPDATE=2024-10-01", info);
        Assert.Contains("settlement: Integer64", info);
        Assert.Contains("covered_sh: Real", info);
        Assert.Contains("covered__1 (Real) = 0.125", info);
    }

    [Fact]
    public async Task SameRowsAndTimestampGiveTheSameBytes()
    {
        async Task<byte[]> Write()
        {
            using var stream = new MemoryStream();
            await ShapefileZipWriter.WriteAsync(stream, "r", Schema, Rows, new ShapefileWriteOptions { Timestamp = Stamp });
            return stream.ToArray();
        }
        Assert.Equal(await Write(), await Write());
    }

    [Fact]
    public async Task PointsAndLinesGetTheirShapeTypes()
    {
        var schema = new FeatureSchema(new FeatureColumn("n", ColumnType.Integer));
        using var dir = new TempDir();
        await ShapefileZipWriter.WriteFileAsync(dir.File("p.zip"), "p", schema, [new(G("POINT (1 2)"), [1])]);
        await ShapefileZipWriter.WriteFileAsync(dir.File("l.zip"), "l", schema,
            [new(G("LINESTRING (0 0, 1 1)"), [1]), new(G("MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))"), [2])]);
        Assert.Equal(ShapeType.Point, Shapefile.GetShapeType(Unzip(dir.File("p.zip"), dir.File("p"))));
        Assert.Equal(ShapeType.PolyLine, Shapefile.GetShapeType(Unzip(dir.File("l.zip"), dir.File("l"))));
    }

    [Fact]
    public async Task RejectsMixedShapeTypesAndTooLongText()
    {
        var schema = new FeatureSchema(new FeatureColumn("t", ColumnType.Text, 4));
        using var stream = new MemoryStream();
        await Assert.ThrowsAsync<ArgumentException>(() => ShapefileZipWriter.WriteAsync(stream, "m", schema,
            [new(G("POINT (1 2)"), ["a"]), new(G("LINESTRING (0 0, 1 1)"), ["b"])]));
        await Assert.ThrowsAsync<ArgumentException>(() => ShapefileZipWriter.WriteAsync(stream, "m", schema,
            [new(G("POINT (1 2)"), ["ũũũ"])])); // 6 bytes in UTF-8
        await Assert.ThrowsAsync<ArgumentException>(() => ShapefileZipWriter.WriteAsync(stream, "m", schema, []));
    }

    [Fact]
    public async Task ARowWithoutGeometryIsKeptAsANullShape()
    {
        var schema = new FeatureSchema(new FeatureColumn("n", ColumnType.Integer));
        using var dir = new TempDir();
        await ShapefileZipWriter.WriteFileAsync(dir.File("n.zip"), "n", schema,
            [new(G("POINT (1 2)"), [1]), new(null, [2]), new(G("POINT EMPTY"), [3])]);
        var features = Shapefile.ReadAllFeatures(Unzip(dir.File("n.zip"), dir.File("n"))).ToList();
        Assert.Equal([1L, 2L, 3L], features.Select(f => Convert.ToInt64(f.Attributes["n"])));
        Assert.True(features[1].Geometry is null || features[1].Geometry.IsEmpty);
    }

    [Fact]
    public async Task AnEmptyLayerIsWrittenWhenTheShapeTypeIsGiven()
    {
        using var dir = new TempDir();
        await ShapefileZipWriter.WriteFileAsync(dir.File("e.zip"), "e", Schema, [],
            new ShapefileWriteOptions { GeometryType = OgcGeometryType.MultiPolygon });
        Assert.Empty(Shapefile.ReadAllFeatures(Unzip(dir.File("e.zip"), dir.File("e"))));
    }
}
