using System.Text.Json;
using DivideMapper.Testing;

namespace DivideMapper.Cli.Tests;

/// <summary><c>dm import … --clip-margin-m M | --no-clip</c>: a world-wide file imported for one city (DESIGN §7).</summary>
public sealed class ImportClipCommandTests : IAsyncLifetime, IDisposable
{
    private readonly PostgisDatabase _database = new();
    private readonly TempDir _dir = new();

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();
    public void Dispose() => _dir.Dispose();

    private Task<DmProcess.Result> Dm(params string[] args) => DmProcess.RunAsync(_database.ConnectionString, args);

    private static string Sample(string file) => Path.Combine(RepoPaths.Root, "sample-data", file);

    /// <summary>Three tiles' worth of points in the sample city (near 36.8 E, 1.3 S) and two on other continents.</summary>
    private string World()
    {
        var path = _dir.File("world_speed.csv");
        File.WriteAllText(path, "lon,lat,avg_d_kbps,tests,devices\n36.82,-1.29,9000,30,12\n36.83,-1.30,8000,25,11\n36.81,-1.28,7000,22,10\n-77.0,-12.0,5000,3,1\n151.2,-33.9,6000,4,2\n");
        return path;
    }

    [Fact]
    public async Task ImportCountsAndReportsTheRowsOutsideTheProjectArea()
    {
        Assert.Equal(0, (await Dm("import", Sample("settlements.geojson"), "--project", "clip", "--role", "settlements")).ExitCode);

        var text = await Dm("import", World(), "--project", "clip", "--role", "measurements", "--period", "2024Q1");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("3 measurements", text.StandardOutput);
        Assert.Contains("2 outside the project area (2000 m margin) not stored", text.StandardOutput);

        var json = await Dm("import", World(), "--project", "clip", "--role", "measurements", "--period", "2024Q1", "--json");
        using var report = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal(2, report.RootElement.GetProperty("outsideProjectArea").GetInt64());
        Assert.Equal(3, report.RootElement.GetProperty("features").GetInt32() - 2);
        Assert.Equal(3L, await _database.ScalarAsync<long>("SELECT count(*) FROM measurement"));
    }

    [Fact]
    public async Task NoClipKeepsEveryRowAndTheTwoOptionsTogetherAreAUsageError()
    {
        Assert.Equal(0, (await Dm("import", Sample("settlements.geojson"), "--project", "noclip", "--role", "settlements")).ExitCode);
        var both = await Dm("import", World(), "--project", "noclip", "--role", "measurements", "--no-clip", "--clip-margin-m", "10");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("not both", both.StandardError);
        Assert.Equal(2, (await Dm("import", World(), "--project", "noclip", "--role", "measurements", "--clip-margin-m", "-5")).ExitCode);

        var all = await Dm("import", World(), "--project", "noclip", "--role", "measurements", "--no-clip", "--json");
        Assert.Equal(0, all.ExitCode);
        using var report = JsonDocument.Parse(all.StandardOutput);
        Assert.Equal(0, report.RootElement.GetProperty("outsideProjectArea").GetInt64());
        Assert.Equal(5L, await _database.ScalarAsync<long>("SELECT count(*) FROM measurement"));
    }

    [Fact]
    public async Task AFileForAnotherPlaceExitsThreeAndStoresNothing()
    {
        Assert.Equal(0, (await Dm("import", Sample("settlements.geojson"), "--project", "away", "--role", "settlements")).ExitCode);
        var path = _dir.File("lima.csv");
        File.WriteAllText(path, "lon,lat,avg_d_kbps,tests\n-77.0,-12.0,5000,3\n");

        var result = await Dm("import", path, "--project", "away", "--role", "measurements", "--clip-margin-m", "50000");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("none of its features lies within the project area", result.StandardError);
        Assert.Contains("50000 m", result.StandardError);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM measurement"));
    }
}
