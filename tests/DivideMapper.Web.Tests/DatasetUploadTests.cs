using DivideMapper.Data.Access;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DivideMapper.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DivideMapper.Web.Tests;

public sealed class DatasetUploadTests(DivideMapperWebFactory factory) : IClassFixture<DivideMapperWebFactory>
{
    private static MultipartFormDataContent FileContent(string fileName, byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static MultipartFormDataContent SampleFile(string name) =>
        FileContent(name, File.ReadAllBytes(Path.Combine(RepoPaths.Root, "sample-data", name)));

    [Fact]
    public async Task UploadingTheSampleSettlementsReturns201WithTheReport()
    {
        var response = await factory.CreateClient(AccessRole.Analyst).PostAsync("/api/projects/upload-ok/datasets?role=settlements", SampleFile("settlements.geojson"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.True(root.GetProperty("dataset").GetInt64() > 0);
        Assert.Equal("settlements", root.GetProperty("role").GetString());
        Assert.Equal(25, root.GetProperty("features").GetInt32());
        Assert.Equal(0, root.GetProperty("rejected").GetInt32());
        Assert.Equal("EPSG:4326", root.GetProperty("sourceCrs").GetString());
        Assert.Equal("MultiPolygon", root.GetProperty("geometryType").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("warnings").ValueKind);
        Assert.Equal(response.Headers.Location?.ToString(), $"/api/projects/upload-ok/datasets/{root.GetProperty("dataset").GetInt64()}");

        using var datasets = JsonDocument.Parse(await factory.CreateClient(AccessRole.Analyst).GetStringAsync("/api/projects/upload-ok/datasets"));
        Assert.Equal(25, datasets.RootElement.EnumerateArray().Single().GetProperty("features").GetInt32());
    }

    [Fact]
    public async Task APopulationRasterUploadStoresItsCellsAndReportsTheRaster()
    {
        var analyst = factory.CreateClient(AccessRole.Analyst);
        Assert.Equal(HttpStatusCode.Created,
            (await analyst.PostAsync("/api/projects/upload-tif/datasets?role=settlements", SampleFile("settlements.geojson"))).StatusCode);

        var response = await analyst.PostAsync("/api/projects/upload-tif/datasets?role=population&licence=CC0-1.0", SampleFile("population.tif"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal("population", root.GetProperty("role").GetString());
        var cells = root.GetProperty("features").GetInt32();
        Assert.True(cells > 0);
        var raster = root.GetProperty("raster");
        Assert.Equal(cells, raster.GetProperty("cellsKept").GetInt64());
        var people = raster.GetProperty("peopleKept").GetDouble();
        var stored = await factory.Database.ScalarAsync<long>(
            "SELECT count(*) FROM population p JOIN project pr ON pr.id = p.project_id WHERE pr.slug = 'upload-tif'");
        Assert.Equal(cells, stored);
        var storedPeople = await factory.Database.ScalarAsync<double>(
            "SELECT sum(people) FROM population p JOIN project pr ON pr.id = p.project_id WHERE pr.slug = 'upload-tif'");
        Assert.Equal(people, storedPeople, 6);
    }

    [Fact]
    public async Task AZippedUtmShapefileIsReprojectedAndReportsItsCrs()
    {
        var response = await factory.CreateClient(AccessRole.Analyst).PostAsync("/api/projects/upload-shp/datasets?role=coverage", SampleFile("coverage.zip"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("EPSG:32737", body.RootElement.GetProperty("sourceCrs").GetString());
        // Stored in 4326: the sample city is near Nairobi.
        var x = await factory.Database.ScalarAsync<double>("SELECT ST_X(ST_Centroid(ST_Collect(geom))) FROM coverage");
        Assert.InRange(x, 36, 38);
    }

    [Fact]
    public async Task ABadFileIs422WithEveryProblemAndNothingStored()
    {
        var bowTie = """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"X"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}""";

        var response = await factory.CreateClient(AccessRole.Analyst).PostAsync("/api/projects/upload-bad/datasets?role=settlements",
            FileContent("bowtie.geojson", Encoding.UTF8.GetBytes(bowTie)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid-file", body.RootElement.GetProperty("code").GetString());
        var problem = body.RootElement.GetProperty("problems").EnumerateArray().Single();
        Assert.Equal("self-intersection", problem.GetProperty("code").GetString());
        Assert.Equal(1, problem.GetProperty("feature").GetInt32());
        Assert.Contains("bowtie.geojson", problem.GetProperty("message").GetString());
        Assert.Equal(0L, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM project WHERE slug = 'upload-bad'"));
    }

    [Fact]
    public async Task AnUnknownRoleIs400()
    {
        var response = await factory.CreateClient(AccessRole.Analyst).PostAsync("/api/projects/p/datasets?role=towers", SampleFile("settlements.geojson"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid-parameter", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ABodyThatIsNotMultipartIs415()
    {
        var response = await factory.CreateClient(AccessRole.Analyst).PostAsync("/api/projects/p/datasets?role=settlements",
            new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task AnUnsupportedFormatIs415()
    {
        var response = await factory.CreateClient(AccessRole.Analyst).PostAsync("/api/projects/unsupported/datasets?role=settlements",
            FileContent("notes.docx", "PK\u0003\u0004 not really a document"u8.ToArray()));
        Assert.True(response.StatusCode is HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity,
            $"got {response.StatusCode}");
        Assert.Equal(0L, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM project WHERE slug = 'unsupported'"));
    }

    [Fact]
    public async Task AnUploadOverTheCapIs413AndNothingIsStored()
    {
        await using var small = factory.WithWebHostBuilder(b => b.UseSetting("Import:MaxUploadBytes", "1000"));
        var client = small.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await factory.CreateTokenAsync(AccessRole.Analyst));
        var response = await client.PostAsync("/api/projects/too-big/datasets?role=settlements", SampleFile("settlements.geojson"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("file-too-large", body.RootElement.GetProperty("code").GetString());
        Assert.Equal(0L, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM project WHERE slug = 'too-big'"));
    }

    [Fact]
    public async Task UploadingTheSameBytesTwiceReturnsTheSameDataset()
    {
        var client = factory.CreateClient(AccessRole.Analyst);
        var first = JsonDocument.Parse(await (await client.PostAsync("/api/projects/twice/datasets?role=sites", SampleFile("cell_sites.csv"))).Content.ReadAsStringAsync());
        var second = JsonDocument.Parse(await (await client.PostAsync("/api/projects/twice/datasets?role=sites", SampleFile("cell_sites.csv"))).Content.ReadAsStringAsync());

        Assert.Equal(first.RootElement.GetProperty("dataset").GetInt64(), second.RootElement.GetProperty("dataset").GetInt64());
        Assert.True(second.RootElement.GetProperty("alreadyImported").GetBoolean());
        Assert.Equal(80L, await factory.Database.ScalarAsync<long>(
            "SELECT count(*) FROM site s JOIN project p ON p.id = s.project_id WHERE p.slug = 'twice'"));
    }
}
