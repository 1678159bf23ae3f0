using System.Text.Json;
using DivideMapper.Testing;

namespace DivideMapper.Cli.Tests;

public sealed class ListCommandTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task ProjectsOnAnEmptyDatabaseExitsZeroAndSaysHowToStart()
    {
        var result = await DmProcess.RunAsync(_database.ConnectionString, "projects");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No projects yet", result.StandardOutput);
    }

    [Fact]
    public async Task ProjectsJsonIsOneDocumentOnStdout()
    {
        await _database.ScalarAsync<int>("INSERT INTO project (slug, name) VALUES ('kibera', 'Kibera') RETURNING 1");

        var result = await DmProcess.RunAsync(_database.ConnectionString, "projects", "--json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.StandardOutput);
        var project = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("kibera", project.GetProperty("slug").GetString());
        Assert.Equal(10, project.GetProperty("minDevices").GetInt32());
    }

    [Fact]
    public async Task DatasetsOfAnUnknownProjectExitsNonZeroNamingIt()
    {
        var result = await DmProcess.RunAsync(_database.ConnectionString, "datasets", "--project", "atlantis");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("atlantis", result.StandardError);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task RunsWithoutTheProjectOptionIsAUsageError()
    {
        var result = await DmProcess.RunAsync(_database.ConnectionString, "runs");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--project", result.StandardError);
    }

    [Fact]
    public async Task AnUnreachableDatabaseIsAClearErrorNotACrash()
    {
        var result = await DmProcess.RunAsync("Host=127.0.0.1;Port=1;Username=postgres;Timeout=3", "projects");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("database is not available", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError); // no stack trace for a person to read
    }
}
