using System.Net;
using System.Net.Http.Json;
using DivideMapper.Data.Embedded;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace DivideMapper.Web.Tests;

/// <summary>
/// A PostgreSQL restart under a running server (docs/reliability.md): while the database is down every request
/// answers 503 with a problem document (never 500, the process stays up); once it is back, reads and writes work again
/// without restarting the app. Uses a cluster of its own, since stopping the shared test cluster would stop every test.
/// </summary>
public sealed class DatabaseRestartTests : IAsyncLifetime
{
    private readonly TempDir _dataDir = new("dm-restart-");
    private readonly string _adminKey = Path.Combine(Path.GetTempPath(), $"dm-restart-admin-{Guid.NewGuid():N}.key");
    private EmbeddedPostgres _cluster = null!;

    public Task InitializeAsync()
    {
        // The cluster owner (postgres, when we are root) must be able to reach the folder.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_dataDir.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        _cluster = new EmbeddedPostgres(_dataDir.Path, FreePort.Next());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAsync();
        NpgsqlConnection.ClearAllPools();
        File.Delete(_adminKey);
        _dataDir.Dispose();
    }

    [Fact]
    public async Task TheServerAnswers503WhileTheDatabaseRestartsAndRecoversWithoutARestart()
    {
        var connectionString = await _cluster.EnsureStartedAsync();
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Database:ConnectionString", connectionString);
            b.UseSetting("Access:AdminKeyFile", _adminKey);
            b.UseSetting("RateLimits:Enabled", "false");
            b.UseEnvironment("Testing");
        });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(_adminKey)).Trim());
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/projects", new { slug = "before" })).StatusCode);

        await _cluster.StopAsync();

        foreach (var path in new[] { "/health", "/api/projects", "/api/projects/before" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path} answered {(int)response.StatusCode} with the database down");
            if (path == "/health") continue;
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.RetryAfter is not null, $"{path}: a 503 says when to retry");
        }
        // Anonymous: no key to check, so the first query is an EF Core one, whose execution strategy wraps the
        // connection failure in an InvalidOperationException ("likely due to a transient failure"): still a 503.
        using var anonymous = app.CreateClient();
        foreach (var path in new[] { "/api/projects", "/api/runs/1" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"anonymous {path} answered {(int)response.StatusCode} with the database down");
            Assert.True(response.Headers.RetryAfter is not null, $"anonymous {path}: a 503 says when to retry");
        }
        var write = await client.PostAsJsonAsync("/api/projects", new { slug = "during" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);

        await _cluster.EnsureStartedAsync();

        // The pool's connections died with the server; Npgsql drops them as they fail, so allow a few answers to settle.
        var healthy = false;
        for (var i = 0; i < 60 && !healthy; i++)
        {
            healthy = (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK
                      && (await client.GetAsync("/api/projects/before")).StatusCode == HttpStatusCode.OK;
            if (!healthy) await Task.Delay(250);
        }
        Assert.True(healthy, "the server did not recover after the database came back");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/projects", new { slug = "after" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/projects/during")).StatusCode);
    }
}
