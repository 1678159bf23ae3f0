using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DivideMapper.Browser.Tests;

/// <summary>What a planner sees when the sample city has been imported and analysed.</summary>
public sealed class MapPageTests(SampleCityServer server) : IClassFixture<SampleCityServer>
{
    private async Task<IPage> LoadedAsync(string path = "/", BrowserNewContextOptions? options = null)
    {
        var page = await server.OpenAsync(path, options);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Showing run");
        return page;
    }

    private async Task<JsonElement[]> ResultsAsync(long runId)
    {
        using var doc = JsonDocument.Parse(await server.Http.GetStringAsync($"/api/runs/{runId}/settlements"));
        return doc.RootElement.GetProperty("settlements").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    [Fact]
    public async Task TheLatestRunOfTheSampleProjectLoadsOnTheMap()
    {
        var page = await LoadedAsync();

        // "empty-town" sorts first but has no run: the first project with a finished run is chosen.
        await Assertions.Expect(page.Locator("#project")).ToHaveValueAsync(SampleCityServer.Project);
        await Assertions.Expect(page.Locator("#run")).ToHaveValueAsync(server.Q3RunId.ToString());
        await Assertions.Expect(page.Locator("#run option:checked")).ToContainTextAsync($"{SampleCityServer.MobileProfile} · 2024Q3");
        await Assertions.Expect(page.Locator("#map path.dm-settlement")).ToHaveCountAsync(25);
        await Assertions.Expect(page.Locator("#ranked tbody tr")).ToHaveCountAsync(25);
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("live where 4G reaches");
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("Divide index");

        Assert.Empty(await LiveServer.ScriptErrorsAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/dm-map.png" });
    }

    [Fact]
    public async Task TheLegendShowsTheFourClassesInPlainLanguage()
    {
        var page = await LoadedAsync();

        var items = page.Locator("#legend-items li[data-class] strong");
        await Assertions.Expect(items).ToHaveTextAsync(["No 4G coverage", "Not enough evidence", "Covered but slow", "Served"]);
        await Assertions.Expect(page.Locator("#legend-items li[data-layer=gap]")).ToContainTextAsync("Gap area");
    }

    [Fact]
    public async Task TheFirstRowIsRankOneAndItsClassMatchesTheMapFeature()
    {
        var page = await LoadedAsync();
        var first = (await ResultsAsync(server.Q3RunId))[0];

        var row = page.Locator("#ranked tbody tr").First;
        await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("th")).ToHaveTextAsync(first.GetProperty("name").GetString()!);
        var cls = await row.GetAttributeAsync("data-class");
        Assert.Equal(first.GetProperty("gap_class").GetString(), cls);
        await Assertions.Expect(row).ToContainTextAsync(cls == "no_coverage" ? "No 4G coverage" : "");

        var feature = page.Locator($"#map path[data-settlement-id='{await row.GetAttributeAsync("data-settlement-id")}']");
        await Assertions.Expect(feature).ToHaveClassAsync(new Regex($"\\bdm-class-{cls}\\b"));
        Assert.Equal($"url(#dm-fill-{cls})", await feature.GetAttributeAsync("fill"));
    }

    [Fact]
    public async Task SelectingARowShowsItsExplanationAndHighlightsTheSettlement()
    {
        var page = await LoadedAsync();
        var first = (await ResultsAsync(server.Q3RunId))[0];
        var id = first.GetProperty("settlement_id").GetInt64();

        await page.Locator("#ranked tbody tr").First.ClickAsync();

        var details = page.Locator("#details");
        await Assertions.Expect(details.Locator(".settlement-name")).ToHaveTextAsync(first.GetProperty("name").GetString()!);
        // The sentence is written by the map from the rule's code and values (in the page's language), not copied from the API.
        var explain = first.GetProperty("explain");
        await Assertions.Expect(details.Locator(".reason")).ToHaveAttributeAsync("data-rule", explain.GetProperty("rule").GetString()!);
        await Assertions.Expect(details.Locator(".reason")).Not.ToBeEmptyAsync();
        await Assertions.Expect(details.Locator(".reason")).Not.ToContainTextAsync("{");
        await Assertions.Expect(details).ToContainTextAsync("Evidence used");
        await Assertions.Expect(details).ToContainTextAsync("Checks against the standard");
        await Assertions.Expect(details).ToContainTextAsync("Gap score");
        await Assertions.Expect(page.Locator("#ranked tbody tr").First).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(page.Locator($"#map path[data-settlement-id='{id}']")).ToHaveClassAsync(new Regex("dm-selected"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/dm-map-selected.png" });
    }

    [Fact]
    public async Task KeyboardAloneReachesTheTableAndSelectsARow()
    {
        var page = await LoadedAsync();

        var visited = new List<string>();
        for (var i = 0; i < 20 && await page.EvaluateAsync<string>("document.activeElement?.closest('#ranked tbody') ? 'row' : ''") != "row"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            visited.Add(await page.EvaluateAsync<string>("(e => e.tagName + '#' + e.id + '.' + e.className)(document.activeElement)"));
        }
        Assert.True("1" == await page.EvaluateAsync<string?>("document.activeElement.dataset?.rank ?? null"), "Tab stops: " + string.Join(" → ", visited));

        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");

        var third = page.Locator("#ranked tbody tr").Nth(2);
        await Assertions.Expect(third).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(third).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#details .settlement-name")).ToHaveTextAsync(await third.Locator("th").InnerTextAsync());
    }

    [Fact]
    public async Task TheMapCanBeReachedByKeyboard()
    {
        var page = await LoadedAsync();

        for (var i = 0; i < 15 && await page.EvaluateAsync<string>("document.activeElement?.id ?? ''") != "map"; i++)
            await page.Keyboard.PressAsync("Tab");

        Assert.Equal("map", await page.EvaluateAsync<string>("document.activeElement.id"));
    }

    [Fact]
    public async Task ClickingASettlementOnTheMapSelectsItsRow()
    {
        var page = await LoadedAsync();
        var last = page.Locator("#ranked tbody tr").Last;
        var id = await last.GetAttributeAsync("data-settlement-id");

        // Leaflet handles the click on the path; a synthetic click avoids hitting a neighbour at the shape's centre.
        await page.Locator($"#map path[data-settlement-id='{id}']").DispatchEventAsync("click");

        await Assertions.Expect(last).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(page.Locator("#details .settlement-name")).ToHaveTextAsync(await last.Locator("th").InnerTextAsync());
    }

    [Fact]
    public async Task ASuppressedSettlementShowsWithheldAndNoSpeeds()
    {
        var suppressed = (await ResultsAsync(server.Q3RunId)).First(r => r.GetProperty("suppressed").GetBoolean());
        var id = suppressed.GetProperty("settlement_id").GetInt64();
        var page = await LoadedAsync();

        var row = page.Locator($"#ranked tbody tr[data-settlement-id='{id}']");
        await Assertions.Expect(row).ToContainTextAsync("withheld (fewer than 10 devices or 20 tests)");
        Assert.DoesNotContain("Mb/s", await row.InnerTextAsync());

        await row.ClickAsync();
        var numbers = page.Locator("#details .numbers");
        await Assertions.Expect(numbers).ToContainTextAsync("withheld");
        Assert.DoesNotContain("Mb/s", await numbers.InnerTextAsync());
        Assert.DoesNotContain(" ms", await numbers.InnerTextAsync());
    }

    [Fact]
    public async Task TheComparisonWithTheBaselineShowsClassChanges()
    {
        using var doc = JsonDocument.Parse(await server.Http.GetStringAsync($"/api/runs/{server.Q3RunId}/compare?base={server.Q1RunId}"));
        var improved = doc.RootElement.GetProperty("summary").GetProperty("improved").GetInt32();
        var worsened = doc.RootElement.GetProperty("summary").GetProperty("worsened").GetInt32();
        // In the sample the coverage is the same in both quarters, so classes move by speed and evidence only.
        var aChanged = doc.RootElement.GetProperty("settlements").EnumerateArray().First(s => s.GetProperty("classChange").GetString() != "unchanged");
        var changeLabel = aChanged.GetProperty("classChange").GetString() switch
        {
            "improved" => "Improved (was ",
            "worsened" => "Worsened (was ",
            _ => "Evidence changed",
        };
        var page = await LoadedAsync();

        // The previous finished run is the default baseline.
        await Assertions.Expect(page.Locator("#baseline")).ToHaveValueAsync(server.Q1RunId.ToString());
        var comparison = page.Locator("#comparison");
        await Assertions.Expect(comparison).ToBeVisibleAsync();
        await Assertions.Expect(comparison.Locator(".compare-line")).ToContainTextAsync($"Since run {server.Q1RunId} (2024Q1): {improved} improved, {worsened} worsened");
        await Assertions.Expect(page.Locator("#ranked thead th.col-change")).ToHaveTextAsync("Change");
        await Assertions.Expect(page.Locator($"#ranked tbody tr[data-settlement-id='{aChanged.GetProperty("settlementId").GetInt64()}'] td.change"))
            .ToContainTextAsync(changeLabel);

        await page.Locator("#baseline").SelectOptionAsync("");
        await Assertions.Expect(comparison).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#ranked thead th.col-change")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AProjectWithoutRunsSaysHowToRunAnAnalysis()
    {
        var page = await LoadedAsync();

        await page.Locator("#project").SelectOptionAsync(SampleCityServer.EmptyProject);

        await Assertions.Expect(page.Locator("#notice h2")).ToHaveTextAsync("No finished analysis for Empty town");
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync($"./dm analyze --project {SampleCityServer.EmptyProject}");
        await Assertions.Expect(page.Locator("#ranking")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#map path.dm-settlement")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheAddressRestoresTheRunAndTheSelectedSettlement()
    {
        var row = (await ResultsAsync(server.DefaultProfileRunId))[4];
        var page = await LoadedAsync($"/#project=sample&run={server.DefaultProfileRunId}&base=&settlement={row.GetProperty("settlement_id").GetInt64()}");

        await Assertions.Expect(page.Locator("#run")).ToHaveValueAsync(server.DefaultProfileRunId.ToString());
        await Assertions.Expect(page.Locator("#baseline")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("#details .settlement-name")).ToHaveTextAsync(row.GetProperty("name").GetString()!);
    }

    [Fact]
    public async Task TheOpenStreetMapBackgroundIsOffUntilSwitchedOnAndThenAttributed()
    {
        var page = await LoadedAsync();
        var osm = page.Locator("#toggle-osm");

        await Assertions.Expect(osm).Not.ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#map img.leaflet-tile")).ToHaveCountAsync(0);

        await osm.CheckAsync();
        await Assertions.Expect(page.Locator("#map img.leaflet-tile").First).ToHaveAttributeAsync("src",
            new Regex("^https://tile\\.openstreetmap\\.org/"));
        await Assertions.Expect(page.Locator("#map .leaflet-control-attribution")).ToContainTextAsync("© OpenStreetMap contributors");

        await osm.UncheckAsync();
        await Assertions.Expect(page.Locator("#map img.leaflet-tile")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#map .leaflet-control-attribution")).Not.ToContainTextAsync("OpenStreetMap");
    }

    [Fact]
    public async Task TheLoadedMapHasNoSeriousAccessibilityViolations()
    {
        var page = await LoadedAsync();
        await page.Locator("#ranked tbody tr").First.ClickAsync();

        var results = await page.RunAxe();

        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))})").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

    [Theory]
    [InlineData(640)] // 200% zoom on a 1280-pixel screen
    [InlineData(320)] // 400% zoom: WCAG 1.4.10 reflow
    public async Task ANarrowScreenStacksThePanelsWithoutSidewaysScrolling(int width)
    {
        var page = await LoadedAsync("/", new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = 800 } });

        // The data table may scroll inside its own box (a 2-D table is exempt from reflow); the page may not.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            $"the page scrolls sideways at {width} px");
        await Assertions.Expect(page.Locator("#map")).ToBeVisibleAsync();
        await page.Locator("#ranked tbody tr").First.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(page.Locator("#ranked tbody tr").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"/tmp/dm-map-{width}px.png", FullPage = true });
    }
}
