using Microsoft.AspNetCore.HostFiltering;

namespace DivideMapper.Web.Hosting;

/// <summary>
/// AllowedHosts closed to the names the app is served under (DNS rebinding: a hostile page whose name resolves to
/// 127.0.0.1 would otherwise talk to a loopback server as if it were same-origin). Unless AllowedHosts is set
/// explicitly, the list is the loopback names plus every concrete host in --urls / ASPNETCORE_URLS; a wildcard bind
/// (0.0.0.0, [::], *, +) adds nothing, so a server reachable on the network must name its public host names.
/// </summary>
public static class ServedHosts
{
    public static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]"];

    public static IServiceCollection AddServedHosts(this IServiceCollection services, IConfiguration configuration)
    {
        var hosts = Resolve(configuration["AllowedHosts"], configuration["urls"] ?? configuration["ASPNETCORE_URLS"]);
        services.PostConfigure<HostFilteringOptions>(o =>
        {
            o.AllowedHosts = hosts;
            o.AllowEmptyHosts = false;
            o.IncludeFailureMessage = false;
        });
        return services;
    }

    /// <summary>The configured list when set (and not "*" from an old appsettings), else loopback + the hosts of the URLs.</summary>
    public static List<string> Resolve(string? configured, string? urls)
    {
        if (configured is { Length: > 0 } list && list.Trim() != "*")
            return list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var hosts = new List<string>(Loopback);
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var host = HostOf(url);
            if (host is null or "0.0.0.0" or "[::]" or "*" or "+") continue;
            if (!hosts.Contains(host, StringComparer.OrdinalIgnoreCase)) hosts.Add(host);
        }
        return hosts;
    }

    private static string? HostOf(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        if (rest.StartsWith('['))
            return rest.IndexOf(']') is var close and > 0 ? rest[..(close + 1)] : null;
        var end = rest.IndexOfAny([':', '/']);
        return end < 0 ? rest : rest[..end];
    }
}
