using DivideMapper.Core.Geo;
using FsCheck;
using FsCheck.Xunit;

namespace DivideMapper.Core.Tests.Quadkeys;

public class QuadkeyTests
{
    [Fact]
    public void BingMapsDocumentedExampleTile3x5AtLevel3Is213()
    {
        // "Bing Maps Tile System" (Microsoft Learn): tile X = 3, Y = 5 at level 3 has quadkey 213.
        Assert.Equal("213", Quadkey.FromTileXY(3, 5, 3));
        Assert.Equal((3, 5, 3), Quadkey.ToTileXY("213"));
    }

    [Theory]
    [InlineData(0.0001, 0.0001, 1, "1")]
    [InlineData(-0.0001, 0.0001, 1, "0")]
    [InlineData(-0.0001, -0.0001, 1, "2")]
    [InlineData(0.0001, -0.0001, 1, "3")]
    public void QuadrantsAtZoomOneFollowTheBingLayout(double lon, double lat, int zoom, string expected) =>
        Assert.Equal(expected, Quadkey.ToQuadkey(lon, lat, zoom));

    [Fact]
    public void NairobiZoom16TileIsAboutSixHundredMetresAndContainsThePoint()
    {
        var quadkey = Quadkey.ToQuadkey(36.82, -1.29, 16);
        Assert.Equal(16, quadkey.Length);
        var tile = Quadkey.ToPolygon(quadkey);
        Assert.Equal(4326, tile.SRID);
        Assert.True(tile.Contains(new NetTopologySuite.Geometries.Point(36.82, -1.29)));
        Assert.True(NetTopologySuite.Algorithm.Orientation.IsCCW(tile.Shell.CoordinateSequence));
        var e = tile.EnvelopeInternal;
        Assert.Equal(360.0 / 65536, e.Width, 12);
        Assert.InRange(e.Height * 111_320, 600, 615);
    }

    [Fact]
    public void WorldTileIsClippedToWebMercatorLatitudes()
    {
        var e = Quadkey.TileEnvelope(0, 0, 1);
        Assert.Equal(-180, e.MinX);
        Assert.Equal(Quadkey.MaxLatitude, e.MaxY, 6);
        Assert.Equal(0, e.MinY, 9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0124")]
    [InlineData("abc")]
    [InlineData("012301230123012301230123")]
    public void RejectsWhatIsNotAQuadkey(string text)
    {
        Assert.False(Quadkey.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Quadkey.ToTileXY(text));
    }

    [Property(MaxTest = 500)]
    public bool TileXYRoundTripsThroughTheQuadkey(PositiveInt a, PositiveInt b, PositiveInt z)
    {
        var zoom = 1 + z.Get % Quadkey.MaxZoom;
        var n = 1 << zoom;
        int x = a.Get % n, y = b.Get % n;
        return Quadkey.ToTileXY(Quadkey.FromTileXY(x, y, zoom)) == (x, y, zoom);
    }

    [Property(MaxTest = 500)]
    public bool APointLiesInTheTileOfItsQuadkey(NormalFloat lonSeed, NormalFloat latSeed, PositiveInt z)
    {
        var lon = Math.IEEERemainder(lonSeed.Get, 179.9);
        var lat = Math.IEEERemainder(latSeed.Get, 84.9);
        var zoom = 1 + z.Get % 20;
        var e = Quadkey.ToEnvelope(Quadkey.ToQuadkey(lon, lat, zoom));
        return e.MinX <= lon && lon <= e.MaxX && e.MinY - 1e-9 <= lat && lat <= e.MaxY + 1e-9;
    }
}
