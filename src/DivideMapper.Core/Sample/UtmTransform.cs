using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace DivideMapper.Core.Sample;

/// <summary>
/// WGS 84 ↔ WGS 84 / UTM for the sample city. Private to the generator on purpose: Core's metric projection
/// lives elsewhere and the two will be unified later.
/// </summary>
internal sealed class UtmTransform
{
    private readonly MathTransform _toUtm;
    private readonly MathTransform _toWgs84;

    public UtmTransform(int zone, bool north)
    {
        Zone = zone;
        North = north;
        Srid = (north ? 32600 : 32700) + zone;
        var factory = new CoordinateTransformationFactory();
        var utm = ProjectedCoordinateSystem.WGS84_UTM(zone, north);
        _toUtm = factory.CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, utm).MathTransform;
        _toWgs84 = factory.CreateFromCoordinateSystems(utm, GeographicCoordinateSystem.WGS84).MathTransform;
        Metric = new GeometryFactory(new PrecisionModel(), Srid);
        Wgs84 = new GeometryFactory(new PrecisionModel(), 4326);
    }

    public int Zone { get; }
    public bool North { get; }
    public int Srid { get; }
    public GeometryFactory Metric { get; }
    public GeometryFactory Wgs84 { get; }

    public (double X, double Y) ToUtm(double lon, double lat)
    {
        _toUtm.Transform(ref lon, ref lat);
        return (lon, lat);
    }

    public (double Lon, double Lat) ToLonLat(double x, double y)
    {
        _toWgs84.Transform(ref x, ref y);
        return (x, y);
    }

    /// <summary>A copy of a metric geometry in EPSG:4326.</summary>
    public Geometry ToWgs84(Geometry metric)
    {
        var copy = Wgs84.CreateGeometry(metric);
        copy.Apply(new TransformFilter(_toWgs84));
        copy.GeometryChanged();
        return copy;
    }

    public Point ToWgs84Point(double x, double y)
    {
        var (lon, lat) = ToLonLat(x, y);
        return Wgs84.CreatePoint(new Coordinate(lon, lat));
    }

    private sealed class TransformFilter(MathTransform transform) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                double x = seq.GetX(i), y = seq.GetY(i);
                transform.Transform(ref x, ref y);
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
