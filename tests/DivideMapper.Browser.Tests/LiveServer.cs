using System.Net;
using System.Net.Sockets;
using DivideMapper.Testing;
using DivideMapper.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace DivideMapper.Browser.Tests;

/// <summary>
/// The real app on a loopback port (a browser needs a socket, not the in-memory test server), on its own PostGIS
/// database, plus Debian's chromium driven by Playwright (its own browser download cannot work here).
/// </summary>
public sealed class LiveServer : IAsyncLifetime
{
    public PostgisDatabase Database { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        BaseUrl = $"http://127.0.0.1:{FreePort()}";
        _app = DivideMapperApp.Build(["--urls", BaseUrl, "--Database:ConnectionString", Database.ConnectionString]);
        await _app.StartAsync();

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

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
