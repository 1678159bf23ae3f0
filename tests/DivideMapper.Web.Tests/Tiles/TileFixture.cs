using DivideMapper.Data.Access;
using DivideMapper.Data.Runs;
using Microsoft.AspNetCore.Hosting;

namespace DivideMapper.Web.Tests.Tiles;

/// <summary>The app with snapshots read on every request (so a new run shows at once), a public and a private sample city, one run each.</summary>
public sealed class TileFixture : IAsyncLifetime
{
    public const string PublicSlug = "tiles-open";
    public const string PrivateSlug = "tiles-closed";

    public TileFactory Factory { get; } = new();
    public long PublicRun { get; private set; }
    public long PrivateRun { get; private set; }

    /// <summary>The z14 tile over the middle of the sample city.</summary>
    public (int Z, int X, int Y) CityTile { get; private set; }

    public async Task InitializeAsync()
    {
        await Factory.InitializeAsync();
        await SampleProject.ImportAsync(Factory.Database, PublicSlug);
        await SampleProject.ImportAsync(Factory.Database, PrivateSlug, ProjectVisibility.Private);
        await using var dataSource = Factory.Database.CreateDataSource();
        PublicRun = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(PublicSlug), "test")).OrThrow().RunId;
        PrivateRun = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(PrivateSlug), "test")).OrThrow().RunId;
        var lon = await Factory.Database.ScalarAsync<double>("SELECT ST_X(ST_Centroid(ST_Extent(geom))) FROM settlement");
        var lat = await Factory.Database.ScalarAsync<double>("SELECT ST_Y(ST_Centroid(ST_Extent(geom))) FROM settlement");
        CityTile = TileOf(lon, lat, 14);
    }

    public static (int Z, int X, int Y) TileOf(double lon, double lat, int z)
    {
        var n = 1 << z;
        var x = (int)Math.Floor((lon + 180) / 360 * n);
        var rad = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(rad) + 1 / Math.Cos(rad)) / Math.PI) / 2 * n);
        return (z, x, y);
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)Factory).DisposeAsync();
}

public sealed class TileFactory : DivideMapperWebFactory
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Tiles:SnapshotSeconds", "0");
}
