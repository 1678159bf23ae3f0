using DivideMapper.Data.Access;
using DivideMapper.Data.Embedded;
using DivideMapper.Data.Runs;
using Microsoft.AspNetCore.Builder;

namespace DivideMapper.Web.Tests.Ogc;

/// <summary>
/// The real app on a loopback port (GDAL and OWSLib are separate processes and need a socket), on its own PostGIS
/// database with the sample city as a public and a private project, one finished run each (the public one with a
/// settlement whose name is markup, <see cref="HostileName"/>).
/// </summary>
public sealed class OgcServer : IAsyncLifetime
{
    public const string PublicSlug = "ogc-open";
    public const string PrivateSlug = "ogc-closed";

    /// <summary>The name the first settlement of the public project is given before its run: markup that HTML pages must show as text.</summary>
    public const string HostileName = "<script>x</script> & \"Co\"";

    public PostgisDatabase Database { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public HttpClient Http { get; private set; } = null!;
    public long Run { get; private set; }
    private readonly string _adminKeyFile = Path.Combine(Path.GetTempPath(), $"dm-ogc-admin-{Guid.NewGuid():N}.key");
    private WebApplication? _app;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await SampleProject.ImportAsync(Database, PublicSlug);
        await SampleProject.ImportAsync(Database, PrivateSlug, ProjectVisibility.Private);
        await Database.ExecuteAsync(
            $"UPDATE settlement SET name = '{HostileName}' WHERE id = (SELECT min(s.id) FROM settlement s JOIN project p ON p.id = s.project_id WHERE p.slug = '{PublicSlug}')");
        await using (var dataSource = Database.CreateDataSource())
        {
            Run = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(PublicSlug, "giga-20"), "test")).OrThrow().RunId;
            (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(PrivateSlug), "test")).OrThrow();
        }
        BaseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        _app = DivideMapperApp.Build(["--urls", BaseUrl, "--Database:ConnectionString", Database.ConnectionString,
            "--Access:AdminKeyFile", _adminKeyFile, "--RateLimits:Enabled", "false"]);
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
    }

    public async Task<string> ViewerTokenAsync()
    {
        await using var dataSource = Database.CreateDataSource();
        return (await ApiKeys.CreateAsync(dataSource, AccessRole.Viewer, "ogc test", "test")).Token;
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        await Database.DisposeAsync();
        File.Delete(_adminKeyFile);
    }
}
