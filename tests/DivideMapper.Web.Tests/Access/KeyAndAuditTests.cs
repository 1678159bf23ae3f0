using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DivideMapper.Data.Access;

namespace DivideMapper.Web.Tests.Access;

public sealed class KeyAndAuditTests(DivideMapperWebFactory factory) : IClassFixture<DivideMapperWebFactory>
{
    [Fact]
    public async Task FirstStartWritesAnAdminKeyToAFileOnlyItsOwnerCanRead()
    {
        // A factory of its own: the shared one may already hold admin keys made by other tests before its first start.
        await using var fresh = new DivideMapperWebFactory();
        await fresh.InitializeAsync();
        var factory = fresh;
        _ = factory.CreateClient();
        Assert.True(File.Exists(factory.AdminKeyFile));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(factory.AdminKeyFile));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(factory.AdminKeyFile)).Trim());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/keys")).StatusCode);
        await ((IAsyncLifetime)fresh).DisposeAsync();
    }

    [Fact]
    public async Task AKeyIsShownOnceStoredOnlyAsAHashAndRevokedAtOnce()
    {
        var admin = factory.CreateClient(AccessRole.Admin);
        var created = await admin.PostAsJsonAsync("/api/keys", new { role = "analyst", label = "field team" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var token = body.RootElement.GetProperty("token").GetString()!;
        var id = body.RootElement.GetProperty("id").GetInt64();
        Assert.StartsWith("dm_", token);
        Assert.True(token.Length > 40);

        var list = await admin.GetStringAsync("/api/keys");
        // The secret is everything after the prefix's underscore; it may itself hold '_' (base64url), so no Split.
        var secret = token[(token.IndexOf('_', 3) + 1)..];
        Assert.True(secret.Length > 20);
        Assert.DoesNotContain(secret, list);
        Assert.Equal(0L, await factory.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM api_key WHERE encode(hash, 'escape') LIKE '%{secret[..10]}%' OR label LIKE '%{secret[..10]}%'"));

        var analyst = factory.CreateClient();
        analyst.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.Created, (await analyst.PostAsJsonAsync("/api/projects", new { slug = "by-new-key" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await analyst.PostAsJsonAsync("/api/projects", new { slug = "after-revoke" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await analyst.GetAsync("/api/projects")).StatusCode);
    }

    [Fact]
    public async Task KeysInTheQueryStringOrOtherSchemesAreRefused()
    {
        var token = await factory.CreateTokenAsync(AccessRole.Admin);
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/keys?api_key={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/projects?access_token={token}")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Basic", token);
        var basic = await client.GetAsync("/api/projects");
        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.Equal("Bearer", basic.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task EveryWriteIsAuditedWithWhoWhatWhenAndTarget()
    {
        var analyst = factory.CreateClient(AccessRole.Analyst);
        var admin = factory.CreateClient(AccessRole.Admin);
        Assert.Equal(HttpStatusCode.Created, (await analyst.PostAsJsonAsync("/api/projects", new { slug = "audited" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.DeleteAsync("/api/projects/audited")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync("/api/projects/audited", new { visibility = "public" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/projects/audited")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/projects/audited")).StatusCode);

        using var audit = JsonDocument.Parse(await admin.GetStringAsync("/api/audit?limit=1000"));
        var rows = audit.RootElement.EnumerateArray().Where(r => r.GetProperty("project").GetString() == "audited")
            .Select(r => (Action: r.GetProperty("action").GetString(), Outcome: r.GetProperty("outcome").GetInt32(),
                Actor: r.GetProperty("actor").GetString()!, Target: r.GetProperty("target").GetString(), At: r.GetProperty("at").GetDateTimeOffset()))
            .Reverse().ToList();
        Assert.Equal(["project.create", "project.delete", "project.update", "project.delete"], rows.Select(r => r.Action));
        Assert.Equal([201, 403, 200, 204], rows.Select(r => r.Outcome));
        Assert.StartsWith("key:", rows[0].Actor);
        Assert.Equal("/api/projects/audited", rows[0].Target);
        Assert.All(rows, r => Assert.True(DateTimeOffset.UtcNow - r.At < TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task AdminDeletesADatasetAndARun()
    {
        await SampleProject.ImportAsync(factory.Database, "to-prune");
        var admin = factory.CreateClient(AccessRole.Admin);
        // Prefer: wait (RFC 7240): the sample city ends well within the wait, so the answer is 201 with the finished run.
        var run = await RunApi.PostAsync(factory.CreateClient(AccessRole.Analyst), "to-prune", new { }, waitSeconds: 60);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        Assert.Equal("wait=60", run.Headers.GetValues("Preference-Applied").Single());
        var runId = JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        var datasetId = await factory.Database.ScalarAsync<long>(
            "SELECT max(d.id) FROM dataset d JOIN project p ON p.id = d.project_id WHERE p.slug = 'to-prune'");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/runs/{runId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/runs/{runId}")).StatusCode);
        Assert.Equal(0L, await factory.Database.ScalarAsync<long>($"SELECT count(*) FROM settlement_result WHERE run_id = {runId}"));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/projects/to-prune/datasets/{datasetId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/projects/to-prune/datasets/{datasetId}")).StatusCode);
        Assert.Equal(0L, await factory.Database.ScalarAsync<long>($"SELECT count(*) FROM dataset WHERE id = {datasetId}"));
    }
}
