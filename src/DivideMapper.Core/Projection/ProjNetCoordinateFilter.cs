using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems.Transformations;

namespace DivideMapper.Core.Projection;

/// <summary>
/// Applies a ProjNet transform to every coordinate of a geometry in place (x/y only; z and m are kept).
/// Used on copies only; see <see cref="MetricProjection"/>.
/// </summary>
internal sealed class ProjNetCoordinateFilter(MathTransform transform, double? centralMeridian, bool inverse)
    : IEntireCoordinateSequenceFilter
{
    public bool Done => false;

    public bool GeometryChanged => true;

    public void Filter(CoordinateSequence seq)
    {
        for (int i = 0; i < seq.Count; i++)
        {
            double x = seq.GetX(i), y = seq.GetY(i);
            if (!inverse) x = Unwrap(x, centralMeridian);
            (x, y) = transform.Transform(x, y);
            if (inverse) x = Unwrap(x, centralMeridian);
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }

    /// <summary>
    /// Moves a longitude by whole turns to within [-180, 180) of the central meridian. Transverse Mercator formulas
    /// take λ − λ0 literally, so 179.9°E and 179.9°W must be 0.2° apart, not 359.8°.
    /// </summary>
    internal static double Unwrap(double longitude, double? centralMeridian)
    {
        if (centralMeridian is not { } cm) return longitude;
        return cm + UtmZone.WrapLongitude(longitude - cm);
    }
}
