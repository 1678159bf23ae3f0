using DivideMapper.Core.Analysis;

namespace DivideMapper.Core.Tests.Analysis;

public class WeightedMedianTests
{
    [Fact]
    public void OddCountOfEqualWeightsGivesTheMiddleValue() =>
        Assert.Equal(20, WeightedMedian.Lower([(30, 1), (10, 1), (20, 1)]));

    [Fact]
    public void EvenCountOfEqualWeightsGivesTheLowerMiddleValue() =>
        Assert.Equal(10, WeightedMedian.Lower([(20, 1), (10, 1)]));

    [Fact]
    public void HeavierValueWinsWhenItHoldsMoreThanHalfTheWeight() =>
        Assert.Equal(20, WeightedMedian.Lower([(10, 1), (20, 5)]));

    [Fact]
    public void CumulativeWeightExactlyHalfStopsAtThatValue()
    {
        // Sorted 1, 3, 5 with weights 1, 1, 2: total 4; cumulative at 3 is 2 = 4 / 2.
        Assert.Equal(3, WeightedMedian.Lower([(5, 2), (1, 1), (3, 1)]));
        Assert.Equal(10, WeightedMedian.Lower([(10, 3), (20, 3)]));
    }

    [Fact]
    public void ManyTestsOfASlowTileOutweighAFewFastOnes() =>
        Assert.Equal(2.5, WeightedMedian.Lower([(2.5, 120), (50, 40), (80, 30), (100, 10)]));

    [Fact]
    public void TiedValuesAreSummedTogether() =>
        Assert.Equal(7, WeightedMedian.Lower([(7, 2), (7, 2), (9, 3)]));

    [Fact]
    public void ZeroWeightsAndMissingValuesAreIgnored()
    {
        Assert.Equal(9, WeightedMedian.Lower([(1, 0), (9, 4), (double.NaN, 10), (2, -3)]));
        Assert.Null(WeightedMedian.Lower([(1, 0), (double.PositiveInfinity, 5)]));
        Assert.Null(WeightedMedian.Lower([]));
    }
}
