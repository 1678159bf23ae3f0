using System.Diagnostics.CodeAnalysis;
using NetTopologySuite.Geometries;

namespace DivideMapper.Core.Geo;

/// <summary>
/// Web Mercator tile quadkeys as used by Bing Maps and the Ookla open speed-test tiles (zoom 16).
/// A quadkey has one digit (0–3) per zoom level; its length is the zoom. Tiles are returned in
/// EPSG:4326 (lon/lat); latitudes are clipped to the Web Mercator limit ±85.05112878°.
/// </summary>
public static class Quadkey
{
    public const double MaxLatitude = 85.05112878;
    public const int MaxZoom = 23;

    /// <summary>The tile (x, y) at <paramref name="zoom"/> that contains the point; points on an edge go east/south.</summary>
    public static (int X, int Y) ToTileXY(double lon, double lat, int zoom)
    {
        CheckZoom(zoom);
        if (!double.IsFinite(lon) || !double.IsFinite(lat))
            throw new ArgumentOutOfRangeException(nameof(lon), "Longitude and latitude must be finite numbers.");
        lat = Math.Clamp(lat, -MaxLatitude, MaxLatitude);
        lon = Math.Clamp(lon, -180, 180);
        var n = 1L << zoom;
        var sinLat = Math.Sin(lat * Math.PI / 180);
        var x = (lon + 180) / 360;
        var y = 0.5 - Math.Log((1 + sinLat) / (1 - sinLat)) / (4 * Math.PI);
        return ((int)Math.Clamp((long)Math.Floor(x * n), 0, n - 1), (int)Math.Clamp((long)Math.Floor(y * n), 0, n - 1));
    }

    /// <summary>The quadkey of the tile at <paramref name="zoom"/> containing (lon, lat).</summary>
    public static string ToQuadkey(double lon, double lat, int zoom)
    {
        var (x, y) = ToTileXY(lon, lat, zoom);
        return FromTileXY(x, y, zoom);
    }

    /// <summary>The quadkey of tile (x, y) at <paramref name="zoom"/> (Bing Maps TileXYToQuadKey).</summary>
    public static string FromTileXY(int x, int y, int zoom)
    {
        CheckZoom(zoom);
        var n = 1L << zoom;
        if (x < 0 || x >= n) throw new ArgumentOutOfRangeException(nameof(x));
        if (y < 0 || y >= n) throw new ArgumentOutOfRangeException(nameof(y));
        return string.Create(zoom, (x, y), static (span, t) =>
        {
            for (var i = span.Length; i > 0; i--)
            {
                var mask = 1 << (i - 1);
                var digit = 0;
                if ((t.x & mask) != 0) digit += 1;
                if ((t.y & mask) != 0) digit += 2;
                span[span.Length - i] = (char)('0' + digit);
            }
        });
    }

    /// <summary>Reads a quadkey into tile (x, y, zoom); false for an empty, too long or non-0123 string.</summary>
    public static bool TryParse([NotNullWhen(true)] string? quadkey, out (int X, int Y, int Zoom) tile)
    {
        tile = default;
        return quadkey is not null && TryParse(quadkey.AsSpan(), out tile);
    }

    /// <summary>The same for characters that are not (yet) a string, such as a slice of a decoded Parquet column.</summary>
    public static bool TryParse(ReadOnlySpan<char> quadkey, out (int X, int Y, int Zoom) tile)
    {
        tile = default;
        if (quadkey.IsEmpty || quadkey.Length > MaxZoom) return false;
        int x = 0, y = 0;
        foreach (var c in quadkey)
        {
            if (c is < '0' or > '3') return false;
            var digit = c - '0';
            x = (x << 1) | (digit & 1);
            y = (y << 1) | (digit >> 1);
        }
        tile = (x, y, quadkey.Length);
        return true;
    }

    /// <summary>Tile (x, y, zoom) of a quadkey; throws <see cref="FormatException"/> when it is not one.</summary>
    public static (int X, int Y, int Zoom) ToTileXY(string quadkey) =>
        TryParse(quadkey, out var tile) ? tile : throw new FormatException($"'{quadkey}' is not a quadkey (digits 0–3, 1–{MaxZoom} long).");

    /// <summary>The lon/lat bounds of a quadkey's tile.</summary>
    public static Envelope ToEnvelope(string quadkey)
    {
        var (x, y, z) = ToTileXY(quadkey);
        return TileEnvelope(x, y, z);
    }

    /// <summary>The lon/lat bounds of tile (x, y) at <paramref name="zoom"/>.</summary>
    public static Envelope TileEnvelope(int x, int y, int zoom)
    {
        CheckZoom(zoom);
        return new Envelope(TileLongitude(x, zoom), TileLongitude(x + 1, zoom), TileLatitude(y + 1, zoom), TileLatitude(y, zoom));
    }

    /// <summary>The longitude of tile column <paramref name="x"/>'s west edge at <paramref name="zoom"/> (fractions allowed).</summary>
    public static double TileLongitude(double x, int zoom) => x / (1L << zoom) * 360 - 180;

    /// <summary>
    /// The latitude of tile row <paramref name="y"/>'s north edge at <paramref name="zoom"/> (rows from the north, fractions
    /// allowed): Web Mercator's inverse, so a tile is exactly the lon/lat rectangle of its corners.
    /// </summary>
    public static double TileLatitude(double y, int zoom) => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * y / (1L << zoom)))) * 180 / Math.PI;

    /// <summary>
    /// The tile of a quadkey as a counter-clockwise Polygon in EPSG:4326 (SRID 4326 unless
    /// <paramref name="factory"/> says otherwise).
    /// </summary>
    public static Polygon ToPolygon(string quadkey, GeometryFactory? factory = null)
    {
        var e = ToEnvelope(quadkey);
        factory ??= Wgs84;
        return factory.CreatePolygon(
        [
            new Coordinate(e.MinX, e.MinY), new Coordinate(e.MaxX, e.MinY), new Coordinate(e.MaxX, e.MaxY),
            new Coordinate(e.MinX, e.MaxY), new Coordinate(e.MinX, e.MinY),
        ]);
    }

    /// <summary>
    /// True when a geometry (EPSG:4326) is the tile of <paramref name="quadkey"/>: its centre lies in the tile and its
    /// extent is within a tenth of a tile of the tile's (Ookla files carry both; they must agree).
    /// </summary>
    public static bool Matches(Geometry geometry, string quadkey)
    {
        if (!TryParse(quadkey, out var t)) return false;
        var tile = TileEnvelope(t.X, t.Y, t.Zoom);
        var e = geometry.EnvelopeInternal;
        var tolX = tile.Width / 10;
        var tolY = tile.Height / 10;
        return tile.Contains(e.Centre)
               && Math.Abs(e.MinX - tile.MinX) <= tolX && Math.Abs(e.MaxX - tile.MaxX) <= tolX
               && Math.Abs(e.MinY - tile.MinY) <= tolY && Math.Abs(e.MaxY - tile.MaxY) <= tolY;
    }

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    private static void CheckZoom(int zoom)
    {
        if (zoom is < 1 or > MaxZoom) throw new ArgumentOutOfRangeException(nameof(zoom), $"Zoom must be 1–{MaxZoom}.");
    }
}
