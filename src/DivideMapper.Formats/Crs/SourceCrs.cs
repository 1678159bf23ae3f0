using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace DivideMapper.Formats.Crs;

/// <summary>
/// A coordinate reference system a file's coordinates are in, with the ProjNet system that moves them to
/// EPSG:4326 (longitude, latitude).
/// </summary>
internal sealed class SourceCrs
{
    private MathTransform? _toWgs84;

    public SourceCrs(string name, int? epsg, CoordinateSystem system)
    {
        Name = name;
        Epsg = epsg;
        System = system;
    }

    /// <summary>"EPSG:32737" when the code is known, else the name in the definition.</summary>
    public string Name { get; }
    public int? Epsg { get; }
    public CoordinateSystem System { get; }

    public bool IsGeographic => System is GeographicCoordinateSystem;

    /// <summary>True when no transformation is needed (WGS 84 longitude/latitude in degrees).</summary>
    public bool IsWgs84 => Epsg == 4326 || (System is GeographicCoordinateSystem g && IsWgs84Datum(g.HorizontalDatum) && g.AngularUnit.RadiansPerUnit is > 0.0174532925 and < 0.0174532926);

    /// <summary>Set when the datum is not WGS 84 and the definition gives no shift to it: positions may be off by up to a few hundred metres.</summary>
    public bool LacksDatumShift
    {
        get
        {
            var datum = System switch
            {
                GeographicCoordinateSystem g => g.HorizontalDatum,
                ProjectedCoordinateSystem p => p.HorizontalDatum,
                _ => null,
            };
            return datum is not null && !IsWgs84Datum(datum) && datum.Wgs84Parameters is null && !IsWgs84CompatibleDatum(datum);
        }
    }

    public static SourceCrs Wgs84 { get; } = new("EPSG:4326", 4326, GeographicCoordinateSystem.WGS84);

    /// <summary>Reprojects a copy of <paramref name="geometry"/> to EPSG:4326.</summary>
    public Geometry ToWgs84(Geometry geometry)
    {
        if (IsWgs84) return geometry;
        _toWgs84 ??= new CoordinateTransformationFactory()
            .CreateFromCoordinateSystems(System, GeographicCoordinateSystem.WGS84).MathTransform;
        var copy = geometry.Copy();
        copy.Apply(new TransformFilter(_toWgs84));
        copy.GeometryChanged();
        return copy;
    }

    private static bool IsWgs84Datum(HorizontalDatum datum)
    {
        var name = datum.Name.Replace("_", " ").Replace("D ", "", StringComparison.Ordinal).Trim();
        return name.Equals("WGS 1984", StringComparison.OrdinalIgnoreCase) || name.Equals("WGS84", StringComparison.OrdinalIgnoreCase)
            || name.Equals("WGS 84", StringComparison.OrdinalIgnoreCase) || name.Equals("World Geodetic System 1984", StringComparison.OrdinalIgnoreCase);
    }

    // Datums that coincide with WGS 84 at the metre level, for which no shift is expected in a .prj.
    private static bool IsWgs84CompatibleDatum(HorizontalDatum datum)
    {
        var name = datum.Name.ToUpperInvariant();
        return name.Contains("ETRS") || name.Contains("ETRF") || name.Contains("GRS 1980") || name.Contains("NAD83") || name.Contains("NORTH_AMERICAN_1983")
            || name.Contains("SIRGAS") || name.Contains("GDA") || name.Contains("ITRF") || name.Contains("RGF") || name.Contains("HARTEBEESTHOEK");
    }

    public override string ToString() => Name;

    private sealed class TransformFilter(MathTransform transform) : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = transform.Transform(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
