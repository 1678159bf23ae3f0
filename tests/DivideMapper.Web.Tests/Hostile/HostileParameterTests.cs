using System.Net;
using DivideMapper.Data.Access;
using DivideMapper.Web.Tests.Access;
using Xunit.Abstractions;

namespace DivideMapper.Web.Tests.Hostile;

/// <summary>
/// Every endpoint of the app (from its EndpointDataSource, so later ones are covered), every route parameter and the
/// query parameters our endpoints read (bbox, limit, datetime, filter, crs, run, f, base …), tried with injection
/// strings, huge numbers, NaN and wrong types: 4xx problem documents or a normal answer, never a 5xx.
/// </summary>
public sealed class HostileParameterTests(AccessFixture fixture, ITestOutputHelper output) : IClassFixture<AccessFixture>
{
    private static readonly string[] Values =
    [
        "' OR '1'='1", "1; DROP TABLE project;--", "\"))--", "NaN", "-Infinity", "1e999", "-1", "0", "99999999999999999999999",
        "2147483648", "1.5", "abc", "", " ", "%00", "\u0000", "../../../../etc/passwd", "<script>alert(1)</script>", "${jndi:ldap://x}",
        new string('9', 400), new string('a', 5000), "-180,-90,180,90,0,1,2", "10,20", "true", "[]", "{}", "√∞", "2024-13-45T25:61:00Z/..",
    ];

    private static readonly string[] QueryNames =
    [
        "bbox", "bbox-crs", "crs", "limit", "offset", "datetime", "filter", "filter-lang", "filter-crs", "run", "f", "base", "layer",
        "format", "collection", "properties", "sortby", "role", "profile", "period", "z", "x", "y", "srid", "name",
    ];

    [Fact]
    public async Task HostileQueryParametersNeverGive5xx()
    {
        var failures = new List<string>();
        var tried = 0;
        foreach (var endpoint in EndpointCatalogue.All(fixture.Services).Where(e => !e.IsWrite))
        {
            var url = fixture.UrlFor(endpoint, fixture.PublicSlug);
            var separator = url.Contains('?') ? '&' : '?';
            foreach (var name in QueryNames)
                foreach (var value in Values)
                {
                    tried++;
                    await CheckAsync(failures, endpoint, $"{url}{separator}{name}={Uri.EscapeDataString(value)}", AccessRole.Admin);
                }
        }
        output.WriteLine($"{tried} requests with hostile query parameters");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(60)));
    }

    [Fact]
    public async Task HostileRouteValuesNeverGive5xx()
    {
        var failures = new List<string>();
        var tried = 0;
        foreach (var endpoint in EndpointCatalogue.All(fixture.Services).Where(e => e.HasRouteParameters))
            foreach (var value in Values.Where(v => v.Length > 0 && v != " "))
            {
                tried++;
                var url = EndpointCatalogue.Url(endpoint, (_, _) => value);
                // As admin, so the value reaches the handler; the values are never valid ids or slugs, so nothing is deleted.
                await CheckAsync(failures, endpoint, url, AccessRole.Admin);
                await CheckAsync(failures, endpoint, url, null);
            }
        output.WriteLine($"{tried} hostile route values × 2 callers");
        Assert.Equal(2L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM project"));
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(60)));
    }

    private async Task CheckAsync(List<string> failures, AppEndpoint endpoint, string url, AccessRole? role)
    {
        using var client = fixture.Factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
        if (role is { } r) request.Headers.Authorization = new("Bearer", await TokenAsync(r));
        if (endpoint.Method is "POST" or "PUT" or "PATCH")
            request.Content = endpoint.ContentType is "multipart/form-data"
                ? new MultipartFormDataContent { { new ByteArrayContent("{}"u8.ToArray()), "file", "x.geojson" } }
                : new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (Exception e) when (e is UriFormatException || e is InvalidOperationException && e.Message.Contains("null characters", StringComparison.Ordinal))
        {
            return; // not a request a client can send (Kestrel answers a NUL in the path with 400 before any of our code)
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (status >= 500)
                failures.Add($"{endpoint} {url[..Math.Min(url.Length, 160)]}: {status} {Trim(await response.Content.ReadAsStringAsync())}");
            else if (status >= 400 && response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or null))
                failures.Add($"{endpoint} {url[..Math.Min(url.Length, 160)]}: {status} as {response.Content.Headers.ContentType?.MediaType}, not a problem");
        }
    }

    private readonly Dictionary<AccessRole, string> _tokens = [];

    private async Task<string> TokenAsync(AccessRole role)
    {
        if (!_tokens.TryGetValue(role, out var token)) _tokens[role] = token = await fixture.Factory.CreateTokenAsync(role);
        return token;
    }

    private static string Trim(string s) => s.Length > 300 ? s[..300] : s;
}
