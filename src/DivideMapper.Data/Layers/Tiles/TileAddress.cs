using System.Globalization;
using DivideMapper.Core.Geo;

namespace DivideMapper.Data.Layers.Tiles;

/// <summary>
/// A tile of the XYZ scheme on Web Mercator (EPSG:3857, the scheme Leaflet, QGIS and MapLibre use): zoom 0–22, x and
/// y within 0..2^z−1, y counted from the north.
/// </summary>
public readonly record struct TileAddress(int Z, int X, int Y)
{
    /// <summary>Deepest zoom served: 22 is about 4 cm per pixel at the equator, past any survey the inputs come from.</summary>
    public const int MaxZoom = 22;

    /// <summary>Web Mercator's half-circumference in metres: the world square runs from −this to +this.</summary>
    public const double WorldHalfWidth = 20037508.342789244;

    /// <summary>The tile's edge in Web Mercator metres.</summary>
    public double WidthMeters => 2 * WorldHalfWidth / (1L << Z);

    /// <summary>
    /// The tile grown by <paramref name="margin"/> (a fraction of its edge) in longitude/latitude (EPSG:4326): a Mercator
    /// tile is a longitude/latitude rectangle, so its corners, inverse-projected, bound it exactly. A margin past the
    /// antimeridian is clamped to ±180°; past Mercator's ±85.05° latitudes it reaches towards the poles.
    /// </summary>
    public NetTopologySuite.Geometries.Envelope LonLatBounds(double margin)
    {
        var zoom = Z;
        double Lon(double x) => Math.Clamp(Quadkey.TileLongitude(x, zoom), -180, 180);
        return new NetTopologySuite.Geometries.Envelope(Lon(X - margin), Lon(X + 1 + margin),
            Quadkey.TileLatitude(Y + 1 + margin, Z), Quadkey.TileLatitude(Y - margin, Z));
    }

    /// <summary>Parses route values; null with a reason when they are not integers or not a tile of that zoom.</summary>
    public static TileAddress? Parse(string? z, string? x, string? y, out string? reason)
    {
        reason = null;
        if (!int.TryParse(z, NumberStyles.None, CultureInfo.InvariantCulture, out var zoom) || zoom > MaxZoom)
        {
            reason = $"z must be an integer from 0 to {MaxZoom}.";
            return null;
        }
        var size = 1L << zoom;
        if (!long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var column) || column >= size
            || !long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row >= size)
        {
            reason = $"x and y must be integers from 0 to {size - 1} at zoom {zoom}.";
            return null;
        }
        return new TileAddress(zoom, (int)column, (int)row);
    }

    public override string ToString() => $"{Z}/{X}/{Y}";
}
