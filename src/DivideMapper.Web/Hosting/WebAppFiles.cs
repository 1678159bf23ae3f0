using DivideMapper.Data;
using Microsoft.Extensions.FileProviders;

namespace DivideMapper.Web.Hosting;

/// <summary>
/// Serves the map app from web/public and its npm packages under /vendor (Leaflet comes from npm, never a CDN).
/// Only the files a browser needs are exposed: web/public, and each vendored package's dist folder.
/// </summary>
public static class WebAppFiles
{
    /// <summary>npm package dist folders published under /vendor/{name}/.</summary>
    private static readonly (string Name, string Dist)[] Vendor =
    [
        ("leaflet", "leaflet/dist"),
        // Vector tile overlays on the map (a UMD script that extends window.L; its bundle includes pbf and vector-tile).
        ("leaflet.vectorgrid", "leaflet.vectorgrid/dist"),
    ];

    /// <summary>DIVIDEMAPPER_WEB_DIR or &lt;home&gt;/web: the map app and its npm packages.</summary>
    public static string WebDir =>
        Environment.GetEnvironmentVariable("DIVIDEMAPPER_WEB_DIR") is { Length: > 0 } dir ? Path.GetFullPath(dir) : Path.Combine(DivideMapperPaths.Home, "web");

    public static WebApplication UseWebAppFiles(this WebApplication app, string webDir)
    {
        if (!Directory.Exists(Path.Combine(webDir, "public")))
        {
            app.Logger.LogWarning("The map app folder {WebDir} is missing; / will not serve the map", webDir);
            return app;
        }
        var files = new PhysicalFileProvider(Path.GetFullPath(Path.Combine(webDir, "public")));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "no-cache",
        });
        foreach (var (name, dist) in Vendor)
        {
            var path = Path.Combine(webDir, "node_modules", dist);
            if (!Directory.Exists(path))
            {
                app.Logger.LogWarning("npm package {Package} is missing from {Path}; run ./run.sh (npm ci in web/)", name, path);
                continue;
            }
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(path), RequestPath = $"/vendor/{name}" });
        }
        return app;
    }
}
