using DivideMapper.Core.Projection;
using NetTopologySuite.Geometries;

namespace DivideMapper.Core.Tests.Projection;

public class MetricProjectionTests
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    // Reference coordinates from PROJ (cs2cs EPSG:4326 → EPSG:326xx/327xx).
    [Theory]
    [InlineData(32737, 36.8219, -1.2921, 257634.501826, 9857079.966031)] // Nairobi, 2.2° west of the central meridian
    [InlineData(32737, 39.8, -1.2921, 589000.395006, 9857169.872742)]
    [InlineData(32631, 3.3792, 6.5244, 541924.301399, 721189.217246)]    // Lagos
    [InlineData(32632, 5.3221, 60.3913, 297353.932729, 6700648.345232)]  // Bergen, 3.7° from the central meridian
    public void ProjectionAgreesWithProjWithinAMillimetre(int srid, double lon, double lat, double x, double y)
    {
        var projection = MetricProjection.ForSrid(srid);
        var p = (Point)projection.Project(Wgs84.CreatePoint(new Coordinate(lon, lat)));
        Assert.Equal(srid, p.SRID);
        Assert.Equal(x, p.X, 0.001);
        Assert.Equal(y, p.Y, 0.001);
    }

    [Fact]
    public void UnprojectInvertsProject()
    {
        var projection = MetricProjection.ForSrid(32737);
        var polygon = Wgs84.CreatePolygon([new(36.80, -1.30), new(36.83, -1.30), new(36.83, -1.27), new(36.80, -1.30)]);
        var back = projection.Unproject(projection.Project(polygon));
        Assert.Equal(4326, back.SRID);
        Assert.True(back.EqualsExact(polygon, 1e-9));
        Assert.Equal(-1.30, polygon.Coordinates[0].Y); // the input is not modified
    }

    [Fact]
    public void DataAcrossTheAntimeridianProjectsContinuously()
    {
        var projection = MetricProjection.ForSrid(32760);
        var line = Wgs84.CreateLineString([new(179.9, -17.0), new(-179.9, -17.0)]);
        var projected = projection.Project(line);
        // PROJ (cs2cs EPSG:4326 → EPSG:32760): 179.9°E → (808795.443, 8118158.746), 179.9°W → (830108.476, 8117832.170).
        Assert.Equal(808795.443, projected.Coordinates[0].X, 0.001);
        Assert.Equal(830108.476, projected.Coordinates[1].X, 0.001);
        Assert.Equal(8117832.170, projected.Coordinates[1].Y, 0.001);
        var back = projection.Unproject(projected);
        Assert.Equal(180.1, back.Coordinates[1].X, 1e-9); // kept continuous beyond 180°
    }

    [Fact]
    public void NonUtmSridNeedsItsWkt()
    {
        var e = Assert.Throws<ArgumentException>(() => MetricProjection.ForSrid(3035));
        Assert.Contains("WKT", e.Message);
    }

    [Fact]
    public void WktOfAProjectedCrsIsAccepted()
    {
        const string wkt = """
            PROJCS["WGS 84 / UTM zone 37S",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],
            PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],
            PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",39],PARAMETER["scale_factor",0.9996],
            PARAMETER["false_easting",500000],PARAMETER["false_northing",10000000],UNIT["metre",1]]
            """;
        var custom = MetricProjection.ForSrid(900_001, wkt);
        Assert.Equal(39, custom.CentralMeridian);
        var (x, y) = custom.Project(36.8219, -1.2921);
        Assert.Equal(257634.501826, x, 0.001);
        Assert.Equal(9857079.966031, y, 0.001);
    }

    [Fact]
    public void GeographicWktIsRejected()
    {
        const string wkt = """
            GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]
            """;
        var e = Assert.Throws<ArgumentException>(() => MetricProjection.ForSrid(900_002, wkt));
        Assert.Contains("not a projected CRS", e.Message);
    }

    [Fact]
    public void ProjectionIsSafeFromManyThreads()
    {
        var projection = MetricProjection.ForSrid(32737);
        var expected = projection.Project(36.8219, -1.2921);
        var results = new (double, double)[2000];
        Parallel.For(0, results.Length, i => results[i] = projection.Project(36.8219, -1.2921));
        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
