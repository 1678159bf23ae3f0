using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DivideMapper.Data.Access;
using DivideMapper.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DivideMapper.Web.Tests;

/// <summary>One import at a time, so an import job's hold on the slot shows.</summary>
public sealed class OneImportAtATimeFactory : DivideMapperWebFactory
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Import:MaxConcurrentImports", "1");
}

/// <summary>Import jobs and the import gate, and import jobs when the server shuts down.</summary>
public sealed class ImportJobLimitTests(OneImportAtATimeFactory factory) : IClassFixture<OneImportAtATimeFactory>
{
    private static HttpRequestMessage Upload(string slug, byte[] bytes, bool respondAsync = true)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{slug}/datasets?role=measurements")
        {
            Content = new MultipartFormDataContent { { file, "file", "speed.csv" } },
        };
        if (respondAsync) request.Headers.Add("Prefer", "respond-async");
        return request;
    }

    private static async Task<JsonObject> JobAsync(HttpClient client, string location) =>
        JsonNode.Parse(await client.GetStringAsync(location))!.AsObject();

    [Fact]
    public async Task ARunningImportJobHoldsItsSlotUntilItEnds()
    {
        var analyst = factory.CreateClient(AccessRole.Analyst);
        var big = await analyst.SendAsync(Upload("gate-a", SpeedPointsFile(200_000)));
        Assert.Equal(HttpStatusCode.Accepted, big.StatusCode);

        // 200,000 rows take seconds to import; meanwhile the one slot is the job's.
        var refused = await analyst.SendAsync(Upload("gate-b", SpeedPointsFile(10), respondAsync: false));
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Equal("busy", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());

        var location = big.Headers.Location!.ToString();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while ((string?)(await JobAsync(analyst, location))["status"] is not ("finished" or "failed") && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal("finished", (string?)(await JobAsync(analyst, location))["status"]);

        // Ended: the slot is free again.
        Assert.Equal(HttpStatusCode.Created, (await analyst.SendAsync(Upload("gate-b", SpeedPointsFile(10), respondAsync: false))).StatusCode);
    }

    [Fact]
    public async Task AServerThatStopsCancelsItsRunningImportAndStoresNothing()
    {
        // A second host on the same database, stopped mid-import.
        var server = factory.WithWebHostBuilder(_ => { });
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.CreateTokenAsync(AccessRole.Analyst));
        var jobs = server.Services.GetRequiredService<ImportJobs>();
        var response = await client.SendAsync(Upload("stopped", SpeedPointsFile(400_000)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((long)jobs.Find(id)!.ToJson()["rowsRead"]! == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);

        await server.DisposeAsync();

        var job = jobs.Find(id)!.ToJson();
        Assert.Equal("failed", (string?)job["status"]);
        Assert.Equal("interrupted", (string?)job["problem"]!["code"]);
        Assert.Equal(0L, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM project WHERE slug = 'stopped'"));
    }

    private static byte[] SpeedPointsFile(int rows) => ImportJobTests.SpeedPoints(rows);
}
