using DivideMapper.Data.Access;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DivideMapper.Web.Tests;

public sealed class ProjectEndpointTests(DivideMapperWebFactory factory) : IClassFixture<DivideMapperWebFactory>
{
    [Fact]
    public async Task CreatedProjectIsListedWithItsPrivacyFloor()
    {
        var client = factory.CreateClient(AccessRole.Analyst);
        var created = await client.PostAsJsonAsync("/api/projects", new { slug = "nairobi-east", name = "Nairobi East", minDevices = 12 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/projects"));
        var project = list.RootElement.EnumerateArray().Single(p => p.GetProperty("slug").GetString() == "nairobi-east");
        Assert.Equal("Nairobi East", project.GetProperty("name").GetString());
        Assert.Equal(12, project.GetProperty("minDevices").GetInt32());
        Assert.Equal(20, project.GetProperty("minTests").GetInt32());
        Assert.Equal(0, project.GetProperty("datasets").GetInt32());
    }

    [Theory]
    [InlineData("Has Spaces")]
    [InlineData("UPPER")]
    [InlineData("-leading-dash")]
    [InlineData("")]
    public async Task InvalidSlugIsA400Problem(string slug)
    {
        var response = await factory.CreateClient(AccessRole.Analyst).PostAsJsonAsync("/api/projects", new { slug });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid-parameter", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task DuplicateProjectIsA409Problem()
    {
        var client = factory.CreateClient(AccessRole.Analyst);
        await client.PostAsJsonAsync("/api/projects", new { slug = "twice" });
        var again = await client.PostAsJsonAsync("/api/projects", new { slug = "twice" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/projects/nowhere")]
    [InlineData("GET", "/api/projects/nowhere/datasets")]
    [InlineData("GET", "/api/projects/nowhere/runs")]
    [InlineData("POST", "/api/projects/nowhere/runs")]
    public async Task AnUnknownProjectIsThe404ProblemUnknownProjectOnEveryRoute(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST") request.Content = JsonContent.Create(new { });
        var response = await factory.CreateClient(AccessRole.Analyst).SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unknown-project", body.RootElement.GetProperty("code").GetString());
        Assert.Contains("nowhere", body.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task MalformedJsonIsA400NotA500()
    {
        var response = await factory.CreateClient(AccessRole.Analyst).PostAsync("/api/projects",
            new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
