using System.Text;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Tests.Corpus;
using static DivideMapper.Formats.Tests.Corpus.TestFiles;
using static DivideMapper.Formats.Tests.ImportAssert;

namespace DivideMapper.Formats.Tests;

public sealed class ShapefileImportTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ZippedUtmShapefileWithEsriPrjIsReprojected()
    {
        var shp = WriteShapefile(_dir.Path, "settlements", 5, [Shape.Square(257000, 9857000, 500), Shape.Square(258000, 9857000, 500)],
            ["NAME", "STATUS", "POP"], [["Kibera", "informal", "185000"], ["Kilimani", "formal", "24000"]], prj: Utm37SPrj);
        var zip = ZipSet(shp, _dir.File("settlements.zip"));
        var outcome = Accepted(Read(zip, DatasetRole.Settlements), 2, "MultiPolygon");
        Assert.Equal("shapefile", outcome.Report.Format);
        Assert.Equal("EPSG:32737", outcome.Report.SourceCrs);
        var kibera = outcome.Settlements[0];
        Assert.Equal("Kibera", kibera.Name);
        Assert.Equal(SettlementKind.Informal, kibera.Kind);
        Assert.Equal(185000, kibera.Population);
        var utm = ProjNet.CoordinateSystems.ProjectedCoordinateSystem.WGS84_UTM(37, false);
        var t = new ProjNet.CoordinateSystems.Transformations.CoordinateTransformationFactory()
            .CreateFromCoordinateSystems(utm, ProjNet.CoordinateSystems.GeographicCoordinateSystem.WGS84).MathTransform;
        var (lon, lat) = t.Transform(257000, 9857000);
        var corner = kibera.Geometry.Coordinates.MinBy(c => c.X + c.Y)!;
        Near(lon, corner.X);
        Near(lat, corner.Y);
    }

    [Fact]
    public void ShapefileWithoutShxIsReadWithAWarning()
    {
        var shp = WriteShapefile(_dir.Path, "sites", 1, [Shape.At(36.8, -1.3), Shape.At(36.9, -1.2)], ["RADIO", "OP"],
            [["GSM", "Safaricom"], ["NR", "Airtel"]], prj: Wgs84Prj, shx: false);
        var outcome = Accepted(Read(shp, DatasetRole.Sites), 2, "Point");
        Assert.Contains(outcome.Report.Warnings, w => w.Contains(".shx"));
        Assert.Equal([Tech.G2, Tech.G5], outcome.Sites.Select(s => s.Tech));
        Assert.Equal("EPSG:4326", outcome.Report.SourceCrs);
    }

    [Theory]
    [InlineData("UTF-8", 0)]
    [InlineData("88591", 0)]
    [InlineData(null, 0x57)] // no .cpg, "ANSI" driver: sniffed as Windows-1252
    [InlineData(null, 0x03)] // language driver for Windows-1252
    public void DbfTextIsDecodedByCpgOrLanguageDriver(string? cpg, byte driver)
    {
        var encoding = cpg == "UTF-8" ? Encoding.UTF8 : Encoding.Latin1;
        var (shpBytes, shxBytes) = Shp(1, [Shape.At(36.8, -1.3)]);
        File.WriteAllBytes(_dir.File("f.shp"), shpBytes);
        File.WriteAllBytes(_dir.File("f.shx"), shxBytes);
        File.WriteAllBytes(_dir.File("f.dbf"), Dbf(["kind", "name"], [["école", "Lycée Ngor Señor"]], encoding, driver));
        if (cpg is not null) File.WriteAllText(_dir.File("f.cpg"), cpg);
        var outcome = Accepted(Read(_dir.File("f.shp"), DatasetRole.Facilities), 1, "Point");
        Assert.Equal("Lycée Ngor Señor", outcome.Facilities[0].Name);
        Assert.Equal("école", outcome.Facilities[0].Kind);
    }

    [Fact]
    public void DbfWithManyDeletedRecordsIsReadWithoutCrashing()
    {
        // NetTopologySuite.IO.Esri 1.2.0 recurses once per deleted record and overflows the stack here.
        const int n = 200_000;
        var shapes = Enumerable.Range(0, n).Select(i => Shape.At(36 + i * 1e-6, -1.3)).ToArray();
        var (shpBytes, _) = Shp(1, shapes);
        File.WriteAllBytes(_dir.File("many.shp"), shpBytes);
        var records = Enumerable.Range(0, n).Select(i => new string?[] { "school" }).ToArray();
        File.WriteAllBytes(_dir.File("many.dbf"), Dbf(["kind"], records, deleted: i => i < n - 1));
        var outcome = Accepted(Read(_dir.File("many.shp"), DatasetRole.Facilities), 1, "Point");
        Assert.Equal(n, outcome.Rows[0].Feature);
        Assert.Contains(outcome.Report.Warnings, w => w.Contains("deleted"));
    }

    [Fact]
    public void MismatchedRecordCountsAreRejected()
    {
        var (shpBytes, _) = Shp(1, [Shape.At(36.8, -1.3), Shape.At(36.9, -1.3)]);
        File.WriteAllBytes(_dir.File("m.shp"), shpBytes);
        File.WriteAllBytes(_dir.File("m.dbf"), Dbf(["kind"], [["school"]]));
        var problem = Rejected(Read(_dir.File("m.shp"), DatasetRole.Facilities), ErrorCodes.MismatchedRecordCount);
        Assert.Null(problem.Feature);
        Assert.Contains("m.shp", problem.Message);
    }
}
