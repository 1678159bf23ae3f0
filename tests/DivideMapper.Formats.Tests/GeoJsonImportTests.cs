using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Tests.Corpus;
using NetTopologySuite.Geometries;
using static DivideMapper.Formats.Tests.ImportAssert;

namespace DivideMapper.Formats.Tests;

public sealed class GeoJsonImportTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private string Write(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void PlainFeatureCollectionBecomesSettlementsInWgs84()
    {
        var path = Write("kibera.geojson", TestFiles.FeatureCollection([
            (TestFiles.Square(36.78, -1.32, 0.01), """{"name":"Kianda","kind":"slum","pop":12000,"hh":"3000","ward":"Laini Saba"}"""),
            (TestFiles.Square(36.80, -1.32, 0.01), """{"name":"Karen","kind":"formal","pop":500}"""),
        ]));
        var outcome = Accepted(Read(path, DatasetRole.Settlements), 2, "MultiPolygon");
        var report = outcome.Report;
        Assert.Equal("geojson", report.Format);
        Assert.Equal("EPSG:4326", report.SourceCrs);
        Assert.Equal(64, report.Sha256!.Length);
        var kianda = outcome.Settlements[0];
        Assert.Equal("Kianda", kianda.Name);
        Assert.Equal(SettlementKind.Informal, kianda.Kind);
        Assert.Equal(12000, kianda.Population);
        Assert.Equal(3000, kianda.Households);
        Assert.Equal(4326, kianda.Geometry.SRID);
        Assert.Equal("Laini Saba", kianda.Properties!["ward"]);
        Assert.False(kianda.Properties.ContainsKey("name"));
        Assert.Equal(SettlementKind.Formal, outcome.Settlements[1].Kind);
        Near(new Coordinate(36.78, -1.32), kianda.Geometry.Coordinates.MinBy(c => c.X + c.Y)!);
    }

    [Fact]
    public void LegacyCrs3857IsReprojected()
    {
        // Nairobi (36.8219, -1.2921) in spherical Web Mercator.
        const double r = 6378137;
        var x = r * 36.8219 * Math.PI / 180;
        var y = r * Math.Log(Math.Tan(Math.PI / 4 + -1.2921 * Math.PI / 360));
        var path = Write("sites.geojson", TestFiles.FeatureCollection([
            (TestFiles.Point(x, y), """{"radio":"LTE","operator":"Safaricom"}"""),
        ], crs: "urn:ogc:def:crs:EPSG::3857"));
        var outcome = Accepted(Read(path, DatasetRole.Sites), 1, "Point");
        Assert.Equal("EPSG:3857", outcome.Report.SourceCrs);
        var site = outcome.Sites[0];
        Assert.Equal(Tech.G4, site.Tech);
        Assert.Equal("Safaricom", site.Operator);
        Assert.Null(site.RangeM);
        Near(36.8219, site.Geometry.X);
        Near(-1.2921, site.Geometry.Y);
    }

    [Fact]
    public void LegacyCrs32737IsReprojected()
    {
        // 257,000 E 9,857,000 N in UTM 37S is about 36.8219 E, 1.2921 S.
        var path = Write("facilities.geojson", TestFiles.FeatureCollection([
            (TestFiles.Point(257141.0, 9857073.0), """{"amenity":"school","name":"Olympic Primary","connected":"yes","speed_mbps":12.5}"""),
        ], crs: "EPSG:32737"));
        var outcome = Accepted(Read(path, DatasetRole.Facilities), 1, "Point");
        Assert.Equal("EPSG:32737", outcome.Report.SourceCrs);
        var f = outcome.Facilities[0];
        Assert.Equal("school", f.Kind);
        Assert.True(f.Connected);
        Assert.Equal(12.5, f.SpeedMbps);
        var expected = ProjNetExpected(257141.0, 9857073.0);
        Near(expected.X, f.Geometry.X);
        Near(expected.Y, f.Geometry.Y);
        Assert.InRange(f.Geometry.X, 36.80, 36.84);
        Assert.InRange(f.Geometry.Y, -1.31, -1.27);
    }

    [Fact]
    public void Crs84NameIsLonLat()
    {
        var path = Write("a.geojson", TestFiles.FeatureCollection([(TestFiles.Point(36.8, -1.3), """{"kind":"clinic"}""")], "urn:ogc:def:crs:OGC:1.3:CRS84"));
        var outcome = Accepted(Read(path, DatasetRole.Facilities), 1, "Point");
        Assert.Equal("EPSG:4326", outcome.Report.SourceCrs);
    }

    [Fact]
    public void BareGeometryAndSingleFeatureAreRead()
    {
        var bare = Write("bare.geojson", TestFiles.Square(36.8, -1.3, 0.01));
        Accepted(Read(bare, DatasetRole.Coverage, o => o with { Tech = Tech.G3 }), 1, "MultiPolygon");
        var single = Write("one.geojson", $$"""{"type":"Feature","id":"c1","properties":{"tech":"UMTS","op":"Airtel"},"geometry":{{TestFiles.Square(36.8, -1.3, 0.01)}}}""");
        var outcome = Accepted(Read(single, DatasetRole.Coverage), 1, "MultiPolygon");
        Assert.Equal(Tech.G3, outcome.Coverage[0].Tech);
        Assert.Equal("Airtel", outcome.Coverage[0].Operator);
        Assert.Equal("c1", outcome.Rows[0].SourceId);
    }

    [Fact]
    public void ZValuesAreDroppedWithAWarning()
    {
        var path = Write("z.geojson", TestFiles.FeatureCollection([("""{"type":"Point","coordinates":[36.8,-1.3,1650]}""", """{"kind":"school"}""")]));
        var outcome = Accepted(Read(path, DatasetRole.Facilities), 1, "Point");
        Assert.Contains(outcome.Report.Warnings, w => w.Contains("Z or M"));
        Assert.True(double.IsNaN(outcome.Facilities[0].Geometry.Coordinate.Z));
    }

    [Fact]
    public void RepairFixesBowTieAndReportsIt()
    {
        var bowTie = """{"type":"Polygon","coordinates":[[[36.8,-1.3],[36.81,-1.29],[36.81,-1.3],[36.8,-1.29],[36.8,-1.3]]]}""";
        var path = Write("bowtie.geojson", TestFiles.FeatureCollection([(bowTie, """{"name":"A"}""")]));
        var strict = Read(path, DatasetRole.Settlements);
        var problem = Rejected(strict, ErrorCodes.SelfIntersection);
        Assert.Equal(1, problem.Feature);
        Assert.NotNull(problem.Location);
        Assert.Contains("bowtie.geojson, feature 1", problem.Message);

        var repaired = Accepted(Read(path, DatasetRole.Settlements, o => o with { Repair = true }), 1, "MultiPolygon");
        var repair = Assert.Single(repaired.Report.Repairs);
        Assert.Equal(ErrorCodes.SelfIntersection, repair.Code);
        Assert.True(repaired.Settlements[0].Geometry.IsValid);
    }

    [Fact]
    public void SkipInvalidAcceptsTheRestAndCountsSkipped()
    {
        var path = Write("mixed.geojson", TestFiles.FeatureCollection([
            (TestFiles.Point(36.8, -1.3), """{"kind":"school"}"""),
            (TestFiles.Point(36.8, -1.3), """{}"""),
            ("null", """{"kind":"clinic"}"""),
        ]));
        var strict = Read(path, DatasetRole.Facilities);
        Assert.False(strict.Accepted);
        Assert.Equal(2, strict.Report.Rejected);
        var skipping = Accepted(Read(path, DatasetRole.Facilities, o => o with { SkipInvalid = true }), 1, "Point");
        Assert.Equal(2, skipping.Report.Skipped);
        Assert.Equal(3, skipping.Report.Features);
    }

    [Fact]
    public void ReportSerialisesToCamelCaseJson()
    {
        var path = Write("bad.geojson", TestFiles.FeatureCollection([
            (TestFiles.Point(36.8, -1.3), """{"kind":"school"}"""), (TestFiles.Point(36.8, -1.3), """{"kind":" "}""")]));
        var json = Read(path, DatasetRole.Facilities).Report.ToJson();
        Assert.True(json.Contains("\"problems\":[{\"feature\":2,\"field\":\"kind\","), json);
        Assert.Contains("\"sourceCrs\":\"EPSG:4326\"", json);
        Assert.Contains("\"code\":\"missing-attribute\"", json);
        Assert.Equal(ImportReport.FromJson(json)!.Problems.Count, Read(path, DatasetRole.Facilities).Report.Problems.Count);
    }

    [Fact]
    public void MappingOverrideNamesTheSourceField()
    {
        var path = Write("m.geojson", TestFiles.FeatureCollection([(TestFiles.Square(36.8, -1.3, 0.01), """{"NAME_1":"Mathare","name":"ignored"}""")]));
        var outcome = Accepted(Read(path, DatasetRole.Settlements, o => o with { Mapping = ImportOptions.ParseMapping(["name=NAME_1"]), Kind = "informal" }), 1, "MultiPolygon");
        Assert.Equal("Mathare", outcome.Settlements[0].Name);
        Assert.Equal(SettlementKind.Informal, outcome.Settlements[0].Kind);
        Assert.Equal("ignored", outcome.Settlements[0].Properties!["name"]);
    }

    [Fact]
    public void EmptyMappingTurnsAColumnOff()
    {
        var path = Write("t.geojson", TestFiles.FeatureCollection([(TestFiles.Square(36.8, -1.3, 0.01), """{"name":"A","type":"residential"}""")]));
        Rejected(Read(path, DatasetRole.Settlements), ErrorCodes.InvalidValue);
        var outcome = Accepted(Read(path, DatasetRole.Settlements, o => o with { Mapping = ImportOptions.ParseMapping(["kind="]) }), 1, "MultiPolygon");
        Assert.Equal(SettlementKind.Unknown, outcome.Settlements[0].Kind);
        Assert.Equal("residential", outcome.Settlements[0].Properties!["type"]);
    }

    private static Coordinate ProjNetExpected(double x, double y)
    {
        var utm = ProjNet.CoordinateSystems.ProjectedCoordinateSystem.WGS84_UTM(37, false);
        var t = new ProjNet.CoordinateSystems.Transformations.CoordinateTransformationFactory()
            .CreateFromCoordinateSystems(utm, ProjNet.CoordinateSystems.GeographicCoordinateSystem.WGS84);
        var (lon, lat) = t.MathTransform.Transform(x, y);
        return new Coordinate(lon, lat);
    }
}
