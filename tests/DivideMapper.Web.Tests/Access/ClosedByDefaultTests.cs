using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DivideMapper.Data.Access;
using DivideMapper.Web.Hosting;
using Microsoft.AspNetCore.Hosting;

namespace DivideMapper.Web.Tests.Access;

/// <summary>AllowedHosts, CORS, security headers, rate limits and concurrency bounds (DESIGN §8).</summary>
public sealed class ClosedByDefaultTests(DivideMapperWebFactory factory) : IClassFixture<DivideMapperWebFactory>
{
    [Fact]
    public async Task AForeignHostHeaderIsRefused()
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/projects");
        request.Headers.Host = "rebind.attacker.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/projects")).StatusCode); // localhost
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:5080", new[] { "localhost", "127.0.0.1", "[::1]" })]
    [InlineData(null, "http://maps.city.example:80;http://0.0.0.0:5080", new[] { "localhost", "127.0.0.1", "[::1]", "maps.city.example" })]
    [InlineData("*", "http://[::]:5080", new[] { "localhost", "127.0.0.1", "[::1]" })]
    [InlineData("maps.city.example", "http://0.0.0.0:5080", new[] { "maps.city.example" })]
    public void AllowedHostsComeFromTheServedUrls(string? configured, string urls, string[] expected) =>
        Assert.Equal(expected, ServedHosts.Resolve(configured, urls));

    [Fact]
    public async Task AnswersCarryTheSecurityHeadersAndNoCorsGrant()
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/projects");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        var preflight = await client.SendAsync(request);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));

        var page = await client.GetAsync("/api/profiles");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task TheApiReferencePageHasNoInlineScript()
    {
        var html = await factory.CreateClient().GetStringAsync("/docs/");
        Assert.DoesNotContain("<script type=\"module\">", html);
        Assert.Contains("/docs/dm-init.js", html);
        var init = await factory.CreateClient().GetStringAsync("/docs/dm-init.js");
        Assert.Contains("initialize", init);
        Assert.DoesNotContain("https://", html + init);
    }

    [Fact]
    public async Task TooManyWritesGet429WithRetryAfter()
    {
        await using var limited = new LimitedFactory();
        await limited.InitializeAsync();
        var client = limited.CreateClient(AccessRole.Analyst);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await client.PostAsJsonAsync("/api/projects", new { slug = $"limited-{i}" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response;
        }
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("too-many-requests", body.RootElement.GetProperty("code").GetString());
        // Reads have their own budget.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/projects")).StatusCode);
        await ((IAsyncLifetime)limited).DisposeAsync();
    }

    [Fact]
    public async Task RunsOfAProjectWaitForItsRunLockAndTheQueueIsBoundedWith409AndRetryAfter()
    {
        await SampleProject.ImportAsync(factory.Database, "one-at-a-time");
        var projectId = await factory.Database.ScalarAsync<long>("SELECT id FROM project WHERE slug = 'one-at-a-time'");
        var client = factory.CreateClient(AccessRole.Analyst);
        await using var dataSource = factory.Database.CreateDataSource();
        string first, second;
        // Another process (a dm analyze) holds the project's run lock: runs queue behind it, up to the bound.
        await using (var held = await Data.Runs.ProjectRunLock.TryAcquireAsync(dataSource, projectId))
        {
            Assert.NotNull(held);
            var accepted = new List<string>();
            for (int i = 0; i < Data.Runs.AnalysisRunner.MaxPendingPerProject; i++)
            {
                var response = await RunApi.PostAsync(client, "one-at-a-time", new { });
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                accepted.Add(response.Headers.Location!.ToString());
            }
            var refused = await RunApi.PostAsync(client, "one-at-a-time", new { });
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal("run-in-progress", body.RootElement.GetProperty("code").GetString());
            await Task.Delay(RunWorker.PollInterval * 1.5);
            using var waiting = JsonDocument.Parse(await client.GetStringAsync(accepted[0]));
            Assert.Equal("queued", waiting.RootElement.GetProperty("status").GetString());
            (first, second) = (accepted[0], accepted[1]);
            // Keep two: cancel the rest (queued runs are cancelled at once).
            foreach (var location in accepted.Skip(2))
                Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(location + "/cancel", null)).StatusCode);
        }
        // The lock released, the worker runs them, one after the other.
        foreach (var location in new[] { first, second })
            Assert.Equal("finished", (await RunApi.WaitUntilEndedAsync(client, location)).GetProperty("status").GetString());
        // Never two at once: no finished run started before an earlier one had finished.
        Assert.Equal(0L, await factory.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM run WHERE project_id = {projectId} AND status = 'finished' AND started_at < (SELECT max(finished_at) FROM run r2 WHERE r2.project_id = {projectId} AND r2.id < run.id AND r2.status = 'finished')"));
    }

    private sealed class LimitedFactory : DivideMapperWebFactory
    {
        protected override void Configure(IWebHostBuilder builder)
        {
            builder.UseSetting("RateLimits:Enabled", "true");
            builder.UseSetting("RateLimits:WritesPerMinute", "3");
        }
    }
}
