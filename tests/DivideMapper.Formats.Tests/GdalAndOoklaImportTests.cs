using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Gdal;
using DivideMapper.Formats.Import;
using DivideMapper.Core.Geo;
using DivideMapper.Formats.Tests.Corpus;
using static DivideMapper.Formats.Tests.ImportAssert;

namespace DivideMapper.Formats.Tests;

public sealed class GdalAndOoklaImportTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private string Write(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Converts a GeoJSON text to a GDAL format with ogr2ogr, keeping its CRS.</summary>
    private string Convert(string geoJson, string name, string driver)
    {
        var source = Write(Path.GetFileNameWithoutExtension(name) + "-src.geojson", geoJson);
        var target = _dir.File(name);
        var result = GdalAdapter.RunAsync(GdalAdapter.Ogr2OgrPath, ["-f", driver, target, source], TimeSpan.FromMinutes(1), CancellationToken.None)
            .GetAwaiter().GetResult();
        Assert.True(result.Succeeded, result.StandardError);
        return target;
    }

    [Fact]
    public void GeoPackageInUtmIsReadThroughGdal()
    {
        var gpkg = Convert(TestFiles.FeatureCollection([
            (TestFiles.Square(257000, 9857000, 500), """{"name":"Mathare","kind":"informal","population":206564}"""),
        ], crs: "urn:ogc:def:crs:EPSG::32737"), "settlements.gpkg", "GPKG");
        var outcome = Accepted(Read(gpkg, DatasetRole.Settlements), 1, "MultiPolygon");
        Assert.Equal("gpkg", outcome.Report.Format);
        Assert.Equal("EPSG:32737", outcome.Report.SourceCrs);
        Assert.Equal("Mathare", outcome.Settlements[0].Name);
        Assert.Equal(206564, outcome.Settlements[0].Population);
        Assert.InRange(outcome.Settlements[0].Geometry.Coordinate.X, 36.8, 36.84);
    }

    [Fact]
    public void FlatGeobufPointsAreReadThroughGdal()
    {
        var fgb = Convert(TestFiles.FeatureCollection([(TestFiles.Point(36.8, -1.3), """{"amenity":"clinic"}""")]), "f.fgb", "FlatGeobuf");
        var outcome = Accepted(Read(fgb, DatasetRole.Facilities), 1, "Point");
        Assert.Equal("fgb", outcome.Report.Format);
        Assert.Equal("EPSG:4326", outcome.Report.SourceCrs);
        Assert.Equal(36.8, outcome.Facilities[0].Geometry.X, 9);
    }

    [Fact]
    public void OoklaTilesWithoutGeometryAreRebuiltFromQuadkeys()
    {
        var q1 = Quadkey.ToQuadkey(36.8219, -1.2921, 16);
        var q2 = Quadkey.ToQuadkey(36.83, -1.30, 16);
        var path = Write("tiles.csv", $"quadkey,avg_d_kbps,avg_u_kbps,avg_lat_ms,tests,devices\n{q1},25000,9000,23,120,40\n{q2},8000,2000,51,12,5\n");
        var outcome = Accepted(Read(path, DatasetRole.Measurements, o => o with { Period = "2024Q2" }), 2, "Polygon");
        Assert.Equal("ookla-csv", outcome.Report.Format);
        var m = outcome.Measurements[0];
        Assert.Equal("2024Q2", m.Period);
        Assert.Equal(q1, m.Quadkey);
        Assert.Equal(25000, m.DownKbps);
        Assert.Equal(23, m.LatencyMs);
        Assert.Equal(120, m.Tests);
        Assert.True(m.Geometry.Covers(m.Geometry.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(36.8219, -1.2921))));
        Near(360.0 / 65536, m.Geometry.EnvelopeInternal.Width, 1e-9);
    }

    [Fact]
    public void OoklaTilesWithGeometryAreCheckedAgainstQuadkeys()
    {
        var q = Quadkey.ToQuadkey(36.8219, -1.2921, 16);
        var tile = Quadkey.ToPolygon(q);
        var path = Write("tiles.geojson", TestFiles.FeatureCollection([
            (System.Text.Json.JsonSerializer.Serialize<NetTopologySuite.Geometries.Geometry>(tile, new System.Text.Json.JsonSerializerOptions { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } }), $$"""{"quadkey":"{{q}}","avg_d_kbps":5000,"avg_u_kbps":1000,"avg_lat_ms":40,"tests":30,"devices":12}"""),
        ]));
        var outcome = Accepted(Read(path, DatasetRole.Measurements), 1, "Polygon");
        Assert.Equal(q, outcome.Rows[0].SourceId);

        var wrong = Write("wrong.geojson", TestFiles.FeatureCollection([
            (TestFiles.Square(36.9, -1.2, 0.005), $$"""{"quadkey":"{{q}}","avg_d_kbps":5000,"tests":30,"devices":12}"""),
        ]));
        Rejected(Read(wrong, DatasetRole.Measurements), ErrorCodes.QuadkeyMismatch);
    }

    [Fact]
    public void ZippedOoklaShapefileTilesAreRebuiltWhenShapesAreNull()
    {
        var q = Quadkey.ToQuadkey(36.8219, -1.2921, 16);
        var shp = TestFiles.WriteShapefile(_dir.Path, "gps_fixed_tiles", 5, [TestFiles.Shape.Null],
            ["quadkey", "avg_d_kbps", "avg_u_kbps", "avg_lat_ms", "tests", "devices"], [[q, "30000", "10000", "20", "50", "21"]], prj: TestFiles.Wgs84Prj);
        var zip = TestFiles.ZipSet(shp, _dir.File("tiles.zip"));
        var outcome = Accepted(Read(zip, DatasetRole.Measurements), 1, "Polygon");
        Assert.Equal("ookla-shapefile", outcome.Report.Format);
        Assert.Equal(30000, outcome.Measurements[0].DownKbps);
        Assert.Equal(21, outcome.Measurements[0].Devices);
        Assert.True(Quadkey.ToPolygon(q).EqualsExact(outcome.Measurements[0].Geometry, 1e-12));
    }

    [Fact]
    public void GeoJsonSequenceIsReadThroughGdal()
    {
        var path = Write("points.geojsonl", string.Join('\n',
            $$"""{"type":"Feature","properties":{"kind":"school"},"geometry":{{TestFiles.Point(36.8, -1.3)}}}""",
            $$"""{"type":"Feature","properties":{"kind":"clinic"},"geometry":{{TestFiles.Point(36.9, -1.3)}}}""") + "\n");
        var outcome = Accepted(Read(path, DatasetRole.Facilities), 2, "Point");
        Assert.Equal("geojsonseq", outcome.Report.Format);
        Assert.Equal(["school", "clinic"], outcome.Facilities.Select(f => f.Kind));
    }

    [Fact]
    public void KmzIsReadThroughGdal()
    {
        var kml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><Placemark><name>Kibera</name>" +
                  "<ExtendedData><Data name=\"kind\"><value>informal</value></Data></ExtendedData>" +
                  "<Polygon><outerBoundaryIs><LinearRing><coordinates>36.78,-1.32 36.79,-1.32 36.79,-1.31 36.78,-1.31 36.78,-1.32</coordinates></LinearRing></outerBoundaryIs></Polygon>" +
                  "</Placemark></Document></kml>";
        var kmz = TestFiles.Zip(_dir.File("kibera.kmz"), [("doc.kml", System.Text.Encoding.UTF8.GetBytes(kml))]);
        var outcome = Accepted(Read(kmz, DatasetRole.Settlements), 1, "MultiPolygon");
        Assert.Equal("kml", outcome.Report.Format);
        Assert.Equal("Kibera", outcome.Settlements[0].Name);
        Assert.Equal(SettlementKind.Informal, outcome.Settlements[0].Kind);
    }

    [Theory]
    [InlineData("0", 0, 0, 1)]
    [InlineData("3", 1, 1, 1)]
    [InlineData("213", 3, 5, 3)]
    public void QuadkeysParseToTiles(string quadkey, int x, int y, int zoom)
    {
        Assert.True(Quadkey.TryParse(quadkey, out var tile));
        Assert.Equal((x, y, zoom), tile);
    }
}
