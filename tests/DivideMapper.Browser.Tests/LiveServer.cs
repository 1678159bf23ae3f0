using DivideMapper.Data.Embedded;
using DivideMapper.Testing;
using DivideMapper.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace DivideMapper.Browser.Tests;

/// <summary>
/// The real app on a loopback port (a browser needs a socket, not the in-memory test server), on its own PostGIS
/// database, plus Debian's chromium driven by Playwright (its own browser download cannot work here).
/// This one has no data at all: the map's first-run state. <see cref="SampleCityServer"/> loads the sample city.
/// </summary>
public class LiveServer : IAsyncLifetime
{
    public PostgisDatabase Database { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    /// <summary>Where the first start writes its admin key (a temp file, never the checkout's .data/).</summary>
    public string AdminKeyFile { get; } = Path.Combine(Path.GetTempPath(), $"dm-browser-admin-{Guid.NewGuid():N}.key");
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await SeedAsync();
        BaseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        _app = DivideMapperApp.Build(["--urls", BaseUrl, "--Database:ConnectionString", Database.ConnectionString,
            "--Access:AdminKeyFile", AdminKeyFile, "--RateLimits:Enabled", "false"]);
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        await AfterStartAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("DIVIDEMAPPER_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // The machine has no network: without these flags chromium keeps trying to reach Google's services.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Fills the database before the app starts.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>Anything that goes through the running app's HTTP API.</summary>
    protected virtual Task AfterStartAsync() => Task.CompletedTask;

    /// <summary>A fresh browser context (no shared state between tests) on the given page of the app.</summary>
    public async Task<IPage> OpenAsync(string path = "/", BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 900 } });
        // No internet here: an OpenStreetMap tile request must fail fast instead of waiting for a timeout.
        await context.RouteAsync("https://**/*", route => route.AbortAsync());
        // Uncaught errors are kept in the page so a test can assert there were none (see ScriptErrorsAsync).
        await context.AddInitScriptAsync("""
            window.__dmErrors = [];
            addEventListener('error', e => window.__dmErrors.push(String(e.message)));
            addEventListener('unhandledrejection', e => window.__dmErrors.push(String(e.reason)));
            """);
        var page = await context.NewPageAsync();
        await page.GotoAsync(BaseUrl + path);
        return page;
    }

    /// <summary>A client that sends the admin key the first start wrote (for setting up data over HTTP).</summary>
    public HttpClient AdminHttp()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", File.ReadAllText(AdminKeyFile).Trim());
        return client;
    }

    /// <summary>Uncaught script errors and unhandled promise rejections since the page opened.</summary>
    public static Task<string[]> ScriptErrorsAsync(IPage page) => page.EvaluateAsync<string[]>("window.__dmErrors ?? []");

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Http?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        await Database.DisposeAsync();
        File.Delete(AdminKeyFile);
    }
}
