using DivideMapper.Data.Layers.Tiles;
using DivideMapper.Testing;

namespace DivideMapper.Data.Tests;

/// <summary>A tile's search box (TileAddress.LonLatBounds) is what PostGIS makes of the same buffered tile.</summary>
public sealed class TileBoundsTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(3, 4, 2)]
    [InlineData(14, 9867, 8250)]
    [InlineData(22, 2483000, 2097000)]
    public async Task TheBoxEqualsPostgisTransformOfTheBufferedTile(int z, int x, int y)
    {
        const double Margin = 64.0 / 4096;
        var box = new TileAddress(z, x, y).LonLatBounds(Margin);
        var reference = await _database.ScalarAsync<double[]>(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"""
            SELECT ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)]
            FROM ST_Transform(ST_TileEnvelope({z}, {x}, {y}, margin => {Margin}), 4326) b
            """));
        // PostGIS clamps the buffered envelope to the Mercator square; past it, only longitudes are clamped here.
        Assert.Equal(Math.Max(reference[0], -180), box.MinX, 1e-9);
        Assert.Equal(Math.Min(reference[2], 180), box.MaxX, 1e-9);
        if (reference[1] > -85.05) Assert.Equal(reference[1], box.MinY, 1e-9);
        else Assert.True(box.MinY <= reference[1]);
        if (reference[3] < 85.05) Assert.Equal(reference[3], box.MaxY, 1e-9);
        else Assert.True(box.MaxY >= reference[3]);
    }

    /// <summary>At the antimeridian PostGIS wraps the buffered edge to the other side of the world; the box stops at 180°.</summary>
    [Fact]
    public void TheBoxOfTheLastColumnStopsAtTheAntimeridian()
    {
        var box = new TileAddress(22, 4194303, 100).LonLatBounds(64.0 / 4096);
        Assert.Equal(180, box.MaxX);
        Assert.InRange(box.MinX, 179.9999, 180);
    }
}
