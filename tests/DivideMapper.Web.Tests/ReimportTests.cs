using System.Net;
using System.Text.Json;
using DivideMapper.Data.Access;
using DivideMapper.Testing;

namespace DivideMapper.Web.Tests;

/// <summary>Re-importing the same bytes: the same options give the existing dataset back; other options are refused (409), never silently ignored.</summary>
public sealed class ReimportTests(DivideMapperWebFactory factory) : IClassFixture<DivideMapperWebFactory>
{
    [Fact]
    public async Task TheSameBytesWithOtherOptionsAreRefusedClearly()
    {
        var client = factory.CreateClient(AccessRole.Analyst);
        var first = await client.PostAsync("/api/projects/again/datasets?role=sites&tech=4G", File());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var same = await client.PostAsync("/api/projects/again/datasets?role=sites&tech=4G", File());
        Assert.Equal(HttpStatusCode.Created, same.StatusCode);
        Assert.True(JsonDocument.Parse(await same.Content.ReadAsStringAsync()).RootElement.GetProperty("alreadyImported").GetBoolean());

        var other = await client.PostAsync("/api/projects/again/datasets?role=sites&tech=5G&defaultRangeM=900", File());
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        var body = await other.Content.ReadAsStringAsync();
        Assert.Contains("other import options", body);
        Assert.Equal(1L, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM dataset"));
    }

    private static MultipartFormDataContent File() =>
        new() { { new ByteArrayContent(System.IO.File.ReadAllBytes(Path.Combine(RepoPaths.Root, "sample-data", "cell_sites.csv"))), "file", "cell_sites.csv" } };
}
