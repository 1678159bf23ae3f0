using DivideMapper.Core.Analysis;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;
using DivideMapper.Core.Projection;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.IO;

namespace DivideMapper.Core.Tests;

/// <summary>
/// Test geometry in a local metric frame: WKT in metres relative to an origin in Nairobi (UTM 37S), turned into the
/// EPSG:4326 geometries the analyzer expects. Results are projected back into the same frame for assertions.
/// </summary>
internal static class Fixture
{
    public static readonly MetricProjection Utm = MetricProjection.ForSrid(32737);
    private const double OriginX = 257_000, OriginY = 9_857_000;
    private static readonly WKTReader Reader = new(NetTopologySuite.NtsGeometryServices.Instance);

    /// <summary>Local-metre WKT → EPSG:4326 geometry.</summary>
    public static Geometry Geo(string localWkt) => Utm.Unproject(Shift(Reader.Read(localWkt), OriginX, OriginY));

    /// <summary>Local-metre point → EPSG:4326 point.</summary>
    public static Point GeoPoint(double x, double y) => (Point)Geo($"POINT ({x} {y})");

    /// <summary>EPSG:4326 geometry → local metres (for comparing with WKT).</summary>
    public static Geometry Local(Geometry lonLat) => Shift(Utm.Project(lonLat), -OriginX, -OriginY);

    public static Geometry Wkt(string wkt) => Reader.Read(wkt);

    public static Settlement Settlement(long id, string wkt, double? population = null, SettlementKind kind = SettlementKind.Informal) =>
        new(id, $"S{id}", kind, population, null, Geo(wkt));

    public static CoverageArea Coverage(long id, Tech tech, string wkt) => new(id, "op", tech, Geo(wkt));

    public static CellSite Site(long id, Tech tech, double x, double y, double? rangeM) => new(id, "op", tech, rangeM, GeoPoint(x, y));

    public static Measurement Point(long id, double x, double y, double downMbps, int tests, int devices,
        double? upMbps = 5, double? latencyMs = 40, string? period = "2024Q1") =>
        new(id, period, downMbps * 1000, upMbps * 1000, latencyMs, tests, devices, null, GeoPoint(x, y));

    public static AnalysisInput Input(params Settlement[] settlements) => new()
    {
        Settlements = settlements,
        Projection = Utm,
        Profile = ProfileCatalog.Default,
    };

    /// <summary>Runs the analysis and returns the single settlement's result.</summary>
    public static SettlementResult One(AnalysisInput input) => Assert.Single(GapAnalyzer.Analyze(input).Settlements);

    /// <summary>Area of the symmetric difference between the gap (in local metres) and the expected WKT.</summary>
    public static double Mismatch(SettlementResult result, string expectedWkt)
    {
        var actual = Local(result.Gap);
        var expected = Reader.Read(expectedWkt);
        return actual.SymmetricDifference(expected).Area;
    }

    private static Geometry Shift(Geometry g, double dx, double dy)
    {
        var copy = g.Copy();
        copy.Apply(new AffineTransformation(1, 0, dx, 0, 1, dy));
        copy.GeometryChanged();
        return copy;
    }
}
