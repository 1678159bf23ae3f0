using Deque.AxeCore.Playwright;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DivideMapper.Browser.Tests;

/// <summary>The HTML pages of the OGC API as a person sees them: styled by ogc.css under the CSP, no axe violations, keyboard paging.</summary>
public sealed class OgcPageTests(SampleCityServer server) : IClassFixture<SampleCityServer>
{
    private const string Collection = $"/ogc/collections/{SampleCityServer.Project}";

    [Theory]
    [InlineData("/ogc?f=html")]
    [InlineData("/ogc/conformance?f=html")]
    [InlineData("/ogc/collections?f=html")]
    [InlineData($"{Collection}.results?f=html")]
    [InlineData($"{Collection}.results/queryables?f=html")]
    [InlineData($"{Collection}.results/items?f=html&limit=10")]
    [InlineData($"{Collection}.settlements/items/1?f=html")]
    public async Task OgcPagesAreStyledAndHaveNoAccessibilityViolations(string path)
    {
        var blocked = new List<string>();
        var page = await server.OpenAsync(path);
        page.Console += (_, message) => { if (message.Type == "error") blocked.Add(message.Text); };
        await page.ReloadAsync(); // now with the console listener attached from the start

        // ogc.css applied (the CSP allows styles from 'self' only, so an inline style would have been refused).
        Assert.Equal("rgb(247, 248, 250)", await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
        Assert.Empty(blocked);
        var results = await page.RunAxe();
        var violations = results.Violations.Select(v => $"{v.Impact} {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html).Take(2))})").ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task KeyboardUsersPageThroughTheItems()
    {
        var page = await server.OpenAsync($"{Collection}.settlements/items?f=html&limit=10");
        await Assertions.Expect(page.Locator(".ogc-paging span")).ToHaveTextAsync(new Regex("^Features 1–10 of [0-9]+$"));
        await page.Locator(".ogc-paging a[rel=next]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".ogc-paging span")).ToHaveTextAsync(new Regex("^Features 11–20 of [0-9]+$"));
        await page.Locator(".ogc-paging a[rel=prev]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".ogc-paging span")).ToHaveTextAsync(new Regex("^Features 1–10 of [0-9]+$"));
        await Assertions.Expect(page.Locator("nav[aria-label=Breadcrumb] [aria-current=page]")).ToHaveTextAsync("Features");
    }
}
