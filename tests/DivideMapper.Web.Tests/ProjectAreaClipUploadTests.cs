using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DivideMapper.Data.Access;
using DivideMapper.Testing;

namespace DivideMapper.Web.Tests;

/// <summary>Uploads clip to the project area (DESIGN §7): <c>clipMarginM</c>, <c>noClip</c>, the 201 report's count, the 422 refusal.</summary>
public sealed class ProjectAreaClipUploadTests(DivideMapperWebFactory factory) : IClassFixture<DivideMapperWebFactory>
{
    private static MultipartFormDataContent File(string fileName, string text)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static MultipartFormDataContent Settlements() => File("settlements.geojson",
        System.IO.File.ReadAllText(Path.Combine(RepoPaths.Root, "sample-data", "settlements.geojson")));

    private const string World = "lon,lat,avg_d_kbps,tests,devices\n36.82,-1.29,9000,30,12\n36.81,-1.28,7000,22,10\n-77.0,-12.0,5000,3,1\n151.2,-33.9,6000,4,2\n";

    private async Task<HttpClient> ProjectAsync(string slug)
    {
        var analyst = factory.CreateClient(AccessRole.Analyst);
        Assert.Equal(HttpStatusCode.Created, (await analyst.PostAsync($"/api/projects/{slug}/datasets?role=settlements", Settlements())).StatusCode);
        return analyst;
    }

    [Fact]
    public async Task The201ReportCountsTheRowsOutsideTheProjectArea()
    {
        var analyst = await ProjectAsync("clip-web");
        var response = await analyst.PostAsync("/api/projects/clip-web/datasets?role=measurements&period=2024Q1&clipMarginM=1500", File("world.csv", World));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("outsideProjectArea").GetInt64());
        Assert.Equal(1500, body.RootElement.GetProperty("projectArea").GetProperty("marginM").GetDouble());
        Assert.Equal(2L, await factory.Database.ScalarAsync<long>(
            "SELECT count(*) FROM measurement m JOIN project p ON p.id = m.project_id WHERE p.slug = 'clip-web'"));
    }

    [Fact]
    public async Task NoClipStoresEveryRow()
    {
        var analyst = await ProjectAsync("clip-web-off");
        var response = await analyst.PostAsync("/api/projects/clip-web-off/datasets?role=measurements&noClip=true", File("world.csv", World));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, body.RootElement.GetProperty("outsideProjectArea").GetInt64());
        Assert.Equal(4L, await factory.Database.ScalarAsync<long>(
            "SELECT count(*) FROM measurement m JOIN project p ON p.id = m.project_id WHERE p.slug = 'clip-web-off'"));
    }

    [Theory]
    [InlineData("clipMarginM=-1")]
    [InlineData("clipMarginM=wide")]
    [InlineData("clipMarginM=100&noClip=true")]
    public async Task ABadClipOptionIs400(string query)
    {
        var response = await factory.CreateClient(AccessRole.Analyst).PostAsync($"/api/projects/clip-web-bad/datasets?role=measurements&{query}", File("world.csv", World));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("clipMarginM", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AFileWithNothingInTheAreaIs422WithTheCountsAndStoresNothing()
    {
        var analyst = await ProjectAsync("clip-web-away");
        var response = await analyst.PostAsync("/api/projects/clip-web-away/datasets?role=coverage&tech=4G",
            File("lima.geojson", """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-77.1,-12.1],[-77,-12.1],[-77,-12],[-77.1,-12],[-77.1,-12.1]]]}}]}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("none of its features lies within the project area", body.RootElement.GetProperty("detail").GetString());
        Assert.Equal("no-features", body.RootElement.GetProperty("problems")[0].GetProperty("code").GetString());
        Assert.Equal(1, body.RootElement.GetProperty("report").GetProperty("outsideProjectArea").GetInt64());
        Assert.Equal(0L, await factory.Database.ScalarAsync<long>(
            "SELECT count(*) FROM coverage c JOIN project p ON p.id = c.project_id WHERE p.slug = 'clip-web-away'"));
    }
}
