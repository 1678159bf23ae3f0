using System.Globalization;
using DivideMapper.Core.Outcomes;
using DivideMapper.Web.Problems;

namespace DivideMapper.Web.Ogc;

/// <summary>What every OGC handler reads from its request: the format asked for, the base URLs, and links that keep the query.</summary>
internal static class OgcRequest
{
    /// <summary>Pages other than items take only f.</summary>
    public static IResult? OnlyFormat(HttpContext http)
    {
        foreach (var name in http.Request.Query.Keys)
            if (name != "f")
                return ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Unknown parameter.", $"'{name}' is not a parameter here; the only one is f (json or html).");
        return http.Request.Query["f"].ToString() is "" or "json" or "html"
            ? null
            : ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Unknown format.", "f must be json or html.");
    }

    /// <summary>f wins; otherwise a browser (text/html before any JSON in Accept) gets HTML.</summary>
    public static bool WantsHtml(HttpContext http, string? format = null)
    {
        format ??= http.Request.Query["f"].ToString();
        if (format.Length > 0) return format == "html";
        var accept = http.Request.Headers.Accept.ToString();
        var html = accept.IndexOf("text/html", StringComparison.OrdinalIgnoreCase);
        var json = accept.IndexOf("json", StringComparison.OrdinalIgnoreCase);
        return html >= 0 && (json < 0 || html < json);
    }

    public static string Root(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    public static string Base(HttpContext http) => Root(http) + "/ogc";

    /// <summary>
    /// The request's query with <paramref name="set"/> replacing a parameter (a cursor replacing an offset, and back),
    /// percent-encoded, so the link asks for the same page but that one parameter.
    /// </summary>
    public static string Query(HttpContext http, params (string Name, string Value)[] set)
    {
        var names = set.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var paging = names.Contains("cursor") || names.Contains("offset");
        var pairs = http.Request.Query.Where(q => !names.Contains(q.Key) && !(paging && q.Key is "cursor" or "offset"))
            .Select(q => (Key: q.Key, Value: q.Value.ToString())).Concat(set.Select(s => (Key: s.Name, Value: s.Value)));
        return "?" + string.Join("&", pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
    }

    /// <summary>A property value as the HTML pages show it: invariant numbers, JSON's true/false.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        double d => d.ToString("G10", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
