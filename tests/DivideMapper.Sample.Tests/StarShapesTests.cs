using DivideMapper.Sample;
using NetTopologySuite.Geometries;

namespace DivideMapper.Sample.Tests;

/// <summary>The irregular benchmark family (DESIGN §9): star settlements of 12–60 vertices, overlapping 33-point disks.</summary>
public class StarShapesTests
{
    private static readonly SampleCity Star = SampleCityGenerator.Generate(42, SampleSize.Small, SampleShapes.Star);

    [Fact]
    public void SettlementsAreValidStarsOf12To60Vertices()
    {
        Assert.All(Star.Settlements, s =>
        {
            var shell = ((Polygon)s.Geometry.GetGeometryN(0)).Shell;
            var vertices = shell.NumPoints - 1;
            Assert.InRange(vertices, 12, 60);
            Assert.True(vertices % 2 == 0, $"settlement {s.Id}: a star alternates tips and notches");
            Assert.True(s.Geometry.IsValid, $"settlement {s.Id} is not valid");
            // A star is far from convex: its hull is much larger than the outline.
            Assert.True(s.Geometry.ConvexHull().Area > 1.3 * s.Geometry.Area, $"settlement {s.Id} is nearly convex");
        });
        Assert.Contains(Star.Settlements, s => ((Polygon)s.Geometry.GetGeometryN(0)).Shell.NumPoints - 1 >= 40);
    }

    [Fact]
    public void CoverageDisksHave33PointsAndOverlapHeavily()
    {
        var star = Star.CoverageAreas().ToList();
        Assert.All(star, c => Assert.Equal(33, ((Polygon)c.Geometry.GetGeometryN(0)).Shell.NumPoints));
        // Every place inside the union lies, on average, under more than five disks.
        var overlap = Overlap(star);
        Assert.True(overlap > 5, $"coverage disks overlap {overlap:0.00}× on average");
    }

    [Fact]
    public void SameSeedGivesTheSameStarCity()
    {
        var again = SampleCityGenerator.Generate(42, SampleSize.Small, SampleShapes.Star);
        Assert.Equal(Star.Settlements.Select(s => s.Geometry.AsText()), again.Settlements.Select(s => s.Geometry.AsText()));
        Assert.Equal(Star.CoverageAreas().Select(c => c.Geometry.AsText()), again.CoverageAreas().Select(c => c.Geometry.AsText()));
    }

    [Theory]
    [InlineData("star", SampleShapes.Star)]
    [InlineData("Organic", SampleShapes.Organic)]
    public void NamesParse(string text, SampleShapes expected)
    {
        Assert.True(SampleShapeNames.TryParse(text, out var shapes));
        Assert.Equal(expected, shapes);
        Assert.False(SampleShapeNames.TryParse("round", out _));
    }

    /// <summary>Σ areas / area of the union (in degrees², fine for a ratio): 1 when nothing overlaps.</summary>
    private static double Overlap(IReadOnlyList<Core.Domain.CoverageArea> areas) =>
        areas.Sum(a => a.Geometry.Area) / NetTopologySuite.Operation.Union.CascadedPolygonUnion.Union(areas.Select(a => a.Geometry).ToList()).Area;
}
