using System.Net;
using System.Text.RegularExpressions;

namespace DivideMapper.Web.Tests.Ogc;

/// <summary>
/// The HTML encoding as a person reads it: every page has a language, a title, the OGC stylesheet, a breadcrumb, one
/// h1 and headings in order, tables with headers; data values are text, never markup; item pages link back and forth.
/// </summary>
[Collection(OgcCollectionFixture.Name)]
public sealed partial class OgcHtmlTests(OgcServer server)
{
    private const string Collection = $"/ogc/collections/{OgcServer.PublicSlug}";

    private async Task<string> GetHtmlAsync(string url)
    {
        using var response = await server.Http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<long> FirstSettlementAsync() => await server.Database.ScalarAsync<long>(
        $"SELECT min(s.id) FROM settlement s JOIN project p ON p.id = s.project_id WHERE p.slug = '{OgcServer.PublicSlug}'");

    [Fact]
    public async Task EveryPageHasLanguageTitleStylesheetBreadcrumbAndOrderedHeadings()
    {
        var id = await FirstSettlementAsync();
        string[] pages =
        [
            "/ogc?f=html", "/ogc/conformance?f=html", "/ogc/collections?f=html", $"{Collection}.results?f=html", $"{Collection}.results/queryables?f=html",
            $"{Collection}.results/items?f=html&limit=5", $"{Collection}.settlements/items/{id}?f=html", $"{Collection}.results/items/{id}?f=html",
        ];
        foreach (var url in pages)
        {
            var html = await GetHtmlAsync(url);
            Assert.StartsWith("<!doctype html><html lang=\"en\">", html);
            Assert.Matches("<title>[^<]+ — DivideMapper OGC API</title>", html);
            Assert.Contains($"<link rel=\"stylesheet\" href=\"{server.BaseUrl}/ogc.css\">", html);
            Assert.Contains("<nav aria-label=\"Breadcrumb\">", html);
            Assert.Contains("aria-current=\"page\"", html);
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("style=", html); // the CSP allows no inline style
            var levels = Heading().Matches(html).Select(m => m.Groups[1].Value[0] - '0').ToList();
            Assert.Equal(1, levels.Count(l => l == 1));
            Assert.Equal(1, levels[0]);
            Assert.All(levels.Zip(levels.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1, $"{url}: h{pair.First} then h{pair.Second}"));
            foreach (Match table in Table().Matches(html))
            {
                Assert.Contains("<thead><tr><th scope=\"col\">", table.Value);
                Assert.DoesNotContain("<th>", table.Value);
            }
        }
        using var css = await server.Http.GetAsync("/ogc.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".ogc", await css.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AMarkupNameIsShownAsText()
    {
        var id = await FirstSettlementAsync();
        const string escaped = "&lt;script&gt;x&lt;/script&gt; &amp; &quot;Co&quot;";
        foreach (var url in new[] { $"{Collection}.settlements/items?f=html&limit=1000", $"{Collection}.settlements/items/{id}?f=html",
                     $"{Collection}.results/items?f=html&limit=1000", $"{Collection}.results/items/{id}?f=html" })
        {
            var html = await GetHtmlAsync(url);
            Assert.Contains(escaped, html);
            Assert.DoesNotContain("<script", html);
        }
        // The JSON carries the name as it is.
        var json = await server.Http.GetStringAsync($"{Collection}.settlements/items/{id}");
        Assert.Contains("\"name\":\"<script>x</script> & \\\"Co\\\"\"", json);
    }

    [Fact]
    public async Task ItemPagesPageBackAndForthAndLinkToEachFeature()
    {
        var first = await GetHtmlAsync($"{Collection}.settlements/items?f=html&limit=5");
        Assert.Contains("Features 1–5 of ", first);
        Assert.DoesNotContain("rel=\"prev\"", first);
        var next = NextHref().Match(first);
        Assert.True(next.Success, "the first page links to the next");
        var nextUrl = WebUtility.HtmlDecode(next.Groups[1].Value);
        Assert.Contains("offset=5", nextUrl);

        var second = await GetHtmlAsync(nextUrl);
        Assert.Contains("Features 6–10 of ", second);
        var prev = PrevHref().Match(second);
        Assert.True(prev.Success, "the second page links back");
        Assert.Contains("offset=0", WebUtility.HtmlDecode(prev.Groups[1].Value));

        // Each row's header links to its feature's page.
        var row = RowLink().Match(first);
        Assert.True(row.Success);
        Assert.Contains("<h1>", await GetHtmlAsync(WebUtility.HtmlDecode(row.Groups[1].Value)));
    }

    [GeneratedRegex("<h([1-6])[ >]")]
    private static partial Regex Heading();

    [GeneratedRegex("<table.*?</table>", RegexOptions.Singleline)]
    private static partial Regex Table();

    [GeneratedRegex("<a href=\"([^\"]+)\" rel=\"next\">")]
    private static partial Regex NextHref();

    [GeneratedRegex("<a href=\"([^\"]+)\" rel=\"prev\">")]
    private static partial Regex PrevHref();

    [GeneratedRegex("<th scope=\"row\"><a href=\"([^\"]+/items/[0-9]+\\?f=html)\">")]
    private static partial Regex RowLink();
}
