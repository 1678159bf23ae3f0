using System.Text;
using System.Text.RegularExpressions;

namespace DivideMapper.Web.Hosting;

/// <summary>
/// Serves the Scalar API reference under the strict CSP: Scalar's page boots with one inline module script, so
/// the page is taken from Scalar as it renders it, that script is moved to <c>/docs/dm-init.js</c> (same bytes, now
/// a file from 'self') and the page refers to it instead. Scalar's own assets (scalar.js) are served by Scalar from
/// the app, and its default fonts (a CDN) are off, so /docs makes no request to another host.
/// </summary>
public static partial class ApiDocsPage
{
    public const string InitScriptPath = "/docs/dm-init.js";
    private static string? _initScript;

    public static WebApplication UseApiDocsPage(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path.Value ?? "";
            if (path == InitScriptPath && _initScript is { } script)
            {
                http.Response.ContentType = "text/javascript; charset=utf-8";
                await http.Response.WriteAsync(script);
                return;
            }
            if (path is not ("/docs/" or "/docs/v1" or "/docs/v1/") || !HttpMethods.IsGet(http.Request.Method))
            {
                await next(http);
                return;
            }
            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await next(http);
            }
            finally
            {
                http.Response.Body = original;
            }
            var html = Encoding.UTF8.GetString(buffer.ToArray());
            if (InlineModule().Match(html) is { Success: true } inline)
            {
                _initScript = inline.Groups["body"].Value;
                html = html.Replace(inline.Value, $"<script type=\"module\" src=\"{InitScriptPath}\"></script>", StringComparison.Ordinal);
            }
            http.Response.ContentLength = null;
            await http.Response.WriteAsync(html);
        });
        return app;
    }

    [GeneratedRegex(@"<script type=""module"">(?<body>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineModule();
}
