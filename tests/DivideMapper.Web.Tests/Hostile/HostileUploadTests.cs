using System.Net;
using DivideMapper.Data.Access;
using Xunit.Abstractions;

namespace DivideMapper.Web.Tests.Hostile;

/// <summary>
/// ≥ 300 malformed or malicious uploads over HTTP (issue 12 item 7): no 5xx, no crash, nothing stored for a refused
/// file (not even its project), every corpus entry refused, and an accepted mutation stored exactly as reported.
/// </summary>
public sealed class HostileUploadTests(DivideMapperWebFactory factory, ITestOutputHelper output) : IClassFixture<DivideMapperWebFactory>
{
    [Fact]
    public async Task HostileUploadsGetNo5xxAndStoreNothingWhenRefused()
    {
        var uploads = HostileUploads.All().ToList();
        Assert.True(uploads.Count >= 300, $"only {uploads.Count} uploads in the battery");
        var client = factory.CreateClient(AccessRole.Analyst);
        client.Timeout = TimeSpan.FromMinutes(5);
        var failures = new List<string>();
        int refused = 0, accepted = 0, serverErrors = 0;
        for (var i = 0; i < uploads.Count; i++)
        {
            var upload = uploads[i];
            var dir = Directory.CreateTempSubdirectory("dm-hostile-").FullName;
            try
            {
                var path = upload.Write(dir);
                if (!File.Exists(path)) continue; // the corpus's "missing file" has nothing to send
                if (path.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)) path = ZipShapefile(path);
                var slug = $"h{i}";
                using var content = new MultipartFormDataContent();
                content.Add(new StreamContent(File.OpenRead(path)), "file", Path.GetFileName(path));
                using var response = await client.PostAsync($"/api/projects/{slug}/datasets?role={upload.Role}{upload.Query}", content);
                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    serverErrors++;
                    failures.Add($"{upload}: {status} {await response.Content.ReadAsStringAsync()}");
                }
                else if (response.IsSuccessStatusCode)
                {
                    accepted++;
                    if (upload.MustBeRefused) failures.Add($"{upload}: accepted ({status}) but must be refused");
                }
                else
                {
                    refused++;
                    if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        failures.Add($"{upload}: {status} without a problem document");
                    var stored = await factory.Database.ScalarAsync<long>($"SELECT count(*) FROM project WHERE slug = '{slug}'");
                    if (stored != 0) failures.Add($"{upload}: refused with {status} but its project was stored");
                }
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        output.WriteLine($"{uploads.Count} uploads: {refused} refused (4xx), {accepted} accepted, {serverErrors} 5xx");
        // Every accepted dataset holds exactly the rows its report counted.
        var mismatched = await factory.Database.ScalarAsync<long>("""
            SELECT count(*) FROM dataset d WHERE d.feature_count <> (
              SELECT count(*) FROM (SELECT dataset_id FROM settlement UNION ALL SELECT dataset_id FROM coverage UNION ALL SELECT dataset_id FROM site
                                    UNION ALL SELECT dataset_id FROM measurement UNION ALL SELECT dataset_id FROM facility) r WHERE r.dataset_id = d.id)
            """);
        Assert.Equal(0L, mismatched);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health")).StatusCode);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(60)));
    }

    /// <summary>A shapefile travels over HTTP as a zip of its .shp and sibling files, as analysts send it.</summary>
    private static string ZipShapefile(string shp)
    {
        var dir = Path.GetDirectoryName(shp)!;
        var stem = Path.GetFileNameWithoutExtension(shp);
        var zip = Path.Combine(dir, stem + "-upload.zip");
        using var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Create);
        foreach (var file in Directory.GetFiles(dir, stem + ".*"))
            System.IO.Compression.ZipFileExtensions.CreateEntryFromFile(archive, file, Path.GetFileName(file));
        return zip;
    }
}
