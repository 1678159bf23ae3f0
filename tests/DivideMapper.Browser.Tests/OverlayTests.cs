using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DivideMapper.Browser.Tests;

/// <summary>
/// The overlays drawn from the server's vector tiles (population density, coverage, cell sites, speed tests): switched
/// on and off in Leaflet's layers control, by mouse or keyboard, each explained by a legend with values and units.
/// </summary>
public sealed class OverlayTests(SampleCityServer server) : IClassFixture<SampleCityServer>
{
    private static readonly string[] DensityClasses =
    [
        "below 1,000 people/km²", "1,000 to 5,000 people/km²", "5,000 to 15,000 people/km²", "15,000 to 30,000 people/km²",
        "30,000 to 60,000 people/km²", "60,000 people/km² or more",
    ];

    private sealed record Watched(IPage Page, List<(string Url, int Status)> Tiles, List<string> ConsoleErrors);

    /// <summary>The loaded map, with every tile answer and every console error recorded from the start.</summary>
    private async Task<Watched> LoadedAsync()
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 900 } });
        await context.RouteAsync("https://**/*", route => route.AbortAsync());
        var tiles = new List<(string, int)>();
        var errors = new List<string>();
        context.Response += (_, response) =>
        {
            if (response.Url.Contains("/tiles/", StringComparison.Ordinal)) lock (tiles) tiles.Add((response.Url, response.Status));
        };
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (errors) errors.Add(message.Text);
        };
        page.PageError += (_, error) => { lock (errors) errors.Add(error); };
        await page.GotoAsync(server.BaseUrl + "/");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Showing run");
        return new(page, tiles, errors);
    }

    private static ILocator Toggle(IPage page, string name) =>
        page.Locator(".leaflet-control-layers").GetByRole(AriaRole.Checkbox, new() { Name = name, Exact = true });

    private static (string Url, int Status)[] TilesOf(Watched w, string layer)
    {
        lock (w.Tiles) return w.Tiles.Where(t => t.Url.Contains($"/tiles/{SampleCityServer.Project}/{layer}/", StringComparison.Ordinal)).ToArray();
    }

    /// <summary>
    /// A click event at the path's centre sent to the path itself: a mouse click there could land on a neighbour or a
    /// control above it; Leaflet reads the position from the event to place the popup.
    /// </summary>
    private static async Task ClickAsync(ILocator path)
    {
        await Assertions.Expect(path).ToBeVisibleAsync();
        await path.EvaluateAsync("""
            e => { const r = e.getBoundingClientRect();
                   e.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2 })); }
            """);
    }

    [Fact]
    public async Task OverlaysAreOffAtFirstAndTheResultsAreOn()
    {
        var w = await LoadedAsync();

        var control = w.Page.GetByRole(AriaRole.Group, new() { Name = "Overlays" });
        await Assertions.Expect(control).ToBeVisibleAsync();
        await Assertions.Expect(Toggle(w.Page, "Settlement results (gap classes)")).ToBeCheckedAsync();
        foreach (var name in new[] { "Population density", "Coverage by technology", "Cell sites", "Speed tests (download)" })
            await Assertions.Expect(Toggle(w.Page, name)).Not.ToBeCheckedAsync();
        await Assertions.Expect(w.Page.Locator(".dm-overlay-legend")).ToBeHiddenAsync();
        Assert.Empty(w.Tiles);
    }

    [Fact]
    public async Task ThePopulationOverlayDrawsDensityFromTilesWithALegendAndAPopup()
    {
        var w = await LoadedAsync();

        await Toggle(w.Page, "Population density").CheckAsync();

        // The SVG paths of the density classes appear, from .mvt tiles that answered 200 (204 for empty ones, never an error).
        await Assertions.Expect(w.Page.Locator("#map path.dm-density").First).ToBeVisibleAsync();
        var tiles = TilesOf(w, "population");
        Assert.Contains(tiles, t => t.Status == 200 && t.Url.EndsWith(".mvt", StringComparison.Ordinal));
        Assert.All(tiles, t => Assert.True(t.Status is 200 or 204, $"{t.Url} answered {t.Status}"));
        // The sample's informal settlements are 30–80k people/km², so the dense classes are drawn.
        Assert.True(await w.Page.Locator("#map path.dm-density-4, #map path.dm-density-5").CountAsync() > 0, "no dense cell drawn");

        var legend = w.Page.Locator(".dm-overlay-legend [data-overlay=population]");
        await Assertions.Expect(legend.Locator("h4")).ToHaveTextAsync("Population density");
        await Assertions.Expect(legend.Locator("li")).ToHaveTextAsync(DensityClasses);

        // With the results switched off the click at the map's centre lands on a density cell.
        await Toggle(w.Page, "Settlement results (gap classes)").UncheckAsync();
        await Assertions.Expect(w.Page.Locator("#map path.dm-settlement")).ToHaveCountAsync(0);
        var box = (await w.Page.Locator("#map").BoundingBoxAsync())!;
        await w.Page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        var popup = w.Page.Locator(".leaflet-popup .dm-feature[data-overlay=population]");
        await Assertions.Expect(popup).ToContainTextAsync("Population (raster cell)");
        await Assertions.Expect(popup.Locator("dd").First).ToHaveTextAsync(new Regex(@"^\d{1,3}(,\d{3})* people/km²$"));
        await w.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/dm-map-population.png" });

        // Zoomed out, the tiles around the city have no feature: 204, which the overlay takes as an empty tile, no error.
        var empty = w.Page.WaitForResponseAsync(r => r.Url.Contains("/population/", StringComparison.Ordinal) && r.Status == 204);
        await w.Page.Locator(".leaflet-control-zoom-out").ClickAsync();
        await empty;

        // Switched back on, the results are drawn again with their ids (the table and the map stay tied together).
        await Toggle(w.Page, "Settlement results (gap classes)").CheckAsync();
        await Assertions.Expect(w.Page.Locator("#map path.dm-settlement[data-settlement-id]")).ToHaveCountAsync(25);
        lock (w.ConsoleErrors) Assert.Empty(w.ConsoleErrors);
    }

    [Fact]
    public async Task TheKeyboardSwitchesAnOverlayOnAndOff()
    {
        var w = await LoadedAsync();
        var toggle = Toggle(w.Page, "Population density");

        // From the map, Tab reaches the overlay control (after the zoom buttons) and Space switches the overlay.
        await w.Page.Locator("#map").FocusAsync();
        for (var i = 0; i < 10 && !await toggle.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
            await w.Page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(toggle).ToBeFocusedAsync();

        await w.Page.Keyboard.PressAsync("Space");
        await Assertions.Expect(toggle).ToBeCheckedAsync();
        await Assertions.Expect(w.Page.Locator("#map path.dm-density").First).ToBeVisibleAsync();
        await Assertions.Expect(w.Page.Locator(".dm-overlay-legend [data-overlay=population]")).ToBeVisibleAsync();

        await w.Page.Keyboard.PressAsync("Space");
        await Assertions.Expect(toggle).Not.ToBeCheckedAsync();
        await Assertions.Expect(w.Page.Locator("#map path.dm-density")).ToHaveCountAsync(0);
        await Assertions.Expect(w.Page.Locator(".dm-overlay-legend")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task CoverageSitesAndSpeedTestsShowTheirKeyValues()
    {
        var w = await LoadedAsync();

        await Toggle(w.Page, "Coverage by technology").CheckAsync();
        await Toggle(w.Page, "Cell sites").CheckAsync();
        await Toggle(w.Page, "Speed tests (download)").CheckAsync();
        await Assertions.Expect(w.Page.Locator("#map path.dm-coverage").First).ToBeAttachedAsync();
        await Assertions.Expect(w.Page.Locator("#map path.dm-site").First).ToBeAttachedAsync();
        await Assertions.Expect(w.Page.Locator("#map path.dm-speed").First).ToBeAttachedAsync();
        foreach (var layer in new[] { "coverage", "sites", "measurements" })
            Assert.Contains(TilesOf(w, layer), t => t.Status == 200);

        var legend = w.Page.Locator(".dm-overlay-legend");
        await Assertions.Expect(legend.Locator("[data-overlay=coverage] li")).ToHaveTextAsync(
            ["2G coverage", "3G coverage", "4G coverage", "5G coverage", "fixed broadband coverage"]);
        await Assertions.Expect(legend.Locator("[data-overlay=sites] li").First).ToHaveTextAsync("2G cell site");
        await Assertions.Expect(legend.Locator("[data-overlay=measurements] li").First).ToHaveTextAsync("below 5 Mb/s");
        // Periods are never pooled: the legend and the drawn tiles are the shown run's quarter.
        await Assertions.Expect(legend.Locator("[data-overlay=measurements] .hint")).ToContainTextAsync("2024Q3");

        // Leaflet takes a click on a drawn path as a click on its feature; the popup shows the feature's own values.
        await ClickAsync(w.Page.Locator("#map path.dm-site >> visible=true").First);
        var site = w.Page.Locator(".leaflet-popup .dm-feature[data-overlay=sites]");
        await Assertions.Expect(site).ToContainTextAsync("Cell site #");
        await Assertions.Expect(site).ToContainTextAsync(new Regex("Technology[2-5]G"));
        await Assertions.Expect(site).ToContainTextAsync("Operator");

        await ClickAsync(w.Page.Locator("#map path.dm-speed >> visible=true").First);
        var speed = w.Page.Locator(".leaflet-popup .dm-feature[data-overlay=measurements]");
        await Assertions.Expect(speed).ToContainTextAsync("Speed tests, 2024Q3 (mobile)");
        await Assertions.Expect(speed).ToContainTextAsync(new Regex(@"Average download[\d.,]+ Mb/s"));
        await Assertions.Expect(speed).ToContainTextAsync(new Regex(@"\d+ tests from \d+ devices"));
        lock (w.ConsoleErrors) Assert.Empty(w.ConsoleErrors);
    }

    [Fact]
    public async Task ThePageWithEveryOverlayOnHasNoAccessibilityViolations()
    {
        var w = await LoadedAsync();
        foreach (var name in new[] { "Population density", "Coverage by technology", "Cell sites", "Speed tests (download)" })
            await Toggle(w.Page, name).CheckAsync();
        await Assertions.Expect(w.Page.Locator("#map path.dm-density").First).ToBeVisibleAsync();
        await Assertions.Expect(w.Page.Locator(".dm-overlay-legend-part")).ToHaveCountAsync(4);
        await w.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/dm-map-overlays.png" });

        var results = await w.Page.RunAxe();

        var violations = results.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))})").ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
