using DivideMapper.Formats.Writers;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using static DivideMapper.Testing.GeoFiles;

namespace DivideMapper.Formats.Tests.Writers;

public class RingOrientationTests
{
    [Theory]
    [InlineData("POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))")] // clockwise shell, counter-clockwise hole
    [InlineData("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))")] // already right
    [InlineData("MULTIPOLYGON (((0 0, 0 1, 1 1, 1 0, 0 0)), ((5 5, 6 5, 6 6, 5 6, 5 5)))")]
    public void ShellsComeOutCounterClockwiseAndHolesClockwiseWithTheSameShape(string wkt)
    {
        var input = G(wkt);
        var oriented = RingOrientation.CounterClockwise(input);
        Assert.True(oriented.EqualsTopologically(input));
        Assert.Equal(input.Area, oriented.Area, 12);
        for (var i = 0; i < oriented.NumGeometries; i++)
        {
            var polygon = (Polygon)oriented.GetGeometryN(i);
            Assert.True(Orientation.IsCCW(polygon.Shell.CoordinateSequence));
            Assert.All(polygon.Holes, h => Assert.False(Orientation.IsCCW(h.CoordinateSequence)));
        }
    }

    [Fact]
    public void GeometriesWithoutRingsAreLeftAsTheyAre()
    {
        var point = G("POINT (1 2)");
        Assert.Same(point, RingOrientation.CounterClockwise(point));
    }
}
