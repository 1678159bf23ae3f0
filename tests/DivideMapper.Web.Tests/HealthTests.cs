using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DivideMapper.Web.Tests;

public sealed class HealthTests(DivideMapperWebFactory factory) : IClassFixture<DivideMapperWebFactory>
{
    [Fact]
    public async Task HealthReportsTheDatabaseOkAndThePostgisVersion()
    {
        var response = await factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        var database = body.RootElement.GetProperty("database");
        Assert.Equal("ok", database.GetProperty("state").GetString());
        Assert.Equal("external", database.GetProperty("mode").GetString());
        Assert.StartsWith("3.", database.GetProperty("postgis").GetString());
        Assert.True(database.GetProperty("migrated").GetBoolean());
    }

    [Fact]
    public async Task HealthIs503WhenTheDatabaseIsDown()
    {
        // Port 1 on loopback refuses at once: the app still starts, /health says why.
        await using var down = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.UseSetting("Database:ConnectionString", "Host=127.0.0.1;Port=1;Username=postgres;Timeout=3"));

        var response = await down.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unavailable", body.RootElement.GetProperty("status").GetString());
        Assert.NotEqual("ok", body.RootElement.GetProperty("database").GetProperty("state").GetString());
    }

    [Fact]
    public async Task OpenApiDocumentAndDocsAreServed()
    {
        var client = factory.CreateClient();
        var openApi = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        using var doc = JsonDocument.Parse(await openApi.Content.ReadAsStringAsync());
        Assert.StartsWith("3.0.", doc.RootElement.GetProperty("openapi").GetString()); // 3.0, as clients and OGC API expect
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/health", out _));

        // Every HTTP endpoint the app maps is in the document, with each of its methods.
        var endpoints = factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not null)
            .ToList();
        Assert.NotEmpty(endpoints);
        var missing = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!.TrimStart('/').TrimEnd('/'), @"\{([^}:?]+)[^}]*\}", "{$1}");
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods)
                if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out _))
                    missing.Add($"{method} {path}");
        }
        Assert.Empty(missing);

        var docs = await client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("DivideMapper API", await docs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownRouteIsAProblemDetailsWithACode()
    {
        var response = await factory.CreateClient().GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("not-found", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task TheMapIsServedAtTheRoot()
    {
        var response = await factory.CreateClient().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("DivideMapper", await response.Content.ReadAsStringAsync());
    }
}
