using DivideMapper.Formats.Import;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Ookla;

/// <summary>
/// Bing/Ookla quadkeys: a string of digits 0–3, one per zoom level, naming a Web Mercator tile. Ookla's open
/// data tiles are zoom 16 (about 610 m at the equator).
/// </summary>
public static class Quadkey
{
    public const int MaxZoom = 30;

    /// <summary>Tile x, y and zoom of a quadkey; false when it is empty, too long or has a digit other than 0–3.</summary>
    public static bool TryParse(string? quadkey, out int x, out int y, out int zoom)
    {
        x = y = zoom = 0;
        if (string.IsNullOrEmpty(quadkey) || quadkey.Length > MaxZoom) return false;
        zoom = quadkey.Length;
        for (var i = 0; i < zoom; i++)
        {
            var digit = quadkey[i] - '0';
            if (digit is < 0 or > 3) return false;
            var mask = 1 << (zoom - i - 1);
            if ((digit & 1) != 0) x |= mask;
            if ((digit & 2) != 0) y |= mask;
        }
        return true;
    }

    /// <summary>The tile as a lon/lat envelope (EPSG:4326).</summary>
    public static Envelope ToEnvelope(int x, int y, int zoom) =>
        new(TileLon(x, zoom), TileLon(x + 1, zoom), TileLat(y + 1, zoom), TileLat(y, zoom));

    /// <summary>The tile polygon of a valid quadkey, in EPSG:4326.</summary>
    public static Polygon ToPolygon(string quadkey)
    {
        if (!TryParse(quadkey, out var x, out var y, out var z)) throw new ArgumentException($"'{quadkey}' is not a quadkey.", nameof(quadkey));
        return (Polygon)Factories.Wgs84.ToGeometry(ToEnvelope(x, y, z));
    }

    /// <summary>The quadkey of the zoom-<paramref name="zoom"/> tile containing a lon/lat point.</summary>
    public static string FromLonLat(double lon, double lat, int zoom)
    {
        var n = 1 << zoom;
        var x = (int)Math.Clamp(Math.Floor((lon + 180) / 360 * n), 0, n - 1);
        var latRad = lat * Math.PI / 180;
        var y = (int)Math.Clamp(Math.Floor((1 - Math.Log(Math.Tan(latRad) + 1 / Math.Cos(latRad)) / Math.PI) / 2 * n), 0, n - 1);
        var chars = new char[zoom];
        for (var i = zoom; i > 0; i--)
        {
            var mask = 1 << (i - 1);
            chars[zoom - i] = (char)('0' + ((x & mask) != 0 ? 1 : 0) + ((y & mask) != 0 ? 2 : 0));
        }
        return new string(chars);
    }

    /// <summary>
    /// True when a geometry (EPSG:4326) is the tile of <paramref name="quadkey"/>: its centre lies in the tile and its
    /// extent is within a tenth of a tile of the tile's.
    /// </summary>
    internal static bool Matches(Geometry geometry, string quadkey)
    {
        if (!TryParse(quadkey, out var x, out var y, out var z)) return false;
        var tile = ToEnvelope(x, y, z);
        var e = geometry.EnvelopeInternal;
        var tolX = tile.Width / 10;
        var tolY = tile.Height / 10;
        return tile.Contains(e.Centre)
               && Math.Abs(e.MinX - tile.MinX) <= tolX && Math.Abs(e.MaxX - tile.MaxX) <= tolX
               && Math.Abs(e.MinY - tile.MinY) <= tolY && Math.Abs(e.MaxY - tile.MaxY) <= tolY;
    }

    private static double TileLon(int x, int zoom) => x / (double)(1L << zoom) * 360.0 - 180.0;

    private static double TileLat(int y, int zoom)
    {
        var n = Math.PI - 2.0 * Math.PI * y / (1L << zoom);
        return 180.0 / Math.PI * Math.Atan(Math.Sinh(n));
    }
}
