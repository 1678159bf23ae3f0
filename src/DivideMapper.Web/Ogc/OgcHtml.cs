using System.Net;
using System.Text;

namespace DivideMapper.Web.Ogc;

/// <summary>
/// The HTML encoding of OGC API Features (Part 1 §7.15.4 html conformance): plain server-rendered pages with the
/// same links and values as the JSON, every text HTML-encoded, no script (the CSP allows none inline), styled by
/// the map's stylesheet so it reads the same way.
/// </summary>
public static class OgcHtml
{
    public const string MediaType = "text/html; charset=utf-8";

    public static IResult Page(string title, string? description, IEnumerable<OgcLink> links, IReadOnlyList<string>? columns = null,
        IEnumerable<IReadOnlyList<string?>>? rows = null)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>").Append(E(title)).Append(" — DivideMapper OGC API</title><link rel=\"stylesheet\" href=\"/app.css\"></head>")
            .Append("<body class=\"ogc\"><main><h1>").Append(E(title)).Append("</h1>");
        if (description is not null) html.Append("<p>").Append(E(description)).Append("</p>");
        html.Append("<nav aria-label=\"Links\"><ul>");
        foreach (var link in links)
            html.Append("<li><a href=\"").Append(E(link.Href)).Append("\" rel=\"").Append(E(link.Rel)).Append("\">")
                .Append(E(link.Title ?? link.Rel)).Append("</a> <small>(").Append(E(link.Type)).Append(")</small></li>");
        html.Append("</ul></nav>");
        if (columns is not null && rows is not null)
        {
            html.Append("<table><thead><tr>");
            foreach (var c in columns) html.Append("<th scope=\"col\">").Append(E(c)).Append("</th>");
            html.Append("</tr></thead><tbody>");
            foreach (var row in rows)
            {
                html.Append("<tr>");
                foreach (var cell in row) html.Append("<td>").Append(E(cell ?? "")).Append("</td>");
                html.Append("</tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("</main></body></html>");
        return TypedResults.Content(html.ToString(), MediaType);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
