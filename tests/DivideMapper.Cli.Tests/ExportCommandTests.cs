using System.Text.Json;
using DivideMapper.Testing;

namespace DivideMapper.Cli.Tests;

/// <summary><c>dm export</c> as a user runs it: the sample city imported and analysed, then exported.</summary>
public sealed class ExportCommandTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly TempDir _dir = new();
    private const string Project = "export-cli";

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await using var dataSource = _database.CreateDataSource();
        await SampleCityImport.ImportAsync(dataSource, Project);
        var analyzed = await DmProcess.RunAsync(_database.ConnectionString, "analyze", "--project", Project, "--profile", "giga-20");
        Assert.True(analyzed.ExitCode == 0, analyzed.StandardError);
    }

    public async Task DisposeAsync()
    {
        _dir.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TheLatestRunExportsAsAGeoPackageThatGdalOpensWithItsLicences()
    {
        var file = _dir.File("results.gpkg");
        var result = await DmProcess.RunAsync(_database.ConnectionString,
            "export", "--project", Project, "--run", "latest", "--layer", "results", "--format", "gpkg", "--out", file, "--json");

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var summary = JsonDocument.Parse(result.StandardOutput);
        var settlements = await _database.ScalarAsync<long>("SELECT count(*) FROM settlement");
        Assert.Equal(settlements, summary.RootElement.GetProperty("features").GetInt64());
        Assert.Equal(["CC0-1.0"], summary.RootElement.GetProperty("licences").EnumerateArray().Select(l => l.GetString()));
        var info = await GeoFiles.OgrInfoAsync("-so", file, "results");
        Assert.Contains($"Feature Count: {settlements}", info);
        Assert.Contains("LICENCE=CC0-1.0", info);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.partial")); // the temporary name is gone
    }

    [Fact]
    public async Task GeoJsonGoesToStdoutWithDashAsTheFile()
    {
        var result = await DmProcess.RunAsync(_database.ConnectionString, "export", "-p", Project, "--layer", "gaps", "-f", "geojson", "-o", "-");

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var collection = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("FeatureCollection", collection.RootElement.GetProperty("type").GetString());
        Assert.Equal(await _database.ScalarAsync<long>("SELECT count(*) FROM gap_area"), collection.RootElement.GetProperty("features").GetArrayLength());
        Assert.Equal("gaps", collection.RootElement.GetProperty("dividemapper").GetProperty("layer").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData(new[] { "--project", "atlantis", "--format", "csv" }, 4, "atlantis")]
    [InlineData(new[] { "--project", Project, "--run", "987654", "--format", "csv" }, 4, "987654")]
    [InlineData(new[] { "--project", Project, "--run", "first", "--format", "csv" }, 2, "latest")]
    [InlineData(new[] { "--project", Project, "--format", "kml" }, 2, "geojson|shp|gpkg|csv|fgb|parquet")]
    [InlineData(new[] { "--project", Project, "--layer", "coverage", "--format", "csv" }, 2, "results|gaps")]
    public async Task BadArgumentsExitNonZeroNamingTheProblemAndWriteNothing(string[] args, int exitCode, string named)
    {
        var file = _dir.File("out.csv.zip");
        var result = await DmProcess.RunAsync(_database.ConnectionString, ["export", .. args, "--out", file]);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(named, result.StandardError);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task AnOutputFolderThatDoesNotExistIsAClearFailure()
    {
        var result = await DmProcess.RunAsync(_database.ConnectionString,
            "export", "--project", Project, "--format", "csv", "--out", Path.Combine(_dir.Path, "missing", "x.csv.zip"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("could not write", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError); // a sentence, not a stack trace
    }
}
