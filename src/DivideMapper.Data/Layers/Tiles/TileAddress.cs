using System.Globalization;

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
    /// tile is a longitude/latitude rectangle, so its corners, inverse-projected, bound it exactly. Latitudes past
    /// Mercator's ±85.05° are clamped to the poles.
    /// </summary>
    public NetTopologySuite.Geometries.Envelope LonLatBounds(double margin)
    {
        var w = WidthMeters;
        var grow = margin * w;
        double Lon(double xm) => Math.Clamp(xm / WorldHalfWidth * 180, -180, 180);
        double Lat(double ym) => Math.Clamp(Math.Atan(Math.Sinh(ym / WorldHalfWidth * Math.PI)) * 180 / Math.PI, -90, 90);
        var xmin = -WorldHalfWidth + X * w - grow;
        var ymax = WorldHalfWidth - Y * w + grow;
        return new NetTopologySuite.Geometries.Envelope(Lon(xmin), Lon(xmin + w + 2 * grow), Lat(ymax - w - 2 * grow), Lat(ymax));
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
