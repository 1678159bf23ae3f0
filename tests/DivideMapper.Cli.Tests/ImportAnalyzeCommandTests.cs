using System.Text.Json;
using DivideMapper.Testing;

namespace DivideMapper.Cli.Tests;

/// <summary>The CLI end to end, as a user runs it: import the sample city, analyse, compare.</summary>
public sealed class ImportAnalyzeCommandTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    private Task<DmProcess.Result> Dm(params string[] args) => DmProcess.RunAsync(_database.ConnectionString, args);

    private static string Sample(string file) => Path.Combine(RepoPaths.Root, "sample-data", file);

    [Fact]
    public async Task ImportJsonPrintsTheReportAndStoresTheRows()
    {
        var result = await Dm("import", Sample("cell_sites.csv"), "--project", "cli", "--role", "sites", "--json");

        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(result.StandardOutput);
        Assert.True(report.RootElement.GetProperty("dataset").GetInt64() > 0);
        Assert.Equal("sites", report.RootElement.GetProperty("role").GetString());
        Assert.Equal(80, report.RootElement.GetProperty("features").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("rejected").GetInt32());
        Assert.Equal("opencellid-csv", report.RootElement.GetProperty("format").GetString());
        Assert.Equal(80L, await _database.ScalarAsync<long>("SELECT count(*) FROM site"));
    }

    [Fact]
    public async Task ABadFileExitsNonZeroNamingTheFeatureAndStoresNothing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"swapped-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "name,lat,lon\nA,36.82,-1.29\nB,136.8,-1.3\n");
        try
        {
            var result = await Dm("import", path, "--project", "cli-bad", "--role", "facilities", "--kind", "school");

            Assert.Equal(3, result.ExitCode);
            Assert.Contains("nothing was stored", result.StandardError);
            Assert.Contains("row", result.StandardError);
            Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM project"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AnUnknownRoleIsAUsageError()
    {
        var result = await Dm("import", Sample("cell_sites.csv"), "--project", "cli", "--role", "towers");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("towers", result.StandardError);
    }

    [Fact]
    public async Task AnalyzeJsonHasRunProfileSummaryAndEverySettlementWithItsExplanation()
    {
        foreach (var (role, file, period) in new[] { ("settlements", "settlements.geojson", ""), ("coverage", "coverage.zip", ""),
                     ("sites", "cell_sites.csv", ""), ("measurements", "speed_tiles_2024q1.csv", "2024Q1"), ("facilities", "facilities.gpkg", "") })
        {
            string[] args = period == "" ? ["import", Sample(file), "--project", "city", "--role", role]
                : ["import", Sample(file), "--project", "city", "--role", role, "--period", period];
            Assert.Equal(0, (await Dm(args)).ExitCode);
        }

        var result = await Dm("analyze", "--project", "city", "--profile", "giga-good-5", "--json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.StandardOutput);
        var root = doc.RootElement;
        Assert.Equal("finished", root.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal("giga-good-5", root.GetProperty("profile").GetProperty("id").GetString());
        Assert.True(root.GetProperty("summary").TryGetProperty("divide", out _));
        var settlements = root.GetProperty("settlements").EnumerateArray().ToList();
        Assert.Equal(25, settlements.Count);
        Assert.All(settlements, s =>
        {
            Assert.Equal("giga-good-5", s.GetProperty("profile").GetString());
            Assert.Contains(s.GetProperty("gap_class").GetString(), new[] { "no_coverage", "insufficient_evidence", "covered_slow", "served" });
            Assert.False(string.IsNullOrEmpty(s.GetProperty("explain").GetProperty("rule").GetString()));
        });

        var runs = await Dm("runs", "--project", "city", "--json");
        using var runList = JsonDocument.Parse(runs.StandardOutput);
        Assert.Single(runList.RootElement.EnumerateArray());

        // The progress line is for terminals only: stderr here is a pipe, with or without --json.
        var human = await Dm("analyze", "--project", "city", "--profile", "giga-good-5");
        Assert.Equal(0, human.ExitCode);
        Assert.DoesNotContain('\r', human.StandardError + result.StandardError);
        Assert.DoesNotContain("analyze: overlay", human.StandardError);
    }

    [Fact]
    public async Task AnalyzeAnUnknownProjectOrProfileFailsClearly()
    {
        var unknownProject = await Dm("analyze", "--project", "nowhere");
        Assert.Equal(4, unknownProject.ExitCode);
        Assert.Contains("nowhere", unknownProject.StandardError);

        Assert.Equal(0, (await Dm("import", Sample("settlements.geojson"), "--project", "p2", "--role", "settlements")).ExitCode);
        var unknownProfile = await Dm("analyze", "--project", "p2", "--profile", "fastest");
        Assert.Equal(3, unknownProfile.ExitCode);
        Assert.Contains("itu-umc-2030", unknownProfile.StandardError); // lists the built-in profiles
    }

    [Fact]
    public async Task ProfilesListsEveryBuiltInProfileWithItsSource()
    {
        var result = await Dm("profiles");
        Assert.Equal(0, result.ExitCode);
        foreach (var id in new[] { "itu-umc-2030", "fcc-25-3", "bead-100-20", "giga-good-5", "giga-20" })
            Assert.Contains(id, result.StandardOutput);
        Assert.Contains("Envoy on Technology", result.StandardOutput);
    }
}
