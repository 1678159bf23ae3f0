using DivideMapper.Data.Access;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DivideMapper.Web.Tests;

public sealed class RunEndpointTests(DivideMapperWebFactory factory) : IClassFixture<DivideMapperWebFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => SampleProject.ImportAsync(factory.Database, "runs");
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<JsonElement> CreateRunAsync(object body) => RunApi.CreateFinishedAsync(factory.CreateClient(AccessRole.Analyst), "runs", body);

    [Fact]
    public async Task ARunIsCreatedWithItsProfileSnapshotAndEverySettlementHasTheResultColumns()
    {
        var run = await CreateRunAsync(new { profile = "giga-20" });
        var id = run.GetProperty("id").GetInt64();

        Assert.Equal("finished", run.GetProperty("status").GetString());
        Assert.Equal("giga-20", run.GetProperty("profile").GetProperty("id").GetString());
        Assert.Equal(8, run.GetProperty("datasetIds").GetArrayLength()); // sample-data/load.txt: 8 files
        Assert.Equal(32737, run.GetProperty("metricSrid").GetInt32());

        using var page = JsonDocument.Parse(await factory.CreateClient(AccessRole.Analyst).GetStringAsync($"/api/runs/{id}/settlements"));
        Assert.Equal(25, page.RootElement.GetProperty("numberMatched").GetInt32());
        var rows = page.RootElement.GetProperty("settlements").EnumerateArray().ToList();
        Assert.Equal(25, rows.Count);
        foreach (var column in DivideMapper.Data.Queries.ResultColumns.Names)
            Assert.True(rows[0].TryGetProperty(column, out _), $"missing column {column}");
        Assert.Equal(Enumerable.Range(1, 25), rows.Select(r => r.GetProperty("rank").GetInt32()));
        Assert.All(rows, r => Assert.Equal("giga-20", r.GetProperty("profile").GetString()));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("explain").GetProperty("reason").GetString())));
    }

    [Fact]
    public async Task SuppressedRowsNeverCarryMediansOrCounts()
    {
        var id = (await CreateRunAsync(new { profile = "giga-20" })).GetProperty("id").GetInt64();
        using var page = JsonDocument.Parse(await factory.CreateClient(AccessRole.Analyst).GetStringAsync($"/api/runs/{id}/settlements"));
        var suppressed = page.RootElement.GetProperty("settlements").EnumerateArray().Where(r => r.GetProperty("suppressed").GetBoolean()).ToList();

        Assert.NotEmpty(suppressed); // the sample city has tiles below the privacy floor
        Assert.All(suppressed, r =>
        {
            Assert.Equal(JsonValueKind.Null, r.GetProperty("median_down_mbps").ValueKind);
            Assert.Equal(JsonValueKind.Null, r.GetProperty("median_up_mbps").ValueKind);
            Assert.Equal(JsonValueKind.Null, r.GetProperty("median_latency_ms").ValueKind);
            Assert.Equal(JsonValueKind.Null, r.GetProperty("tests").ValueKind);
            Assert.Equal(JsonValueKind.Null, r.GetProperty("devices").ValueKind);
            Assert.Equal(JsonValueKind.Null, r.GetProperty("explain").GetProperty("inputs").GetProperty("tests").ValueKind);
        });
    }

    [Fact]
    public async Task SettlementsAndGapsAreServedAsGeoJson()
    {
        var id = (await CreateRunAsync(new { profile = "giga-20" })).GetProperty("id").GetInt64(); // a run with a period and medians
        var client = factory.CreateClient(AccessRole.Analyst);

        var settlements = await client.GetAsync($"/api/runs/{id}/settlements?f=geojson");
        Assert.Equal("application/geo+json", settlements.Content.Headers.ContentType?.MediaType);
        using var fc = JsonDocument.Parse(await settlements.Content.ReadAsStringAsync());
        var features = fc.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(25, features.Count);
        Assert.Equal("MultiPolygon", features[0].GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(1, features[0].GetProperty("properties").GetProperty("rank").GetInt32());

        using var gaps = JsonDocument.Parse(await client.GetStringAsync($"/api/runs/{id}/gaps"));
        var gapFeatures = gaps.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.NotEmpty(gapFeatures);
        Assert.All(gapFeatures, g => Assert.True(g.GetProperty("properties").GetProperty("gap_area_m2").GetDouble() > 0));
    }

    [Fact]
    public async Task TwoQuartersCanBeCompared()
    {
        // giga-20 judges mobile tests, which the sample's tiles are.
        var q1 = (await CreateRunAsync(new { profile = "giga-20", period = "2024Q1" })).GetProperty("id").GetInt64();
        var q3 = (await CreateRunAsync(new { profile = "giga-20", period = "2024Q3" })).GetProperty("id").GetInt64();

        using var comparison = JsonDocument.Parse(await factory.CreateClient(AccessRole.Analyst).GetStringAsync($"/api/runs/{q3}/compare?base={q1}"));
        var summary = comparison.RootElement.GetProperty("summary");
        Assert.Equal(25, summary.GetProperty("matched").GetInt32());
        var deltas = comparison.RootElement.GetProperty("settlements").EnumerateArray().ToList();
        Assert.Equal(25, deltas.Count);
        Assert.Contains(deltas, d => d.GetProperty("medianDownMbpsDelta").ValueKind == JsonValueKind.Number
                                     && d.GetProperty("medianDownMbpsDelta").GetDouble() != 0);
        Assert.All(deltas, d => Assert.Contains(d.GetProperty("classChange").GetString(), new[] { "unchanged", "improved", "worsened", "evidence_changed" }));
        // Same profile, method and floor: no caveats; the two periods are named.
        Assert.Empty(summary.GetProperty("caveats").EnumerateArray());
        Assert.Equal(("2024Q1", "2024Q3"), (summary.GetProperty("baselinePeriod").GetString(), summary.GetProperty("currentPeriod").GetString()));
        // A withheld median never yields a delta.
        var rows = JsonDocument.Parse(await factory.CreateClient(AccessRole.Analyst).GetStringAsync($"/api/runs/{q3}/settlements")).RootElement.GetProperty("settlements");
        foreach (var row in rows.EnumerateArray().Where(r => r.GetProperty("suppressed").GetBoolean()))
        {
            Assert.Equal(JsonValueKind.Null, row.GetProperty("tests").ValueKind);
            Assert.Equal(JsonValueKind.Null, row.GetProperty("devices").ValueKind);
            Assert.Equal(JsonValueKind.Null, row.GetProperty("explain").GetProperty("inputs").GetProperty("measurementList").ValueKind);
            var delta = deltas.Single(d => d.GetProperty("settlementId").GetInt64() == row.GetProperty("settlement_id").GetInt64());
            Assert.Equal(JsonValueKind.Null, delta.GetProperty("medianDownMbpsDelta").ValueKind);
        }
    }

    [Fact]
    public async Task ComparingRunsOfDifferentProfilesIsFlagged()
    {
        var a = (await CreateRunAsync(new { profile = "giga-20", period = "2024Q3" })).GetProperty("id").GetInt64();
        var b = (await CreateRunAsync(new { profile = "fcc-100-20", period = "2024Q3" })).GetProperty("id").GetInt64();
        using var comparison = JsonDocument.Parse(await factory.CreateClient(AccessRole.Analyst).GetStringAsync($"/api/runs/{b}/compare?base={a}"));
        var caveats = comparison.RootElement.GetProperty("summary").GetProperty("caveats").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("profiles-differ", caveats);
        Assert.Contains("networks-differ", caveats);
        Assert.All(comparison.RootElement.GetProperty("settlements").EnumerateArray(),
            d => Assert.Equal(JsonValueKind.Null, d.GetProperty("gapScoreDelta").ValueKind));
    }

    [Theory]
    [InlineData("/api/projects/nowhere/runs", "{}", 404, "unknown-project")]
    [InlineData("/api/projects/runs/runs", "{\"profile\":\"no-such-profile\"}", 400, "unknown-profile")]
    [InlineData("/api/projects/runs/runs", "{\"customProfile\":{\"id\":\"x\"}}", 400, "invalid-profile")]
    public async Task RunRequestsThatCannotStartAreProblems(string url, string body, int status, string code)
    {
        var response = await factory.CreateClient(AccessRole.Analyst).PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, (int)response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AProjectWithoutSettlementsCannotBeAnalysed()
    {
        var client = factory.CreateClient(AccessRole.Analyst);
        await client.PostAsJsonAsync("/api/projects", new { slug = "empty" });
        var response = await client.PostAsJsonAsync("/api/projects/empty/runs", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task UnknownRunIs404AndBadPagingIs400()
    {
        var client = factory.CreateClient(AccessRole.Analyst);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/runs/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/runs/999999/settlements")).StatusCode);
        var id = (await CreateRunAsync(new { })).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/runs/{id}/settlements?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/runs/{id}/compare")).StatusCode);
    }

    [Fact]
    public async Task ProfilesAreListedWithTheirSources()
    {
        using var profiles = JsonDocument.Parse(await factory.CreateClient(AccessRole.Analyst).GetStringAsync("/api/profiles"));
        var ids = profiles.RootElement.EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Equal(new[] { "itu-umc-2030", "fcc-100-20", "fcc-25-3", "bead-100-20", "giga-good-5", "giga-20" }, ids);
        Assert.All(profiles.RootElement.EnumerateArray(), p => Assert.Contains(p.GetProperty("network").GetString(), new[] { "fixed", "mobile" }));
        Assert.All(profiles.RootElement.EnumerateArray(), p => Assert.False(string.IsNullOrEmpty(p.GetProperty("source").GetProperty("citation").GetString())));
        Assert.Single(profiles.RootElement.EnumerateArray(), p => p.GetProperty("default").GetBoolean());
    }
}
