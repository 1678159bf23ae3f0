using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DivideMapper.Web.Tests;

/// <summary>Starting runs as a client does: POST (202 and a Location), then poll the run until it has ended.</summary>
public static class RunApi
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>POSTs a run, optionally with <c>Prefer: wait=N</c>.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string slug, object body, int? waitSeconds = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{slug}/runs") { Content = JsonContent.Create(body) };
        if (waitSeconds is { } wait) request.Headers.Add("Prefer", $"wait={wait}");
        return client.SendAsync(request);
    }

    /// <summary>A run started with 202 and polled until it ended; asserts it finished and returns its body.</summary>
    public static async Task<JsonElement> CreateFinishedAsync(HttpClient client, string slug, object body)
    {
        var response = await PostAsync(client, slug, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location?.ToString();
        Assert.NotNull(location);
        var run = await WaitUntilEndedAsync(client, location);
        Assert.True(run.GetProperty("status").GetString() == "finished", $"run ended {run}");
        return run;
    }

    /// <summary>Polls GET <paramref name="location"/> until the run is finished or failed.</summary>
    public static async Task<JsonElement> WaitUntilEndedAsync(HttpClient client, string location)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync(location));
            var run = doc.RootElement.Clone();
            if (run.GetProperty("status").GetString() is "finished" or "failed") return run;
            Assert.True(DateTime.UtcNow < deadline, $"run at {location} did not end within {Timeout}: {run}");
            await Task.Delay(50);
        }
    }
}
