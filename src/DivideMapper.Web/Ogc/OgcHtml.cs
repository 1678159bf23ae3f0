using System.Net;
using System.Text;

namespace DivideMapper.Web.Ogc;

/// <summary>A table cell or list entry of an HTML page: text, a link when <see cref="Href"/> is given.</summary>
public readonly record struct HtmlText(string? Text, string? Href = null)
{
    public static implicit operator HtmlText(string? text) => new(text);
}

/// <summary>
/// The HTML encoding of OGC API Features (Part 1 §7.15.4 html conformance): plain server-rendered pages with the same
/// links and values as the JSON — a breadcrumb, one h1, sections under h2, tables with column (and row) headers,
/// paging links. Written by hand because a page is a few elements; every text and attribute goes through
/// <see cref="WebUtility.HtmlEncode"/> (which encodes &lt; &gt; &amp; " and '), and every attribute is double-quoted,
/// so data values (a settlement named <c>&lt;script&gt;</c>) stay text. No script and no inline style (the CSP allows
/// neither): the look comes from <c>/ogc.css</c> in web/public, served like the map's files.
/// </summary>
public sealed class OgcHtml
{
    public const string MediaType = "text/html; charset=utf-8";

    private readonly StringBuilder _main = new();
    private readonly string _title;
    private readonly string _root;
    private readonly IReadOnlyList<HtmlText> _breadcrumb;
    private int _sections;

    /// <param name="root">The app's root URL (scheme, host, path base), for the stylesheet.</param>
    /// <param name="breadcrumb">The way here from the landing page; the last entry is this page (its link is not drawn).</param>
    public OgcHtml(string title, string root, IReadOnlyList<HtmlText> breadcrumb)
    {
        _title = title;
        _root = root;
        _breadcrumb = breadcrumb;
    }

    public OgcHtml Paragraph(string? text, string? cssClass = null)
    {
        if (text is null) return this;
        _main.Append(cssClass is null ? "<p>" : $"<p class=\"{E(cssClass)}\">").Append(E(text)).Append("</p>");
        return this;
    }

    /// <summary>A section of term/value pairs (a description list); pairs with a null value are left out.</summary>
    public OgcHtml Facts(string heading, IEnumerable<(string Term, HtmlText Value)> facts)
    {
        var shown = facts.Where(f => f.Value.Text is not null).ToList();
        if (shown.Count == 0) return this;
        OpenSection(heading);
        _main.Append("<dl class=\"ogc-facts\">");
        foreach (var (term, value) in shown) _main.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(Html(value)).Append("</dd>");
        _main.Append("</dl></section>");
        return this;
    }

    /// <summary>A section with a bulleted list of links or texts.</summary>
    public OgcHtml List(string heading, IEnumerable<HtmlText> entries)
    {
        OpenSection(heading);
        _main.Append("<ul class=\"ogc-list\">");
        foreach (var entry in entries) _main.Append("<li>").Append(Html(entry)).Append("</li>");
        _main.Append("</ul></section>");
        return this;
    }

    /// <summary>The document's links (self, alternate, items, …) with their media types.</summary>
    public OgcHtml Links(IEnumerable<OgcLink> links)
    {
        OpenSection("Links");
        _main.Append("<ul class=\"ogc-list\">");
        foreach (var link in links)
            _main.Append("<li><a href=\"").Append(E(link.Href)).Append("\" rel=\"").Append(E(link.Rel)).Append("\">").Append(E(link.Title ?? link.Rel))
                .Append("</a> <span class=\"ogc-type\">").Append(E(link.Type)).Append("</span></li>");
        _main.Append("</ul></section>");
        return this;
    }

    /// <summary>
    /// A section with a table: column headers, and the first cell of each row as its row header when
    /// <paramref name="rowHeaders"/>. Wide tables scroll inside a focusable region, so keyboard users can scroll them too.
    /// </summary>
    public OgcHtml Table(string heading, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<HtmlText>> rows, bool rowHeaders,
        string? before = null, Action<OgcHtml>? after = null)
    {
        var id = OpenSection(heading);
        Paragraph(before);
        _main.Append($"<div class=\"ogc-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{id}\"><table class=\"ogc-table\" aria-labelledby=\"{id}\"><thead><tr>");
        foreach (var c in columns) _main.Append("<th scope=\"col\">").Append(E(c)).Append("</th>");
        _main.Append("</tr></thead><tbody>");
        var count = 0;
        foreach (var row in rows)
        {
            count++;
            _main.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
                _main.Append(rowHeaders && i == 0 ? "<th scope=\"row\">" : "<td>").Append(Html(row[i])).Append(rowHeaders && i == 0 ? "</th>" : "</td>");
            _main.Append("</tr>");
        }
        if (count == 0) _main.Append($"<tr><td colspan=\"{columns.Count}\">None.</td></tr>");
        _main.Append("</tbody></table></div>");
        after?.Invoke(this);
        _main.Append("</section>");
        return this;
    }

    /// <summary>Links to the first, previous and next pages (each only when there is one) around a text saying where this page is.</summary>
    public OgcHtml Paging(string? first, string? previous, string? next, string position)
    {
        _main.Append("<nav class=\"ogc-paging\" aria-label=\"Pages\">");
        if (first is not null) _main.Append($"<a href=\"{E(first)}\">First page</a>");
        if (previous is not null) _main.Append($"<a href=\"{E(previous)}\" rel=\"prev\">Previous page</a>");
        _main.Append("<span>").Append(E(position)).Append("</span>");
        if (next is not null) _main.Append($"<a href=\"{E(next)}\" rel=\"next\">Next page</a>");
        _main.Append("</nav>");
        return this;
    }

    public IResult Result() => TypedResults.Content(Render(), MediaType);

    public string Render()
    {
        var html = new StringBuilder(_main.Length + 1024);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(_title)).Append(" — DivideMapper OGC API</title>")
            .Append("<link rel=\"stylesheet\" href=\"").Append(E(_root)).Append("/ogc.css\"></head><body class=\"ogc\">")
            .Append("<a class=\"ogc-skip\" href=\"#main\">Skip to content</a>")
            .Append("<header class=\"ogc-header\"><p class=\"ogc-site\"><a href=\"").Append(E(_root)).Append("/\">DivideMapper</a> · OGC API Features</p>")
            .Append("<nav aria-label=\"Breadcrumb\"><ol class=\"ogc-breadcrumb\">");
        for (var i = 0; i < _breadcrumb.Count; i++)
            html.Append(i == _breadcrumb.Count - 1
                ? $"<li aria-current=\"page\">{E(_breadcrumb[i].Text ?? "")}</li>"
                : $"<li>{Html(_breadcrumb[i])}</li>");
        html.Append("</ol></nav></header><main id=\"main\"><h1>").Append(E(_title)).Append("</h1>").Append(_main).Append("</main></body></html>");
        return html.ToString();
    }

    private string OpenSection(string heading)
    {
        var id = $"s{++_sections}";
        // An unnamed section is no landmark: the one region named by this heading is a table's scroll box.
        _main.Append($"<section><h2 id=\"{id}\">").Append(E(heading)).Append("</h2>");
        return id;
    }

    private static string Html(HtmlText t) =>
        t.Href is { } href ? $"<a href=\"{E(href)}\">{E(t.Text ?? href)}</a>" : E(t.Text ?? "");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
