using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DivideMapper.Browser.Tests;

public sealed class MapPageTests(LiveServer server) : IClassFixture<LiveServer>
{
    [Fact]
    public async Task MapPageShowsTheServiceReadyAndALeafletMap()
    {
        var page = await server.Browser.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/");

        Assert.Equal("DivideMapper", await page.Locator("h1").InnerTextAsync());
        await Assertions.Expect(page.Locator("#service-state")).ToContainTextAsync("Service ready");
        // Leaflet came from npm through /vendor and initialised the map.
        await Assertions.Expect(page.Locator("#map.leaflet-container")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task MapPageHasNoSeriousAccessibilityViolations()
    {
        var page = await server.Browser.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/");
        await Assertions.Expect(page.Locator("#service-state")).ToContainTextAsync("Service ready");

        var results = await page.RunAxe();

        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

    [Fact]
    public async Task TheMapCanBeReachedByKeyboard()
    {
        var page = await server.Browser.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/");

        for (var i = 0; i < 10 && await page.EvaluateAsync<string>("document.activeElement?.id ?? ''") != "map"; i++)
            await page.Keyboard.PressAsync("Tab");

        Assert.Equal("map", await page.EvaluateAsync<string>("document.activeElement.id"));
    }
}
