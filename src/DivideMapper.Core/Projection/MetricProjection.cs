using NetTopologySuite;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace DivideMapper.Core.Projection;

/// <summary>
/// The project's metric CRS and the transforms between it and EPSG:4326 (longitude, latitude).
/// All areas and distances of the analysis are measured in this CRS.
/// </summary>
/// <remarks>
/// Instances are immutable and safe to share between threads: ProjNet's math transforms keep no documented
/// thread-safety promise, so each thread gets its own pair (created lazily, cheap).
/// </remarks>
public sealed class MetricProjection
{
    /// <summary>SRID of the geographic CRS that all stored geometries use.</summary>
    public const int Wgs84Srid = 4326;

    private readonly ThreadLocal<(MathTransform Forward, MathTransform Inverse)> _transforms;
    private readonly GeometryFactory _metricFactory;
    private readonly GeometryFactory _geographicFactory;

    private MetricProjection(int srid, string name, double? centralMeridian, Func<CoordinateSystem> createTarget)
    {
        Srid = srid;
        Name = name;
        CentralMeridian = centralMeridian;
        _transforms = new ThreadLocal<(MathTransform, MathTransform)>(() =>
        {
            var transform = new CoordinateTransformationFactory()
                .CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, createTarget());
            return (transform.MathTransform, transform.MathTransform.Inverse());
        });
        var services = NtsGeometryServices.Instance;
        _metricFactory = services.CreateGeometryFactory(new PrecisionModel(), srid);
        _geographicFactory = services.CreateGeometryFactory(new PrecisionModel(), Wgs84Srid);
    }

    /// <summary>EPSG code of the metric CRS, e.g. 32737.</summary>
    public int Srid { get; }

    /// <summary>Name of the metric CRS, e.g. "WGS 84 / UTM zone 37S".</summary>
    public string Name { get; }

    /// <summary>
    /// Central meridian of the projection when it has one. Longitudes are unwrapped to within ±180° of it before
    /// projecting, so data straddling the antimeridian projects continuously.
    /// </summary>
    public double? CentralMeridian { get; }

    /// <summary>Factory for geometries in the metric CRS (floating precision, <see cref="Srid"/>).</summary>
    public GeometryFactory MetricFactory => _metricFactory;

    /// <summary>Factory for geometries in EPSG:4326 (floating precision).</summary>
    public GeometryFactory GeographicFactory => _geographicFactory;

    /// <summary>
    /// The UTM zone of the centre of <paramref name="lonLatEnvelope"/> (EPSG:4326, x = longitude).
    /// An envelope wider than 180° is read as data straddling the antimeridian (a city is never that wide),
    /// and its centre is taken on the 180° side.
    /// </summary>
    /// <exception cref="ArgumentException">The envelope is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The centre lies outside UTM's 80°S–84°N band.</exception>
    public static MetricProjection ForData(Envelope lonLatEnvelope)
    {
        if (lonLatEnvelope is null || lonLatEnvelope.IsNull)
            throw new ArgumentException("An empty envelope has no centre to choose a UTM zone from.", nameof(lonLatEnvelope));
        double lon = lonLatEnvelope.Width > 180.0
            ? UtmZone.WrapLongitude((lonLatEnvelope.MinX + 360.0 + lonLatEnvelope.MaxX) / 2.0)
            : (lonLatEnvelope.MinX + lonLatEnvelope.MaxX) / 2.0;
        double lat = (lonLatEnvelope.MinY + lonLatEnvelope.MaxY) / 2.0;
        return ForUtm(UtmZone.For(lon, lat));
    }

    /// <summary>The given UTM zone, built with ProjNet's <c>ProjectedCoordinateSystem.WGS84_UTM</c>.</summary>
    public static MetricProjection ForUtm(UtmZone zone) =>
        new(zone.Srid, zone.ToString(), zone.CentralMeridian, () => ProjectedCoordinateSystem.WGS84_UTM(zone.Zone, zone.North));

    /// <summary>
    /// A metric CRS by EPSG code. UTM codes (326zz, 327zz) need nothing else; any other projected CRS needs its
    /// OGC WKT (for example <c>spatial_ref_sys.srtext</c> from PostGIS), which must use metres.
    /// </summary>
    /// <exception cref="ArgumentException">A non-UTM SRID without WKT, WKT that is not a projected CRS, or units other than metres.</exception>
    public static MetricProjection ForSrid(int srid, string? wkt = null)
    {
        if (UtmZone.TryFromSrid(srid, out var zone)) return ForUtm(zone);
        if (string.IsNullOrWhiteSpace(wkt))
            throw new ArgumentException($"SRID {srid} is not a UTM zone (326xx/327xx); pass the CRS's WKT to use it.", nameof(wkt));

        CoordinateSystem parsed;
        try
        {
            parsed = new CoordinateSystemFactory().CreateFromWkt(wkt);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new ArgumentException($"The WKT for SRID {srid} could not be read: {e.Message}", nameof(wkt), e);
        }
        if (parsed is not ProjectedCoordinateSystem projected)
            throw new ArgumentException($"SRID {srid} is not a projected CRS; areas need a metric CRS.", nameof(wkt));
        if (Math.Abs(projected.LinearUnit.MetersPerUnit - 1.0) > 1e-12)
            throw new ArgumentException($"SRID {srid} uses {projected.LinearUnit.Name}; the analysis needs metres.", nameof(wkt));

        double? centralMeridian = projected.Projection.GetParameter("central_meridian")?.Value
                                  ?? projected.Projection.GetParameter("longitude_of_center")?.Value;
        return new MetricProjection(srid, projected.Name, centralMeridian, () => new CoordinateSystemFactory().CreateFromWkt(wkt));
    }

    /// <summary>
    /// A copy of <paramref name="lonLat"/> (EPSG:4326, x = longitude) in the metric CRS, with <see cref="Srid"/> set.
    /// The input is not modified.
    /// </summary>
    public Geometry Project(Geometry lonLat)
    {
        ArgumentNullException.ThrowIfNull(lonLat);
        var copy = _metricFactory.CreateGeometry(lonLat);
        copy.Apply(new ProjNetCoordinateFilter(_transforms.Value.Forward, CentralMeridian, inverse: false));
        return copy;
    }

    /// <summary>
    /// A copy of <paramref name="metric"/> in EPSG:4326 (x = longitude). Longitudes come back within ±180° of the
    /// central meridian, so a polygon crossing the antimeridian stays continuous (it may reach beyond 180°).
    /// </summary>
    public Geometry Unproject(Geometry metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var copy = _geographicFactory.CreateGeometry(metric);
        copy.Apply(new ProjNetCoordinateFilter(_transforms.Value.Inverse, CentralMeridian, inverse: true));
        return copy;
    }

    /// <summary>Projects one longitude/latitude pair.</summary>
    public (double X, double Y) Project(double longitude, double latitude)
    {
        double lon = ProjNetCoordinateFilter.Unwrap(longitude, CentralMeridian);
        var (x, y) = _transforms.Value.Forward.Transform(lon, latitude);
        return (x, y);
    }

    /// <summary>Unprojects one metric x/y pair to longitude/latitude.</summary>
    public (double Longitude, double Latitude) Unproject(double x, double y)
    {
        var (lon, lat) = _transforms.Value.Inverse.Transform(x, y);
        return (lon, lat);
    }

    /// <inheritdoc/>
    public override string ToString() => $"EPSG:{Srid} ({Name})";
}
