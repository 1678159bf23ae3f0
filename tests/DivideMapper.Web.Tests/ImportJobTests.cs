using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DivideMapper.Data.Access;

namespace DivideMapper.Web.Tests;

/// <summary>Uploads as import jobs (Prefer: respond-async): 202, then polling GET /api/imports/{id} until the import has ended.</summary>
public sealed class ImportJobTests(DivideMapperWebFactory factory) : IClassFixture<DivideMapperWebFactory>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static HttpRequestMessage Upload(string slug, string role, string fileName, byte[] bytes, bool respondAsync = true)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{slug}/datasets?role={role}")
        {
            Content = new MultipartFormDataContent { { file, "file", fileName } },
        };
        if (respondAsync) request.Headers.Add("Prefer", "respond-async");
        return request;
    }

    /// <summary>A speed-point CSV of <paramref name="rows"/> rows near Nairobi, made here (deterministic).</summary>
    internal static byte[] SpeedPoints(int rows)
    {
        var csv = new StringBuilder("id,period,avg_d_kbps,avg_u_kbps,avg_lat_ms,tests,devices,lon,lat\n");
        for (var i = 1; i <= rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i},2024Q1,{5000 + i % 90000},{1000 + i % 20000},{10 + i % 90},{1 + i % 30},{1 + i % 9},")
                .Append(CultureInfo.InvariantCulture, $"{36.7 + (i % 1000) * 0.0002:0.######},{-1.35 + (i / 1000) * 0.0002:0.######}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>Polls the job until it has ended; every body seen, oldest first.</summary>
    private static async Task<List<JsonObject>> PollAsync(HttpClient client, string location)
    {
        var seen = new List<JsonObject>();
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var response = await client.GetAsync(location);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var job = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            seen.Add(job);
            if ((string?)job["status"] is "finished" or "failed") return seen;
            Assert.True(DateTime.UtcNow < deadline, $"import job still {job["status"]} after {Timeout}");
            await Task.Delay(15);
        }
    }

    [Fact]
    public async Task AnAsyncUploadAnswers202AndItsJobFinishesWithTheReportAndTheRowsStored()
    {
        const int rows = 60_000;
        var analyst = factory.CreateClient(AccessRole.Analyst);

        var response = await analyst.SendAsync(Upload("job-ok", "measurements", "speed.csv", SpeedPoints(rows)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("respond-async", response.Headers.GetValues("Preference-Applied").Single());
        var location = response.Headers.Location?.ToString();
        Assert.NotNull(location);
        Assert.Matches("^/api/imports/[A-Za-z0-9_-]{22}$", location);
        var accepted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(location, "/api/imports/" + (string?)accepted["id"]);
        Assert.Contains((string?)accepted["status"], new[] { "queued", "reading", "storing", "finished" });
        Assert.Equal("job-ok", (string?)accepted["project"]);
        Assert.Equal("measurements", (string?)accepted["role"]);
        Assert.Equal("speed.csv", (string?)accepted["file"]);

        var seen = await PollAsync(analyst, location);

        var job = seen[^1];
        Assert.True((string?)job["status"] == "finished", job.ToJsonString());
        // Progress never goes back and ends at 1; the rows counted never go back either.
        var figures = seen.Select(j => (double)j["progress"]!).ToList();
        Assert.All(figures.Zip(figures.Skip(1)), pair => Assert.True(pair.Second >= pair.First, $"progress went from {pair.First} to {pair.Second}"));
        Assert.All(figures, f => Assert.InRange(f, 0, 1));
        Assert.Equal(1.0, figures[^1]);
        var read = seen.Select(j => (long)j["rowsRead"]!).ToList();
        Assert.All(read.Zip(read.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
        Assert.Equal(rows, (long)job["rowsRead"]!);
        Assert.Equal(rows, (long)job["rowsStored"]!);
        Assert.NotNull((string?)job["startedAt"]);
        Assert.True(DateTimeOffset.Parse((string)job["finishedAt"]!, CultureInfo.InvariantCulture) >= DateTimeOffset.Parse((string)job["startedAt"]!, CultureInfo.InvariantCulture));

        // The report is the 201's body, and the dataset URL is the 201's Location.
        var report = job["report"]!.AsObject();
        var datasetId = (long)report["dataset"]!;
        Assert.Equal($"/api/projects/job-ok/datasets/{datasetId}", (string?)job["dataset"]);
        Assert.Equal(rows, (int)report["features"]!);
        Assert.Equal(rows, (int)report["imported"]!);
        Assert.Equal("measurements", (string?)report["role"]);
        Assert.Equal(rows, await factory.Database.ScalarAsync<long>($"SELECT count(*) FROM measurement WHERE dataset_id = {datasetId}"));
        Assert.Equal(rows, await factory.Database.ScalarAsync<int>($"SELECT feature_count FROM dataset WHERE id = {datasetId}"));
    }

    [Fact]
    public async Task ABadFileIsPolledToFailedWithTheProblemTheSynchronousUploadGives()
    {
        var swapped = Encoding.UTF8.GetBytes("name,kind,lat,lon\nA,school,-1.29,36.82\nB,school,136.8,-1.3\n");
        var analyst = factory.CreateClient(AccessRole.Analyst);

        var response = await analyst.SendAsync(Upload("job-bad", "facilities", "schools.csv", swapped));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await PollAsync(analyst, response.Headers.Location!.ToString()))[^1];

        Assert.Equal("failed", (string?)job["status"]);
        Assert.Equal("failed", (string?)job["phase"]);
        Assert.Null(job["report"]);
        Assert.NotNull(job["finishedAt"]);
        var problem = job["problem"]!.AsObject();
        Assert.Equal(422, (int)problem["status"]!);
        Assert.Equal("invalid-file", (string?)problem["code"]);
        var perFeature = problem["problems"]!.AsArray().Single()!;
        Assert.True(perFeature["feature"] is not null, problem.ToJsonString());
        Assert.Equal(2, (int)perFeature["feature"]!);
        Assert.Contains("schools.csv", (string?)perFeature["message"]);

        // The same file without the preference: the 422's document has the same members and per-feature problems.
        var sync = await analyst.SendAsync(Upload("job-bad", "facilities", "schools.csv", swapped, respondAsync: false));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, sync.StatusCode);
        var direct = JsonNode.Parse(await sync.Content.ReadAsStringAsync())!.AsObject();
        foreach (var member in new[] { "type", "title", "status", "detail", "code", "problems", "report" })
            Assert.True(JsonNode.DeepEquals(direct[member], problem[member]), $"{member}: {direct[member]?.ToJsonString()} vs {problem[member]?.ToJsonString()}");
        Assert.NotNull((string?)problem["traceId"]);
        Assert.Equal(0L, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM project WHERE slug = 'job-bad'"));
    }

    [Fact]
    public async Task OnlyTheKeyThatStartedAJobOrAnAdminMayReadIt()
    {
        var analyst = factory.CreateClient(AccessRole.Analyst);
        var response = await analyst.SendAsync(Upload("job-mine", "measurements", "speed.csv", SpeedPoints(100)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        await PollAsync(analyst, location);

        var otherAnalyst = factory.CreateClient();
        otherAnalyst.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.CreateTokenAsync(AccessRole.Analyst));
        var theirs = await otherAnalyst.GetAsync(location);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal("application/problem+json", theirs.Content.Headers.ContentType?.MediaType);
        using (var body = JsonDocument.Parse(await theirs.Content.ReadAsStringAsync()))
            Assert.Equal("unknown-import", body.RootElement.GetProperty("code").GetString());
        // Exactly as an id that was never given out.
        var unknown = await otherAnalyst.GetAsync("/api/imports/AAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient(AccessRole.Admin).GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.CreateClient(AccessRole.Viewer).GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync(location)).StatusCode);
    }

    [Fact]
    public async Task WithoutThePreferenceAnUploadStillAnswers201()
    {
        var response = await factory.CreateClient(AccessRole.Analyst).SendAsync(Upload("job-sync", "measurements", "speed.csv", SpeedPoints(50), respondAsync: false));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("Preference-Applied"));
        Assert.StartsWith("/api/projects/job-sync/datasets/", response.Headers.Location?.ToString());
    }
}
