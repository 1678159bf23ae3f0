namespace DivideMapper.Web.Hosting;

/// <summary>
/// Headers that close what a browser would otherwise allow (DESIGN §8): a Content-Security-Policy with no inline
/// or foreign script (the map is plain ES modules from 'self'; the API reference's one inline bootstrap is moved to a
/// file by <see cref="ApiDocsPage"/>), no framing (clickjacking), no MIME sniffing, no Referer leaving the site.
/// CORS is not enabled at all, so other origins cannot read any answer.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The map: scripts, styles, data and fonts from this origin only; images also from OpenStreetMap (the opt-in background).</summary>
    public const string MapPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https://tile.openstreetmap.org; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// /docs (Scalar): still no inline or foreign script, but Scalar's Vue components inject &lt;style&gt; elements, so
    /// styles may be inline there (style injection cannot run code).
    /// </summary>
    public const string DocsPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/docs") ? DocsPolicy : MapPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
