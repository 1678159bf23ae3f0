using System.Net;
using DivideMapper.Data.Access;
using DivideMapper.Data.Runs;
using DivideMapper.Web.Access;

namespace DivideMapper.Web.Tests.Access;

/// <summary>
/// Role × endpoint, over every endpoint the app maps (DESIGN §8): each write is refused without a key (401) and
/// with a key whose role is too low (403); each read of a public project answers an anonymous caller exactly as it
/// answers an admin; each read of a private project answers an anonymous caller 404 (or 401) and a viewer as an
/// admin; and every endpoint with a project or run in its route declares a read check or a role.
/// </summary>
public sealed class RoleEndpointTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    [Fact]
    public void EveryEndpointWithAProjectInItsRouteChecksReadsOrNeedsARole()
    {
        var unchecked_ = EndpointCatalogue.All(fixture.Services)
            .Where(e => e.HasRouteParameters && !e.IsWrite && e.Policy is null && !e.ChecksProjectRead)
            .ToList();
        Assert.True(unchecked_.Count == 0,
            "Endpoints with route parameters but neither .RequireProjectRead()/.RequireRunRead() nor a role: " + string.Join(", ", unchecked_));
    }

    [Fact]
    public void EveryWriteNeedsAnAnalystOrAdminKey()
    {
        var open = EndpointCatalogue.All(fixture.Services)
            .Where(e => e.IsWrite && e.Policy is not (AccessControl.AnalystPolicy or AccessControl.AdminPolicy)).ToList();
        Assert.True(open.Count == 0, "Writes without .RequireAnalyst() or .RequireAdmin(): " + string.Join(", ", open));
    }

    [Fact]
    public async Task EveryWriteIsRefusedWithoutTheRightKey()
    {
        var failures = new List<string>();
        foreach (var endpoint in EndpointCatalogue.All(fixture.Services).Where(e => e.IsWrite))
        {
            var url = fixture.UrlFor(endpoint, fixture.PublicSlug);
            Expect(failures, endpoint, "anonymous", await fixture.SendAsync(endpoint, url, null), HttpStatusCode.Unauthorized);
            Expect(failures, endpoint, "a revoked key", await fixture.SendAsync(endpoint, url, fixture.RevokedToken), HttpStatusCode.Unauthorized);
            Expect(failures, endpoint, "a malformed key", await fixture.SendAsync(endpoint, url, "not-a-key"), HttpStatusCode.Unauthorized);
            Expect(failures, endpoint, "viewer", await fixture.SendAsync(endpoint, url, AccessRole.Viewer), HttpStatusCode.Forbidden);
            if (endpoint.Policy == AccessControl.AdminPolicy)
                Expect(failures, endpoint, "analyst", await fixture.SendAsync(endpoint, url, AccessRole.Analyst), HttpStatusCode.Forbidden);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // Nothing was written: the fixture's two projects and their data are intact.
        Assert.Equal(2L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM project"));
        Assert.True(await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit WHERE outcome IN (401, 403)") > 0,
            "refused writes are audited");
    }

    [Fact]
    public async Task EveryReadOfAPublicProjectWorksAnonymously()
    {
        var failures = new List<string>();
        foreach (var endpoint in EndpointCatalogue.All(fixture.Services).Where(e => !e.IsWrite && e.Policy is null))
        {
            var url = fixture.UrlFor(endpoint, fixture.PublicSlug);
            var asAdmin = await fixture.SendAsync("GET", url, AccessRole.Admin);
            var anonymous = await fixture.SendAsync("GET", url, null);
            if (anonymous != asAdmin || (int)anonymous >= 500 || anonymous is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                failures.Add($"{endpoint} ({url}): anonymous {(int)anonymous}, admin {(int)asAdmin}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task ReadsOfAPrivateProjectNeedAViewerKeyAndOtherwiseLookUnknown()
    {
        var failures = new List<string>();
        foreach (var endpoint in EndpointCatalogue.All(fixture.Services).Where(e => !e.IsWrite && e.Policy is null && e.HasRouteParameters))
        {
            var url = fixture.UrlFor(endpoint, fixture.PrivateSlug);
            var asAdmin = await fixture.SendAsync("GET", url, AccessRole.Admin);
            var asViewer = await fixture.SendAsync("GET", url, AccessRole.Viewer);
            var anonymous = await fixture.SendAsync("GET", url, null);
            if (asViewer != asAdmin) failures.Add($"{endpoint} ({url}): viewer {(int)asViewer}, admin {(int)asAdmin}");
            if (asAdmin == HttpStatusCode.OK && anonymous != HttpStatusCode.NotFound)
                failures.Add($"{endpoint} ({url}): anonymous got {(int)anonymous} for a private project, not 404");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task ProjectListShowsPrivateProjectsOnlyToKeyHolders()
    {
        var anonymous = await fixture.Factory.CreateClient().GetStringAsync("/api/projects");
        var viewer = await fixture.Factory.CreateClient(AccessRole.Viewer).GetStringAsync("/api/projects");
        Assert.Contains(fixture.PublicSlug, anonymous);
        Assert.DoesNotContain(fixture.PrivateSlug, anonymous);
        Assert.Contains(fixture.PrivateSlug, viewer);
    }

    private static void Expect(List<string> failures, AppEndpoint endpoint, string who, HttpStatusCode got, HttpStatusCode expected)
    {
        if (got != expected) failures.Add($"{endpoint} as {who}: {(int)got}, expected {(int)expected}");
    }
}

/// <summary>A public and a private project, each with the sample city and one finished run, and a revoked key.</summary>
public sealed class AccessFixture : IAsyncLifetime
{
    public DivideMapperWebFactory Factory { get; } = new();
    public string PublicSlug => "open-city";
    public string PrivateSlug => "closed-city";
    public string RevokedToken { get; private set; } = "";
    private readonly Dictionary<string, (long Run, long Dataset)> _ids = [];

    public IServiceProvider Services => Factory.Services;
    public Testing.PostgisDatabase Database => Factory.Database;

    public async Task InitializeAsync()
    {
        await Factory.InitializeAsync();
        await using var dataSource = Database.CreateDataSource();
        foreach (var (slug, visibility) in new[] { (PublicSlug, ProjectVisibility.Public), (PrivateSlug, ProjectVisibility.Private) })
        {
            await SampleProject.ImportAsync(Database, slug, visibility);
            var run = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(slug), "test")).OrThrow();
            var dataset = await Database.ScalarAsync<long>($"SELECT min(d.id) FROM dataset d JOIN project p ON p.id = d.project_id WHERE p.slug = '{slug}'");
            _ids[slug] = (run.RunId, dataset);
        }
        var revoked = await ApiKeys.CreateAsync(dataSource, AccessRole.Admin, "revoked", "test");
        await ApiKeys.RevokeAsync(dataSource, revoked.Id);
        RevokedToken = revoked.Token;
        _ = Factory.CreateClient(); // start the app
    }

    /// <summary>The endpoint's URL for a project: its slug, its run, its first dataset, its results collection.</summary>
    public string UrlFor(AppEndpoint endpoint, string slug) => EndpointCatalogue.Url(endpoint, (name, template) => name switch
    {
        "slug" or "project" => slug,
        "id" when template.StartsWith("/api/runs", StringComparison.Ordinal) => _ids[slug].Run.ToString(),
        "id" or "datasetId" when template.Contains("/datasets", StringComparison.Ordinal) => _ids[slug].Dataset.ToString(),
        "runId" or "run" => _ids[slug].Run.ToString(),
        "collectionId" or "collection" => $"{slug}.results",
        "layer" => "results",
        "z" or "x" or "y" => "0",
        "featureId" => "1",
        _ => "999999",
    }) + (endpoint.Template.EndsWith("/compare", StringComparison.Ordinal) ? $"?base={_ids[slug].Run}" : "");

    public Task<HttpStatusCode> SendAsync(string method, string url, AccessRole role) => SendAsync(method, url, Token(role));

    public Task<HttpStatusCode> SendAsync(AppEndpoint endpoint, string url, AccessRole role) => SendAsync(endpoint, url, Token(role));

    public Task<HttpStatusCode> SendAsync(string method, string url, string? token) => SendAsync(new AppEndpoint(method, url, null, false), url, token);

    /// <summary>A request with a body of the endpoint's declared type (an empty JSON object, or a small multipart file).</summary>
    public async Task<HttpStatusCode> SendAsync(AppEndpoint endpoint, string url, string? token)
    {
        using var client = Factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        if (endpoint.Method is "POST" or "PUT" or "PATCH")
            request.Content = endpoint.ContentType is "multipart/form-data"
                ? new MultipartFormDataContent { { new ByteArrayContent("{}"u8.ToArray()), "file", "x.geojson" } }
                : new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private readonly Dictionary<AccessRole, string> _tokens = [];

    private string Token(AccessRole role)
    {
        lock (_tokens)
            if (!_tokens.TryGetValue(role, out var t)) _tokens[role] = t = Factory.CreateTokenAsync(role).GetAwaiter().GetResult();
        return _tokens[role];
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)Factory).DisposeAsync();
}
