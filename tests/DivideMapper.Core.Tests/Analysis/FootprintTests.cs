using DivideMapper.Core.Analysis;
using DivideMapper.Core.Domain;
using static DivideMapper.Core.Tests.Fixture;

namespace DivideMapper.Core.Tests.Analysis;

/// <summary>Coverage shares and gap polygons: WKT in, numbers and WKT out (local metres near Nairobi).</summary>
public class FootprintTests
{
    private const string Square = "POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0))";
    private const double SquareArea = 1_000_000;

    // ProjNet's inverse Transverse Mercator returns points a few micrometres off, so a gap unprojected to 4326 and
    // projected back differs from the WKT by up to ~0.01 m² over a 1 km square.
    private const double MismatchTolerance = 0.05;

    [Fact]
    public void GapIsWholeSettlementWithoutCoverage()
    {
        var r = One(Input(Settlement(1, Square)));
        Assert.Equal(SquareArea, r.Row.AreaM2, 1e-3);
        Assert.Equal((0.0, 0.0, 0.0, 0.0), (r.Row.CoveredShare2G, r.Row.CoveredShare3G, r.Row.CoveredShare4G, r.Row.CoveredShare5G));
        Assert.Equal(1.0, r.Row.GapShare, 12);
        Assert.Equal(SquareArea, r.Row.GapAreaM2, 1e-3);
        Assert.True(Mismatch(r, Square) < MismatchTolerance);
        Assert.Equal(4326, r.Gap.SRID);
    }

    [Fact]
    public void FullCoverageLeavesAnEmptyGap()
    {
        var r = One(Input(Settlement(1, Square)) with
        {
            Coverage = [Coverage(10, Tech.G4, "POLYGON ((-50 -50, 1050 -50, 1050 1050, -50 1050, -50 -50))")],
        });
        Assert.Equal((1.0, 1.0, 1.0, 0.0), (r.Row.CoveredShare2G, r.Row.CoveredShare3G, r.Row.CoveredShare4G, r.Row.CoveredShare5G));
        Assert.Equal(0, r.Row.GapAreaM2);
        Assert.True(r.Gap.IsEmpty);
    }

    [Fact]
    public void PartialCoverageLeavesTheUncoveredHalf()
    {
        var r = One(Input(Settlement(1, Square)) with
        {
            Coverage = [Coverage(10, Tech.G4, "POLYGON ((-100 -100, 500 -100, 500 1100, -100 1100, -100 -100))")],
        });
        Assert.Equal(0.5, r.Row.CoveredShare4G, 9);
        Assert.Equal(0.5, r.Row.GapShare, 9);
        Assert.Equal(500_000, r.Row.GapAreaM2, 1e-2);
        Assert.True(Mismatch(r, "POLYGON ((500 0, 1000 0, 1000 1000, 500 1000, 500 0))") < MismatchTolerance);
    }

    [Fact]
    public void HoleInCoverageBecomesTheGap()
    {
        var r = One(Input(Settlement(1, Square)) with
        {
            Coverage = [Coverage(10, Tech.G4,
                "POLYGON ((-100 -100, 1100 -100, 1100 1100, -100 1100, -100 -100), (400 400, 600 400, 600 600, 400 600, 400 400))")],
        });
        Assert.Equal(40_000, r.Row.GapAreaM2, 1e-3);
        Assert.Equal(0.96, r.Row.CoveredShare4G, 9);
        Assert.True(Mismatch(r, "POLYGON ((400 400, 600 400, 600 600, 400 600, 400 400))") < MismatchTolerance);
    }

    [Fact]
    public void SettlementHoleIsNotPartOfItsAreaOrGap()
    {
        var r = One(Input(Settlement(1,
            "POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0), (250 250, 750 250, 750 750, 250 750, 250 250))")) with
        {
            Coverage = [Coverage(10, Tech.G4, "POLYGON ((-100 -100, 500 -100, 500 1100, -100 1100, -100 -100))")],
        });
        Assert.Equal(750_000, r.Row.AreaM2, 1e-3);
        Assert.Equal(375_000, r.Row.GapAreaM2, 1e-2);
        Assert.Equal(0.5, r.Row.GapShare, 9);
        Assert.True(Mismatch(r, "POLYGON ((500 0, 1000 0, 1000 1000, 500 1000, 500 750, 750 750, 750 250, 500 250, 500 0))") < MismatchTolerance);
    }

    [Fact]
    public void MultiPolygonSettlementCountsAllItsParts()
    {
        var r = One(Input(Settlement(1, "MULTIPOLYGON (((0 0, 100 0, 100 100, 0 100, 0 0)), ((300 0, 400 0, 400 100, 300 100, 300 0)))")) with
        {
            Coverage = [Coverage(10, Tech.G3, "POLYGON ((-10 -10, 200 -10, 200 200, -10 200, -10 -10))")],
        });
        Assert.Equal(20_000, r.Row.AreaM2, 1e-4);
        Assert.Equal(0.5, r.Row.CoveredShare3G, 9);
        Assert.Equal(0.0, r.Row.CoveredShare4G);
        Assert.Equal(20_000, r.Row.GapAreaM2, 1e-4); // target 4G: nothing covers
    }

    [Fact]
    public void SettlementStraddlingTwoCoveragePolygonsIsCoveredByTheirUnion()
    {
        var r = One(Input(Settlement(1, Square)) with
        {
            Coverage =
            [
                Coverage(10, Tech.G4, "POLYGON ((-100 -100, 600 -100, 600 1100, -100 1100, -100 -100))"),
                Coverage(11, Tech.G4, "POLYGON ((550 -100, 1100 -100, 1100 1100, 550 1100, 550 -100))"),
            ],
        });
        Assert.Equal(1.0, r.Row.CoveredShare4G, 9);
        Assert.True(r.Row.GapAreaM2 < 1e-3);
        Assert.Equal(2, r.Explain.Inputs.CoveragePieces);
    }

    [Fact]
    public void StripBetweenTwoCoveragePolygonsIsTheGap()
    {
        var r = One(Input(Settlement(1, Square)) with
        {
            Coverage =
            [
                Coverage(10, Tech.G4, "POLYGON ((-100 -100, 400 -100, 400 1100, -100 1100, -100 -100))"),
                Coverage(11, Tech.G4, "POLYGON ((600 -100, 1100 -100, 1100 1100, 600 1100, 600 -100))"),
            ],
        });
        Assert.Equal(0.2, r.Row.GapShare, 9);
        Assert.True(Mismatch(r, "POLYGON ((400 0, 600 0, 600 1000, 400 1000, 400 0))") < MismatchTolerance);
    }

    [Fact]
    public void SiteDiskExactlyTouchingTheSettlementCoversNothing()
    {
        var r = One(Input(Settlement(1, Square)) with { Sites = [Site(20, Tech.G4, 1200, 500, 200)] });
        Assert.True(r.Row.CoveredShare4G < 1e-9);
        Assert.Equal(1.0, r.Row.GapShare, 9);
        Assert.Equal(200, r.Row.NearestSiteM!.Value, 1e-4);
    }

    [Fact]
    public void SiteDiskInsideCoversItsPolygonArea()
    {
        var r = One(Input(Settlement(1, Square)) with { Sites = [Site(20, Tech.G4, 500, 500, 100)] });
        // The disk is a regular 128-gon (32 quadrant segments): area = n/2 · r² · sin(2π/n).
        double disk = 128 / 2.0 * 100 * 100 * Math.Sin(2 * Math.PI / 128);
        Assert.Equal(disk, SquareArea - r.Row.GapAreaM2, 1e-3);
        Assert.Equal(disk / SquareArea, r.Row.CoveredShare4G, 9);
        Assert.Equal(0, r.Row.NearestSiteM);
    }

    [Fact]
    public void SiteWithoutRangeUsesItsTechDefault()
    {
        // A 5G site's default range is 500 m: from the centre it covers the inscribed disk, not the corners.
        var r = One(Input(Settlement(1, Square)) with { Sites = [Site(20, Tech.G5, 500, 500, null)] });
        double disk = 128 / 2.0 * 500 * 500 * Math.Sin(2 * Math.PI / 128);
        Assert.Equal(disk / SquareArea, r.Row.CoveredShare5G, 9);
    }

    [Fact]
    public void BigDiskCoveringTheWholeSettlementIsDecidedWithoutOverlay()
    {
        var r = One(Input(Settlement(1, Square)) with { Sites = [Site(20, Tech.G2, 3000, 3000, null)] }); // 12 km 2G
        Assert.Equal(1.0, r.Row.CoveredShare2G);
        Assert.Equal(0.0, r.Row.CoveredShare3G);
        Assert.Equal(1, r.Explain.Inputs.SiteDisks);
    }

    [Fact]
    public void FiveGCoverageCountsForFourGAndBelow()
    {
        var r = One(Input(Settlement(1, Square)) with
        {
            Coverage = [Coverage(10, Tech.G5, "POLYGON ((-100 -100, 500 -100, 500 1100, -100 1100, -100 -100))")],
        });
        Assert.All(new[] { r.Row.CoveredShare2G, r.Row.CoveredShare3G, r.Row.CoveredShare4G, r.Row.CoveredShare5G },
            s => Assert.Equal(0.5, s, 9));
    }

    [Fact]
    public void LowerTechCoverageDoesNotCountForHigherTech()
    {
        var r = One(Input(Settlement(1, Square)) with
        {
            Coverage =
            [
                Coverage(10, Tech.G2, "POLYGON ((-100 -100, 1100 -100, 1100 1100, -100 1100, -100 -100))"),
                Coverage(11, Tech.G4, "POLYGON ((-100 -100, 250 -100, 250 1100, -100 1100, -100 -100))"),
            ],
        });
        Assert.Equal((1.0, 0.25, 0.25, 0.0), (r.Row.CoveredShare2G, Math.Round(r.Row.CoveredShare3G, 9), Math.Round(r.Row.CoveredShare4G, 9), r.Row.CoveredShare5G));
        Assert.Equal(GapClass.NoCoverage, r.Row.GapClass);
    }

    [Fact]
    public void FixedCoverageIsItsOwnFootprintNeverMobile()
    {
        var r = One(Input(Settlement(1, Square)) with
        {
            Coverage = [Coverage(10, Tech.Fixed, "POLYGON ((-100 -100, 1100 -100, 1100 1100, -100 1100, -100 -100))")],
        });
        Assert.Equal(1.0, r.Row.CoveredShareFixed);
        Assert.Equal((0.0, 0.0, 0.0, 0.0), (r.Row.CoveredShare2G, r.Row.CoveredShare3G, r.Row.CoveredShare4G, r.Row.CoveredShare5G));
        Assert.Equal(GapClass.NoCoverage, r.Row.GapClass); // the default profile targets 4G: fibre is not 4G
    }

    [Fact]
    public void FixedTargetIgnoresMobileCoverage()
    {
        var input = Input(Settlement(1, Square)) with
        {
            Profile = Core.Profiles.ProfileCatalog.Find("bead-100-20")!,
            Coverage =
            [
                Coverage(10, Tech.G5, "POLYGON ((-100 -100, 1100 -100, 1100 1100, -100 1100, -100 -100))"),
                Coverage(11, Tech.Fixed, "POLYGON ((-100 -100, 300 -100, 300 1100, -100 1100, -100 -100))"),
            ],
        };
        var r = One(input);
        Assert.Equal(1.0, r.Row.CoveredShare5G);
        Assert.Equal(0.3, r.Explain.Inputs.CoveredShareAtTarget, 9);
        Assert.Equal(0.7, r.Row.GapShare, 9);
    }

    [Fact]
    public void CityWideCoveragePolygonIsClippedLocally()
    {
        // A large, detailed operator polygon (prepared and clipped), with a notch cut into the settlement.
        var ring = Enumerable.Range(0, 2000).Select(i =>
        {
            double a = 2 * Math.PI * i / 2000;
            return $"{500 + 20_000 * Math.Cos(a)} {500 + 20_000 * Math.Sin(a)}";
        }).ToList();
        ring.Add(ring[0]);
        string wkt = $"POLYGON (({string.Join(", ", ring)}), (900 900, 1100 900, 1100 1100, 900 1100, 900 900))";
        var r = One(Input(Settlement(1, Square)) with { Coverage = [Coverage(10, Tech.G4, wkt)] });
        Assert.Equal(10_000, r.Row.GapAreaM2, 1e-3);
        Assert.True(Mismatch(r, "POLYGON ((900 900, 1000 900, 1000 1000, 900 1000, 900 900))") < MismatchTolerance);
    }

    [Fact]
    public void PieceNearTheSettlementWithoutOverlapLeavesSharesMonotonic()
    {
        // Found by GapProperties: a 2G rectangle inside the settlement's envelope but outside the settlement once
        // made covered_share_2g smaller than covered_share_3g in the last bits.
        var r = One(Input(Settlement(1,
            "POLYGON ((1067.114 594.902, 813.195 629.73, 700.431 597.757, 709.646 610.534, 835.364 727.059, 553.649 549.506, " +
            "408.878 644.699, 68.677 797.55, 317.944 596.394, 407.005 499.026, 371.859 -10.153, 486.497 242.354, 1067.114 594.902))")) with
        {
            Coverage =
            [
                Coverage(1, Tech.G5, "POLYGON ((106 895, 1158 895, 1158 1760, 106 1760, 106 895))"),
                Coverage(2, Tech.G2, "POLYGON ((-271 120, 264 120, 264 351, -271 351, -271 120))"),
                Coverage(3, Tech.G5, "POLYGON ((-135 -278, 807 -278, 807 89, -135 89, -135 -278))"),
            ],
        });
        Assert.True(r.Row.CoveredShare2G >= r.Row.CoveredShare3G);
        Assert.Equal(r.Row.CoveredShare5G, r.Row.CoveredShare2G);
    }
}
