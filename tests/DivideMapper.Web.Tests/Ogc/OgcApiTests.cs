using System.Net;
using System.Text.Json;

namespace DivideMapper.Web.Tests.Ogc;

/// <summary>OGC API Features as the standard reads: paging, filters against the SQL they mean, CRSs, refusals, privacy, HTML.</summary>
[Collection(OgcCollectionFixture.Name)]
public sealed class OgcApiTests(OgcServer server)
{
    private const string Results = $"/ogc/collections/{OgcServer.PublicSlug}.results";
    private const string Settlements = $"/ogc/collections/{OgcServer.PublicSlug}.settlements";

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await server.Http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string? Link(JsonElement doc, string rel) =>
        doc.GetProperty("links").EnumerateArray().FirstOrDefault(l => l.GetProperty("rel").GetString() == rel) is { ValueKind: JsonValueKind.Object } l
            ? l.GetProperty("href").GetString() : null;

    /// <summary>Every feature id by following next links from <paramref name="url"/>, and numberMatched of the first page.</summary>
    private async Task<(List<long> Ids, long Matched)> FollowAsync(string url)
    {
        var ids = new List<long>();
        long matched = -1;
        for (string? next = url; next is not null;)
        {
            var page = await GetJsonAsync(next);
            if (matched < 0) matched = page.GetProperty("numberMatched").GetInt64();
            Assert.Equal(page.GetProperty("features").GetArrayLength(), page.GetProperty("numberReturned").GetInt32());
            ids.AddRange(page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
            next = Link(page, "next");
            Assert.True(ids.Count <= matched + 1, "paging does not end");
        }
        return (ids, matched);
    }

    [Fact]
    public async Task LandingConformanceAndCollectionsLinkUp()
    {
        var landing = await GetJsonAsync("/ogc?f=json");
        Assert.EndsWith("/ogc/conformance", Link(landing, "conformance"));
        Assert.EndsWith("/ogc/collections", Link(landing, "data"));
        Assert.EndsWith("/openapi/v1.json", Link(landing, "service-desc"));
        var conformance = (await GetJsonAsync("/ogc/conformance")).GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", conformance);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter", conformance);
        var ids = (await GetJsonAsync("/ogc/collections")).GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        foreach (var layer in new[] { "results", "gaps", "settlements", "coverage", "sites", "facilities", "measurements", "population" })
            Assert.Contains($"{OgcServer.PublicSlug}.{layer}", ids);
        Assert.DoesNotContain(ids, id => id!.StartsWith(OgcServer.PrivateSlug, StringComparison.Ordinal));
        var collection = await GetJsonAsync(Results);
        Assert.Equal(server.Run, collection.GetProperty("run").GetInt64());
        Assert.Equal(4, collection.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].GetArrayLength());
        Assert.Contains("http://www.opengis.net/def/crs/EPSG/0/32737", collection.GetProperty("crs").EnumerateArray().Select(c => c.GetString()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task PagingNeitherRepeatsNorSkipsAFeature(int limit)
    {
        foreach (var collection in new[] { Results, Settlements, $"/ogc/collections/{OgcServer.PublicSlug}.population" })
        {
            var (ids, matched) = await FollowAsync($"{collection}/items?limit={limit}");
            Assert.Equal(matched, ids.Count);
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.True(matched > 0);
        }
        var (offsetIds, _) = await FollowAsync($"{Settlements}/items?limit={limit}&offset=0");
        var (cursorIds, _) = await FollowAsync($"{Settlements}/items?limit={limit}");
        Assert.Equal(cursorIds, offsetIds);
    }

    [Theory]
    [InlineData("gap_share > 0.5 AND kind = 'informal'", "r.gap_share > 0.5 AND r.kind = 'informal'")]
    [InlineData("name LIKE 'K%' OR rank BETWEEN 3 AND 10", "r.name LIKE 'K%' OR r.rank BETWEEN 3 AND 10")]
    [InlineData("gap_class IN ('no_coverage', 'slow') AND NOT (rank < 5)", "r.gap_class IN ('no_coverage', 'slow') AND NOT (r.rank < 5)")]
    [InlineData("median_down_mbps IS NULL", "(r.median_down_mbps IS NULL OR r.suppressed OR (r.tests IS NOT NULL AND (r.tests < p.min_tests OR coalesce(r.devices, 0) < p.min_devices)))")]
    [InlineData("\"population\" >= 1000 and suppressed = false", "r.population >= 1000 AND NOT (r.suppressed OR (r.tests IS NOT NULL AND (r.tests < p.min_tests OR coalesce(r.devices, 0) < p.min_devices)))")]
    [InlineData("population NOT BETWEEN 500 AND 5000 OR name NOT IN ('x')", "r.population NOT BETWEEN 500 AND 5000 OR r.name NOT IN ('x')")]
    public async Task ACql2FilterMatchesTheSqlItMeans(string filter, string sql)
    {
        var expected = await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM settlement_result r JOIN run ON run.id = r.run_id JOIN project p ON p.id = run.project_id WHERE r.run_id = {server.Run} AND ({sql})");
        var (ids, matched) = await FollowAsync($"{Results}/items?limit=7&filter={Uri.EscapeDataString(filter)}");
        Assert.Equal(expected, matched);
        Assert.Equal(expected, ids.Count);
    }

    [Theory]
    [InlineData("gap_share >")]
    [InlineData("gap_share > 'high'")]
    [InlineData("no_such_column = 1")]
    [InlineData("name = 'unclosed")]
    [InlineData("(rank < 3")]
    [InlineData("rank < 3 rank")]
    [InlineData("S_INTERSECTS(geometry, POINT(1 2))")]
    [InlineData("name LIKE 3")]
    [InlineData("rank = 1; DROP TABLE project")]
    public async Task AMalformedFilterIsA400ProblemThatSaysWhy(string filter)
    {
        using var response = await server.Http.GetAsync($"{Results}/items?filter={Uri.EscapeDataString(filter)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid-filter", problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("items?foo=1")]
    [InlineData("items?limit=0")]
    [InlineData("items?limit=000")]
    [InlineData("items?limit=abc")]
    [InlineData("items?limit=1.5")]
    [InlineData("items?limit=-1")]
    [InlineData("items?limit=%2B5")]
    [InlineData("items?limit=1e3")]
    [InlineData("items?limit=")]
    [InlineData("items?limit=99999999999999999999.0")]
    [InlineData("items?bbox=1,2,3")]
    [InlineData("items?bbox=10,0,0,10")]
    [InlineData("items?crs=EPSG:9999")]
    [InlineData("items?datetime=yesterday")]
    [InlineData("items?filter-lang=cql2-json&filter=x")]
    [InlineData("items?offset=1&cursor=2")]
    [InlineData("items/1?limit=3")]
    public async Task UnknownOrBadParametersAre400(string path)
    {
        using var response = await server.Http.GetAsync($"{Results}/{path}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("10001")]
    [InlineData("2147483648")]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999999999999999")]
    [InlineData("0010000")]
    public async Task AnyLimitAboveTheMaximumIsServedAsTheMaximum(string limit)
    {
        var page = await GetJsonAsync($"{Settlements}/items?limit={limit}");
        Assert.Equal(page.GetProperty("numberMatched").GetInt64(), page.GetProperty("numberReturned").GetInt64()); // the sample has < 10,000
        var project = new Data.Layers.LayerProject(1, "p", "P", null, new Core.Analysis.PrivacyFloor(10, 20), "public", null);
        var query = DivideMapper.Web.Ogc.OgcItemsQuery.Parse(new Microsoft.AspNetCore.Http.QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
        {
            ["limit"] = limit,
        }), Data.Layers.LayerCatalogue.Settlements, project, single: false);
        Assert.Equal(10_000, query.Value!.Request.Limit);
    }

    [Fact]
    public async Task JsonLinksKeepTheirAmpersandsAndPlusSigns()
    {
        foreach (var url in new[] { $"{Settlements}/items?limit=2&offset=1", $"{Settlements}/items?limit=2", Settlements, "/ogc/collections", "/ogc" })
        {
            var raw = await server.Http.GetStringAsync(url);
            Assert.DoesNotContain("\\u0026", raw);
            Assert.DoesNotContain("\\u002B", raw);
            Assert.Contains("+json", raw);
        }
        var page = await server.Http.GetStringAsync($"{Settlements}/items?limit=2&offset=1");
        Assert.Contains("items?limit=2&offset=1&f=json", page);
        Assert.Contains("items?limit=2&offset=3", page); // next
        Assert.Contains("items?limit=2&offset=0", page); // prev
    }

    [Fact]
    public async Task CrsAndBboxCrsFollowPart2()
    {
        var id = (await GetJsonAsync($"{Settlements}/items?limit=1")).GetProperty("features")[0].GetProperty("id").GetInt64();
        var lonLat = (await GetJsonAsync($"{Settlements}/items/{id}")).GetProperty("geometry").GetProperty("coordinates")[0][0][0];
        using var latLonResponse = await server.Http.GetAsync($"{Settlements}/items/{id}?crs={Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/4326")}");
        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/4326>", latLonResponse.Headers.GetValues("Content-Crs").Single());
        var latLon = JsonDocument.Parse(await latLonResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("geometry").GetProperty("coordinates")[0][0];
        Assert.Contains(latLon.EnumerateArray(), p => Math.Abs(p[0].GetDouble() - lonLat[1].GetDouble()) < 1e-9 && Math.Abs(p[1].GetDouble() - lonLat[0].GetDouble()) < 1e-9);
        var utm = (await GetJsonAsync($"{Settlements}/items/{id}?crs={Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/32737")}"))
            .GetProperty("geometry").GetProperty("coordinates")[0][0][0];
        Assert.InRange(utm[0].GetDouble(), 166_000, 834_000); // a UTM easting
        Assert.InRange(utm[1].GetDouble(), 9_000_000, 10_000_000); // south of the equator: false northing 10,000 km

        // The same box in CRS84 and in EPSG:3857 selects the same settlements.
        var all = await GetJsonAsync($"{Settlements}/items?limit=1000");
        var xs = all.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("geometry").GetProperty("coordinates")[0][0][0][0].GetDouble()).ToList();
        var ys = all.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("geometry").GetProperty("coordinates")[0][0][0][1].GetDouble()).ToList();
        var (minX, maxX, minY, maxY) = (xs.Min(), (xs.Min() + xs.Max()) / 2, ys.Min(), ys.Max());
        var box84 = await GetJsonAsync($"{Settlements}/items?limit=1000&bbox={F(minX)},{F(minY)},{F(maxX)},{F(maxY)}");
        var merc = await server.Database.ScalarAsync<string>(
            $"SELECT concat_ws(',', ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)) FROM ST_Transform(ST_MakeEnvelope({F(minX)}, {F(minY)}, {F(maxX)}, {F(maxY)}, 4326), 3857) b");
        var box3857 = await GetJsonAsync($"{Settlements}/items?limit=1000&bbox={merc}&bbox-crs={Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/3857")}");
        Assert.Equal(box84.GetProperty("numberMatched").GetInt64(), box3857.GetProperty("numberMatched").GetInt64());
        Assert.InRange(box84.GetProperty("numberMatched").GetInt64(), 1, all.GetProperty("numberMatched").GetInt64() - 1);
    }

    private static string F(double d) => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task DatetimeSelectsMeasurementsByPeriod()
    {
        var q1 = await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM measurement m JOIN project p ON p.id = m.project_id WHERE p.slug = '{OgcServer.PublicSlug}' AND m.period = '2024Q1' AND m.tests >= p.min_tests AND m.devices >= p.min_devices");
        var page = await GetJsonAsync($"/ogc/collections/{OgcServer.PublicSlug}.measurements/items?limit=1&datetime=2024-01-01T00:00:00Z/2024-03-31T23:59:59Z");
        Assert.Equal(q1, page.GetProperty("numberMatched").GetInt64());
        Assert.True(q1 > 0);
    }

    [Fact]
    public async Task NothingBelowTheFloorIsPublished()
    {
        var below = await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM measurement m JOIN project p ON p.id = m.project_id WHERE p.slug = '{OgcServer.PublicSlug}' AND (m.tests < p.min_tests OR m.devices < p.min_devices)");
        Assert.True(below > 0, "the sample city has speed tiles below the floor");
        var (measurements, _) = await FollowAsync($"/ogc/collections/{OgcServer.PublicSlug}.measurements/items?limit=1000");
        var total = await server.Database.ScalarAsync<long>($"SELECT count(*) FROM measurement m JOIN project p ON p.id = m.project_id WHERE p.slug = '{OgcServer.PublicSlug}'");
        Assert.Equal(total - below, measurements.Count);

        var results = (await GetJsonAsync($"{Results}/items?limit=1000")).GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        var withheld = results.Where(p => p.GetProperty("suppressed").GetBoolean()).ToList();
        Assert.NotEmpty(withheld);
        Assert.All(withheld, p =>
        {
            foreach (var name in new[] { "median_down_mbps", "median_up_mbps", "median_latency_ms", "tests", "devices" })
                Assert.Equal(JsonValueKind.Null, p.GetProperty(name).ValueKind);
        });
        var floor = await server.Database.ScalarAsync<int>($"SELECT min_tests FROM project WHERE slug = '{OgcServer.PublicSlug}'");
        using var filtered = await server.Http.GetAsync($"{Results}/items?filter={Uri.EscapeDataString($"tests < {floor}")}");
        var leaked = JsonDocument.Parse(await filtered.Content.ReadAsStringAsync()).RootElement.GetProperty("numberMatched").GetInt64();
        Assert.Equal(0, leaked); // a filter on a withheld count sees only what is published
    }

    [Fact]
    public async Task SingleItemsAndPrivateProjects()
    {
        var feature = await GetJsonAsync($"{Results}/items/{(await GetJsonAsync($"{Results}/items?limit=1")).GetProperty("features")[0].GetProperty("id").GetInt64()}");
        Assert.Equal("Feature", feature.GetProperty("type").GetString());
        Assert.EndsWith($"{OgcServer.PublicSlug}.results", Link(feature, "collection"));
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync($"{Results}/items/99999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync($"{Results}/items/abc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/ogc/collections/nowhere.results/items")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync($"/ogc/collections/{OgcServer.PublicSlug}.roads")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync($"/ogc/collections/{OgcServer.PrivateSlug}.results/items")).StatusCode);

        using var viewer = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        viewer.DefaultRequestHeaders.Authorization = new("Bearer", await server.ViewerTokenAsync());
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/ogc/collections/{OgcServer.PrivateSlug}.results/items")).StatusCode);
        var ids = JsonDocument.Parse(await viewer.GetStringAsync("/ogc/collections")).RootElement.GetProperty("collections").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString());
        Assert.Contains($"{OgcServer.PrivateSlug}.results", ids);
    }

    [Fact]
    public async Task HtmlIsServedToBrowsersAndOnRequest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Results}/items?limit=5");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        using var response = await server.Http.SendAsync(request);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<table class=\"ogc-table\"", html);
        Assert.Contains("gap_class", html);
        Assert.DoesNotContain("<script", html);
        Assert.Equal("text/html", (await server.Http.GetAsync("/ogc?f=html")).Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/html", (await server.Http.GetAsync($"{Results}?f=html")).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task QueryablesListTheFilterableProperties()
    {
        using var response = await server.Http.GetAsync($"{Results}/queryables");
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        var properties = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("properties");
        Assert.Equal("number", properties.GetProperty("gap_share").GetProperty("type").GetString());
        Assert.Equal("integer", properties.GetProperty("rank").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("gap_class").GetProperty("type").GetString());
    }
}

[CollectionDefinition(Name)]
public sealed class OgcCollectionFixture : ICollectionFixture<OgcServer>
{
    public const string Name = "OGC server";
}
