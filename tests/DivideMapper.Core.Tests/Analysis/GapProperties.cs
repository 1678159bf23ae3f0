using System.Globalization;
using DivideMapper.Core.Analysis;
using DivideMapper.Core.Domain;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Buffer;
using NetTopologySuite.Operation.Union;
using static DivideMapper.Core.Tests.Fixture;

namespace DivideMapper.Core.Tests.Analysis;

/// <summary>A random settlement (star-shaped polygon) with random coverage rectangles and site disks, in local metres.</summary>
public sealed record Scenario(string SettlementWkt, IReadOnlyList<(Tech Tech, string Wkt)> Coverage, IReadOnlyList<(Tech Tech, double X, double Y, double R)> Sites)
{
    public AnalysisInput ToInput(Tech target = Tech.G4) => Input(Settlement(1, SettlementWkt, population: 1000)) with
    {
        Coverage = [.. Coverage.Select((c, i) => Fixture.Coverage(100 + i, c.Tech, c.Wkt))],
        Sites = [.. Sites.Select((s, i) => Site(200 + i, s.Tech, s.X, s.Y, s.R))],
        Profile = Core.Profiles.ProfileCatalog.Default with { Id = "prop", TargetTech = target },
    };

    public override string ToString() =>
        $"S={SettlementWkt}; coverage=[{string.Join("; ", Coverage.Select(c => $"{c.Tech}:{c.Wkt}"))}]; " +
        $"sites=[{string.Join("; ", Sites.Select(s => $"{s.Tech}@({s.X},{s.Y}) r={s.R}"))}]";
}

public static class ScenarioArbitrary
{
    private static readonly Tech[] AllTechs = [Tech.G2, Tech.G3, Tech.G4, Tech.G5, Tech.Fixed];

    public static Arbitrary<Scenario> Scenarios() => Arb.From(
        from settlement in Star()
        from coverage in Gen.ListOf(Rectangle()).Resize(4)
        from sites in Gen.ListOf(Disk()).Resize(8)
        select new Scenario(settlement, [.. coverage], [.. sites]));

    // Vertices at distinct angles around (500, 500). Sorted by angle the ring is simple as long as no angular gap
    // reaches 180°; where one does, the centre itself becomes a vertex, which keeps the ring simple.
    private static Gen<string> Star() =>
        from count in Gen.Choose(3, 12)
        from angles in Gen.ListOf(Gen.Choose(0, 3599), count)
        from radii in Gen.ListOf(Gen.Choose(50, 600), count)
        select StarWkt(angles, radii);

    private static string StarWkt(IEnumerable<int> angles, IEnumerable<int> radii)
    {
        var a = angles.Distinct().Order().ToArray();
        var r = radii.ToArray();
        if (a.Length < 3) return "POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0))";
        var points = new List<string>();
        for (int i = 0; i < a.Length; i++)
        {
            double t = a[i] / 3600.0 * 2 * Math.PI;
            points.Add(string.Create(CultureInfo.InvariantCulture, $"{500 + r[i] * Math.Cos(t):0.###} {500 + r[i] * Math.Sin(t):0.###}"));
            int gap = ((i + 1 < a.Length ? a[i + 1] : a[0] + 3600) - a[i]);
            if (gap >= 1800) points.Add("500 500");
        }
        points.Add(points[0]);
        return $"POLYGON (({string.Join(", ", points)}))";
    }

    private static Gen<(Tech, string)> Rectangle() =>
        from tech in Gen.Elements(AllTechs)
        from x in Gen.Choose(-300, 1100)
        from y in Gen.Choose(-300, 1100)
        from w in Gen.Choose(20, 1200)
        from h in Gen.Choose(20, 1200)
        select (tech, $"POLYGON (({x} {y}, {x + w} {y}, {x + w} {y + h}, {x} {y + h}, {x} {y}))");

    private static Gen<(Tech, double, double, double)> Disk() =>
        from tech in Gen.Elements(AllTechs)
        from x in Gen.Choose(-500, 1500)
        from y in Gen.Choose(-500, 1500)
        from r in Gen.Choose(30, 900)
        select (tech, (double)x, (double)y, (double)r);
}

/// <summary>Invariants of the gap analysis on random inputs.</summary>
[Properties(Arbitrary = [typeof(ScenarioArbitrary)], MaxTest = 150)]
public class GapProperties
{
    private static readonly Tech[] Mobile = [Tech.G2, Tech.G3, Tech.G4, Tech.G5];

    [Property]
    public bool SharesStayBetweenZeroAndOne(Scenario scenario)
    {
        var result = GapAnalyzer.Analyze(scenario.ToInput());
        var row = Assert.Single(result.Settlements).Row;
        Assert.DoesNotContain(result.Problems, p => p.Id != 0); // the generator makes valid polygons only (run-level notes aside)
        return Mobile.All(t => row.CoveredShare(t) is >= 0 and <= 1) && row.GapShare is >= 0 and <= 1;
    }

    [Property]
    public bool CoveredSharesNeverIncreaseWithTech(Scenario scenario)
    {
        var row = One(scenario.ToInput()).Row;
        return row.CoveredShare2G >= row.CoveredShare3G && row.CoveredShare3G >= row.CoveredShare4G && row.CoveredShare4G >= row.CoveredShare5G;
    }

    /// <summary>
    /// The incremental per-settlement overlay agrees with the naive method: one global union of every piece of tech
    /// ≥ T, intersected with the settlement. Gap area + that covered area = settlement area.
    /// </summary>
    [Property]
    public Property GapAndIndependentlyCoveredAreaAddUpToTheSettlementArea(Scenario scenario)
    {
        var input = scenario.ToInput();
        var row = One(input).Row;
        var settlement = Utm.Project(input.Settlements[0].Geometry);
        var pieces = input.Coverage.Where(c => c.Tech.Serves(Tech.G4)).Select(c => Utm.Project(c.Geometry))
            .Concat(input.Sites.Where(s => s.Tech.Serves(Tech.G4)).Select(s => BufferOp.Buffer(Utm.Project(s.Geometry), s.RangeM!.Value, new BufferParameters(32))))
            .ToList();
        double covered = pieces.Count == 0 ? 0 : settlement.Intersection(UnaryUnionOp.Union(pieces)).Area;
        double error = Math.Abs(covered + row.GapAreaM2 - row.AreaM2) / row.AreaM2;
        return (error <= 1e-9).Label($"relative error {error:E2}: covered {covered}, gap {row.GapAreaM2}, area {row.AreaM2}");
    }

    [Property]
    public Property AddingCoverageNeverIncreasesTheGap(Scenario scenario, int x, int y, byte radius)
    {
        var before = One(scenario.ToInput()).Row;
        var more = scenario with { Sites = [.. scenario.Sites, (Tech.G4, x % 1500, y % 1500, 20 + radius * 3)] };
        var after = One(more.ToInput()).Row;
        return (after.GapAreaM2 <= before.GapAreaM2 + 1e-9 * before.AreaM2
                && Mobile.All(t => after.CoveredShare(t) >= before.CoveredShare(t) - 1e-9))
            .Label($"gap {before.GapAreaM2} → {after.GapAreaM2}");
    }

    [Property]
    public bool ScoreStaysBetweenZeroAndHundred(Scenario scenario)
    {
        var row = One(scenario.ToInput()).Row;
        return row.GapScore is >= 0 and <= 100 && row.Rank == 1;
    }
}
