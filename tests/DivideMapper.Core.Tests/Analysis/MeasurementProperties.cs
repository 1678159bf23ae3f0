using DivideMapper.Core.Analysis;
using DivideMapper.Core.Domain;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static DivideMapper.Core.Tests.Fixture;

namespace DivideMapper.Core.Tests.Analysis;

/// <summary>A settlement (0–1000 m square) fully 4G-covered, and random square tiles near it.</summary>
public sealed record TileScenario(IReadOnlyList<(int X, int Y, int Size, int DownMbps, int Tests, int Devices)> Tiles)
{
    public const string Square = "POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0))";

    public static Measurement Tile(long id, int x, int y, int size, int downMbps, int tests, int devices) =>
        new(id, "2024Q1", downMbps * 1000.0, 2000, 40, tests, devices, null,
            Fixture.Geo($"POLYGON (({x} {y}, {x + size} {y}, {x + size} {y + size}, {x} {y + size}, {x} {y}))"), Network.Mobile);

    public IEnumerable<Measurement> Measurements() => Tiles.Select((t, i) => Tile(i + 1, t.X, t.Y, t.Size, t.DownMbps, t.Tests, t.Devices));

    public static AnalysisInput Input(IEnumerable<Measurement> measurements) => Fixture.Input(Settlement(1, Square, population: 1000)) with
    {
        Coverage = [Coverage(9, Tech.G4, "POLYGON ((-2000 -2000, 3000 -2000, 3000 3000, -2000 3000, -2000 -2000))")],
        Measurements = [.. measurements],
        Profile = Core.Profiles.ProfileCatalog.Find("giga-20")!,
        PrivacyFloor = new PrivacyFloor(0, 0), // the properties are about the weighting; the floor has its own tests
        Period = "2024Q1",
    };

    public override string ToString() => string.Join("; ", Tiles.Select(t => $"({t.X},{t.Y}) {t.Size} m {t.DownMbps} Mb/s ×{t.Tests}/{t.Devices}"));
}

public static class TileArbitrary
{
    public static Arbitrary<TileScenario> Scenarios() => Arb.From(
        from tiles in Gen.ListOf(
            from x in Gen.Choose(-600, 1000)
            from y in Gen.Choose(-600, 1000)
            from size in Gen.Choose(100, 700)
            from down in Gen.Choose(1, 200)
            from tests in Gen.Choose(1, 60)
            from devices in Gen.Choose(1, 30)
            select (x, y, size, down, tests, devices)).Resize(6)
        select new TileScenario([.. tiles]));
}

/// <summary>Invariants of the tile weighting (DESIGN §5.4).</summary>
[Properties(Arbitrary = [typeof(TileArbitrary)], MaxTest = 100)]
public class MeasurementProperties
{
    private static SettlementRow Row(IEnumerable<Measurement> measurements) =>
        Assert.Single(GapAnalyzer.Analyze(TileScenario.Input(measurements)).Settlements).Row;

    [Property]
    public bool ATileThatDoesNotTouchTheSettlementChangesNothing(TileScenario scenario)
    {
        var before = Row(scenario.Measurements());
        var far = TileScenario.Tile(99, 1500, 1500, 600, 500, 1000, 500); // 500 m beyond the settlement's corner
        var after = Row(scenario.Measurements().Append(far));
        return before == after;
    }

    [Property]
    public Property SplittingATilesTestsAcrossTwoIdenticalTilesChangesNoMedian(TileScenario scenario)
    {
        var tiles = scenario.Measurements().ToList();
        if (tiles.Count == 0 || tiles[0].Tests < 2) return true.ToProperty();
        var first = tiles[0];
        int half = first.Tests / 2;
        var split = tiles.Skip(1)
            .Append(first with { Tests = half, Devices = first.Devices / 2 })
            .Append(first with { Id = 98, Tests = first.Tests - half, Devices = first.Devices - first.Devices / 2 })
            .ToList();
        var a = Row(tiles);
        var b = Row(split);
        return ((a.MedianDownMbps, a.MedianUpMbps, a.MedianLatencyMs) == (b.MedianDownMbps, b.MedianUpMbps, b.MedianLatencyMs))
            .Label($"before {a.MedianDownMbps}/{a.MedianUpMbps}/{a.MedianLatencyMs} ({a.Tests}), after {b.MedianDownMbps}/{b.MedianUpMbps}/{b.MedianLatencyMs} ({b.Tests})");
    }
}
