using DivideMapper.Core.Projection;
using NetTopologySuite.Geometries;

namespace DivideMapper.Core.Tests.Projection;

public class UtmZoneTests
{
    [Theory]
    [InlineData(36.8219, -1.2921, 32737)] // Nairobi, south of the equator
    [InlineData(3.3792, 6.5244, 32631)]   // Lagos
    [InlineData(-43.1729, -22.9068, 32723)] // Rio de Janeiro
    [InlineData(72.8777, 19.0760, 32643)] // Mumbai
    [InlineData(-99.1332, 19.4326, 32614)] // Mexico City
    public void CityCentreChoosesItsUtmZone(double lon, double lat, int srid) =>
        Assert.Equal(srid, UtmZone.For(lon, lat).Srid);

    [Fact]
    public void ZoneEdgeBelongsToTheZoneToItsEast()
    {
        Assert.Equal(32632, UtmZone.For(6.0, 10).Srid);
        Assert.Equal(32631, UtmZone.For(5.999999, 10).Srid);
        Assert.Equal(32601, UtmZone.For(-180, 10).Srid);
    }

    [Fact]
    public void EquatorCountsAsNorth() => Assert.Equal(32637, UtmZone.For(36.8, 0.0).Srid);

    [Fact]
    public void Longitude180WrapsToZoneOne()
    {
        Assert.Equal(32601, UtmZone.For(180, 10).Srid);
        Assert.Equal(32601, UtmZone.For(540, 10).Srid);
        Assert.Equal(32760, UtmZone.For(179.99, -17).Srid);
        Assert.Equal(32760, UtmZone.For(-180.01, -17).Srid);
    }

    [Fact]
    public void SouthernNorwayUsesWidenedZone32()
    {
        Assert.Equal(32632, UtmZone.For(5.3221, 60.3913).Srid); // Bergen lies in 31V's longitudes but belongs to 32V
        Assert.Equal(32631, UtmZone.For(5.3221, 55.9).Srid);    // south of band V the normal rule applies
        Assert.Equal(32631, UtmZone.For(2.9, 60).Srid);         // west of 3°E stays in 31
    }

    [Theory]
    [InlineData(8.0, 78.2, 32631)]
    [InlineData(15.6, 78.2, 32633)] // Longyearbyen
    [InlineData(25.0, 78.2, 32635)]
    [InlineData(40.0, 78.2, 32637)]
    [InlineData(45.0, 78.2, 32638)] // east of 42°E the normal rule applies again
    [InlineData(10.0, 78.2, 32633)]
    [InlineData(10.0, 71.9, 32632)] // band W below 72°N: normal rule
    public void SvalbardUsesOnlyOddZones(double lon, double lat, int srid) =>
        Assert.Equal(srid, UtmZone.For(lon, lat).Srid);

    [Fact]
    public void PolarLatitudesAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UtmZone.For(0, 84.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => UtmZone.For(0, -80.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => UtmZone.For(double.NaN, 10));
    }

    [Fact]
    public void SridRoundTripsOnlyForUtmCodes()
    {
        Assert.True(UtmZone.TryFromSrid(32737, out var z));
        Assert.Equal((37, false), (z.Zone, z.North));
        Assert.False(UtmZone.TryFromSrid(32661, out _)); // UPS north, not a UTM zone
        Assert.False(UtmZone.TryFromSrid(3857, out _));
        Assert.False(UtmZone.TryFromSrid(32600, out _));
    }

    [Fact]
    public void ForDataUsesTheEnvelopeCentre()
    {
        var nairobi = new Envelope(36.65, 37.10, -1.45, -1.16);
        Assert.Equal(32737, MetricProjection.ForData(nairobi).Srid);
    }

    [Fact]
    public void ForDataReadsAHalfWorldEnvelopeAsAntimeridianCrossing()
    {
        // Fiji's Taveuni straddles 180°: its points have longitudes near +179.9 and −179.9.
        var straddling = new Envelope(-179.95, 179.85, -17.0, -16.7);
        Assert.Equal(32760, MetricProjection.ForData(straddling).Srid);
    }

    [Fact]
    public void ForDataRejectsEmptyEnvelope() =>
        Assert.Throws<ArgumentException>(() => MetricProjection.ForData(new Envelope()));
}
