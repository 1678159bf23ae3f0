using DivideMapper.Core.Domain;
using DivideMapper.Formats.Crs;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Tests.Corpus;
using static DivideMapper.Formats.Tests.ImportAssert;

namespace DivideMapper.Formats.Tests;

public sealed class CrsTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("EPSG:3857", 3857)]
    [InlineData("epsg:32737", 32737)]
    [InlineData("urn:ogc:def:crs:EPSG::32737", 32737)]
    [InlineData("urn:ogc:def:crs:EPSG:6.6:4326", 4326)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/2154", 2154)]
    public void EpsgNamesAreParsed(string name, int code) => Assert.Equal(code, CrsResolver.ParseEpsgName(name));

    [Fact]
    public void EpsgCodeOutsideTheBuiltInsComesFromGdal()
    {
        // Lambert-93 (France): the truth from PROJ is gdaltransform -s_srs EPSG:2154 -t_srs OGC:CRS84.
        var path = _dir.File("paris.geojson");
        File.WriteAllText(path, TestFiles.FeatureCollection([(TestFiles.Point(652000, 6862000), """{"kind":"school"}""")], "EPSG:2154"));
        var outcome = Accepted(Read(path, DatasetRole.Facilities), 1, "Point");
        Assert.Equal("EPSG:2154", outcome.Report.SourceCrs);
        Near(2.34581195868068, outcome.Facilities[0].Geometry.X);
        Near(48.8562481409627, outcome.Facilities[0].Geometry.Y);
    }

    [Fact]
    public void PrjWithoutEpsgCodeIsReadFromItsWkt()
    {
        const string prj = "PROJCS[\"Nairobi_Local_TM\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",100000.0],PARAMETER[\"False_Northing\",1000000.0],PARAMETER[\"Central_Meridian\",36.75],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
        var shp = TestFiles.WriteShapefile(_dir.Path, "local", 1, [TestFiles.Shape.At(108000, 856000)], ["kind"], [["clinic"]], prj: prj);
        var outcome = Accepted(Read(shp, DatasetRole.Facilities), 1, "Point");
        Assert.Equal("Nairobi_Local_TM", outcome.Report.SourceCrs);
        var system = new ProjNet.CoordinateSystems.CoordinateSystemFactory().CreateFromWkt(prj);
        var (lon, lat) = new ProjNet.CoordinateSystems.Transformations.CoordinateTransformationFactory()
            .CreateFromCoordinateSystems(system, ProjNet.CoordinateSystems.GeographicCoordinateSystem.WGS84).MathTransform.Transform(108000, 856000);
        Near(lon, outcome.Facilities[0].Geometry.X);
        Near(lat, outcome.Facilities[0].Geometry.Y);
        Assert.InRange(lon, 36.7, 36.9);
    }

    [Theory]
    [InlineData("PROJCS[\"WGS_1984_UTM_Zone_37S\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",10000000.0],PARAMETER[\"Central_Meridian\",39.0],PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]", "EPSG:32737")]
    [InlineData("GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137,298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"Degree\",0.017453292519943295]]", "EPSG:4326")]
    [InlineData("PROJCS[\"WGS_1984_Web_Mercator_Auxiliary_Sphere\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Mercator_Auxiliary_Sphere\"],PARAMETER[\"False_Easting\",0.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",0.0],PARAMETER[\"Standard_Parallel_1\",0.0],PARAMETER[\"Auxiliary_Sphere_Type\",0.0],UNIT[\"Meter\",1.0]]", "EPSG:3857")]
    [InlineData("PROJCS[\"ETRS89 / UTM zone 30N\",GEOGCS[\"ETRS89\",DATUM[\"D_ETRS_1989\",SPHEROID[\"GRS_1980\",6378137,298.257222101]],PRIMEM[\"Greenwich\",0],UNIT[\"Degree\",0.017453292519943295]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",-3],PARAMETER[\"scale_factor\",0.9996],PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0],UNIT[\"Meter\",1],AUTHORITY[\"EPSG\",\"25830\"]]", "EPSG:25830")]
    public async Task EsriPrjNamesAreRecognisedAsEpsg(string wkt, string expected)
    {
        var crs = await CrsResolver.ResolveAsync(wkt, _dir.Path, CancellationToken.None);
        Assert.Equal(expected, crs?.Name);
    }

    [Fact]
    public void SridOverrideWinsOverTheFileAndSaysSo()
    {
        var path = _dir.File("declared.geojson");
        File.WriteAllText(path, TestFiles.FeatureCollection([(TestFiles.Point(257141, 9857073), """{"kind":"school"}""")], "EPSG:3857"));
        var outcome = Accepted(Read(path, DatasetRole.Facilities, o => o with { Srid = 32737 }), 1, "Point");
        Assert.Equal("EPSG:32737", outcome.Report.SourceCrs);
        Assert.Contains(outcome.Report.Warnings, w => w.Contains("srid 32737"));
    }
}
