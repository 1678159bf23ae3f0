using DivideMapper.Formats.Writers;

namespace DivideMapper.Formats.Tests.Writers;

public class ShapefileFieldNamesTests
{
    [Fact]
    public void ResultColumnsMapToUniqueTenCharacterNames()
    {
        string[] columns =
        [
            "settlement_id", "name", "covered_share_2g", "covered_share_3g", "covered_share_4g", "covered_share_5g",
            "gap_area_m2", "gap_share", "gap_population", "median_down_mbps", "median_up_mbps", "median_latency_ms",
            "facilities", "facilities_unconnected",
        ];
        Assert.Equal(
        [
            "settlement", "name", "covered_sh", "covered__1", "covered__2", "covered__3",
            "gap_area_m", "gap_share", "gap_popula", "median_dow", "median_up_", "median_lat",
            "facilities", "faciliti_1",
        ], ShapefileFieldNames.Map(columns));
    }

    [Fact]
    public void NamesAreCleanedAndCollisionsAreCaseInsensitive()
    {
        Assert.Equal(["f2g_share", "name_fr", "name", "NAME_1", "field"], ShapefileFieldNames.Map(["2g share", "name-fr", "name", "NAME", " "]));
    }

    [Fact]
    public void MappingIsTheSameEveryTimeAndNamesAreShort()
    {
        var names = Enumerable.Range(0, 120).Select(i => $"a_very_long_column_name_{i}").ToArray();
        var mapped = ShapefileFieldNames.Map(names);
        Assert.Equal(mapped, ShapefileFieldNames.Map(names));
        Assert.All(mapped, n => Assert.InRange(n.Length, 1, 10));
        Assert.Equal(mapped.Count, mapped.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
