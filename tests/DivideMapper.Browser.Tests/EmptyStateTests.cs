using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DivideMapper.Browser.Tests;

/// <summary>The map before anything is imported, and when the database is down.</summary>
public sealed class EmptyStateTests(LiveServer server) : IClassFixture<LiveServer>
{
    [Fact]
    public async Task MapPageShowsTheServiceReadyAndALeafletMap()
    {
        var page = await server.OpenAsync();

        Assert.Equal("DivideMapper", await page.Locator("h1").InnerTextAsync());
        await Assertions.Expect(page.Locator("#service-state")).ToContainTextAsync("Service ready");
        // Leaflet came from npm through /vendor and initialised the map.
        await Assertions.Expect(page.Locator("#map.leaflet-container")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task WithoutProjectsThePageSaysHowToImport()
    {
        var page = await server.OpenAsync();

        var notice = page.Locator("#notice");
        await Assertions.Expect(notice.Locator("h2")).ToHaveTextAsync("No projects yet");
        await Assertions.Expect(notice).ToContainTextAsync("./dm import");
        await Assertions.Expect(notice).ToContainTextAsync("./dm analyze");
        await Assertions.Expect(page.Locator("#ranking")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#project")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task TheEmptyPageHasNoSeriousAccessibilityViolations()
    {
        var page = await server.OpenAsync();
        await Assertions.Expect(page.Locator("#notice h2")).ToBeVisibleAsync();

        var results = await page.RunAxe();

        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

    [Fact]
    public async Task AnUnavailableDatabaseIsExplained()
    {
        var context = await server.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        // What /health answers when PostGIS is down (HealthEndpoints): 503 with the reason.
        await page.RouteAsync("**/health", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 503,
            ContentType = "application/json",
            Body = """{"status":"unavailable","version":"test","database":{"state":"down","mode":"external","postgres":null,"postgis":null,"migrated":false,"error":"Connection refused"}}""",
        }));
        await page.GotoAsync(server.BaseUrl + "/");

        await Assertions.Expect(page.Locator("#service-state")).ToContainTextAsync("The database is not available: Connection refused");
        await Assertions.Expect(page.Locator("#notice h2")).ToHaveTextAsync("The database is not available");
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("./run.sh");
    }
}
