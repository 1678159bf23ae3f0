using DivideMapper.Testing;
using Microsoft.Playwright;

namespace DivideMapper.Browser.Tests;

/// <summary>The shown run's downloads: a link per layer and format, and a click that saves the file GDAL opens.</summary>
public sealed class DownloadTests(SampleCityServer server) : IClassFixture<SampleCityServer>
{
    [Fact]
    public async Task TheShownRunOffersEveryFormatOfBothLayersAndAClickSavesTheFile()
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true });
        await context.RouteAsync("https://**/*", route => route.AbortAsync());
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Showing run");

        var section = page.Locator("#downloads");
        var heading = section.GetByRole(AriaRole.Heading, new() { Name = "Download this run" });
        await Assertions.Expect(heading).ToBeVisibleAsync();
        var links = section.GetByRole(AriaRole.Link);
        Assert.Equal(0, await links.Locator("visible=true").CountAsync()); // folded: one tab stop on the way to the map
        await section.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(links.First).ToBeVisibleAsync();
        Assert.Equal(12, await links.CountAsync());
        var run = await page.Locator("#run").InputValueAsync();
        foreach (var href in await links.EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))"))
            Assert.StartsWith($"/api/runs/{run}/export?layer=", href);

        var download = await page.RunAndWaitForDownloadAsync(() =>
            section.GetByRole(AriaRole.Link, new() { Name = "Download Settlements with results as GeoPackage (QGIS, ArcGIS)" }).ClickAsync());
        Assert.Equal($"{SampleCityServer.Project}-run{run}-results.gpkg", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"dm-download-{Guid.NewGuid():N}.gpkg");
        try
        {
            await download.SaveAsAsync(saved);
            var info = await GeoFiles.OgrInfoAsync("-so", saved, "results");
            Assert.Contains("Feature Count: 25", info); // the sample city's settlements
            Assert.Contains("LICENCE=CC0-1.0", info);
        }
        finally
        {
            File.Delete(saved);
            await context.CloseAsync();
        }
    }
}
