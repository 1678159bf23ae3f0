using System.Text.RegularExpressions;
using DivideMapper.Web.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DivideMapper.Web.Tests.Access;

/// <summary>One HTTP method of one routed endpoint, as the app declares it.</summary>
public sealed record AppEndpoint(string Method, string Template, string? Policy, bool ChecksProjectRead, string? ContentType = null)
{
    public bool IsWrite => Method is not ("GET" or "HEAD");
    public bool HasRouteParameters => Template.Contains('{');
    public override string ToString() => $"{Method} {Template}";
}

/// <summary>
/// Every endpoint of the running app, read from its EndpointDataSource, so endpoints added later (OGC API, tiles,
/// exports) are covered by the access and hostile-input tests without editing them.
/// </summary>
public static partial class EndpointCatalogue
{
    /// <summary>Framework and documentation routes that hold no project data.</summary>
    private static readonly string[] Infrastructure = ["/docs", "/openapi", "/scalar"];

    public static List<AppEndpoint> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } t && !Infrastructure.Any(i => ("/" + t.TrimStart('/')).StartsWith(i, StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new AppEndpoint(m,
                "/" + e.RoutePattern.RawText!.TrimStart('/'),
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null),
                e.Metadata.GetMetadata<ProjectReadMetadata>() is not null,
                e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.FirstOrDefault())))
            .Where(e => e.Method != "OPTIONS")
            .Distinct()
            .OrderBy(e => e.Template, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();

    /// <summary>The template with each parameter replaced by <paramref name="valueOf"/>(name, template).</summary>
    public static string Url(AppEndpoint endpoint, Func<string, string, string> valueOf) =>
        Parameter().Replace(endpoint.Template, m => Uri.EscapeDataString(valueOf(m.Groups["name"].Value, endpoint.Template)));

    [GeneratedRegex(@"\{\*{0,2}(?<name>\w+)(:[^}]*)?\??\}")]
    private static partial Regex Parameter();
}
