using System.Globalization;
using System.Text.Json.Nodes;
using DivideMapper.Data.Layers;

namespace DivideMapper.Web.Ogc;

/// <summary>
/// A collection of the OGC API: one catalogue layer of one project, named <c>{slug}.{layer}</c> (DESIGN §8). The
/// slug comes first and cannot hold a dot, so the first dot splits the name.
/// </summary>
public sealed record OgcCollection(LayerProject Project, LayerDefinition Layer)
{
    /// <summary>The temporal reference system of every interval: the Gregorian calendar with UTC instants (Part 1 §7.14.2).</summary>
    public const string GregorianTrs = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";

    public string Id => $"{Project.Slug}.{Layer.Id}";
    public string Title => $"{Project.Name}: {Layer.Title}";

    public static (string Slug, string Layer)? Split(string collectionId) =>
        collectionId.IndexOf('.') is var dot and > 0 && dot < collectionId.Length - 1 ? (collectionId[..dot], collectionId[(dot + 1)..]) : null;

    /// <summary>The collection document (Part 1 §7.14): id, title, description, extent, CRSs (Part 2), links; run layers name their run.</summary>
    public JsonObject ToJson(IEnumerable<OgcLink> links, LayerExtent? extent, long? runId)
    {
        var doc = new JsonObject
        {
            ["id"] = Id,
            ["title"] = Title,
            ["description"] = Layer.Description,
            ["itemType"] = "feature",
            ["crs"] = new JsonArray([.. OgcCrs.Offered(Project.MetricSrid).Select(c => JsonValue.Create(c.Uri))]),
            ["storageCrs"] = OgcCrs.Crs84Uri,
            ["links"] = OgcLink.ToJson(links),
        };
        if (Project.Attribution is { } attribution) doc["attribution"] = attribution;
        if (Layer.Scope == LayerScope.Run && runId is { } run) doc["run"] = run;
        if (ExtentJson(extent) is { } json) doc["extent"] = json;
        return doc;
    }

    private static JsonObject? ExtentJson(LayerExtent? extent)
    {
        if (extent is null) return null;
        var json = new JsonObject();
        if (extent.Spatial is { } e)
            json["spatial"] = new JsonObject { ["bbox"] = new JsonArray(new JsonArray(e.MinX, e.MinY, e.MaxX, e.MaxY)), ["crs"] = OgcCrs.Crs84Uri };
        if (Interval(extent) is { } interval)
            json["temporal"] = new JsonObject { ["interval"] = new JsonArray(new JsonArray(interval.Start, interval.End)), ["trs"] = GregorianTrs };
        return json.Count > 0 ? json : null;
    }

    /// <summary>The temporal extent as RFC 3339 UTC instants to the second (null when the layer has no period).</summary>
    public static (string Start, string End)? Interval(LayerExtent? extent) =>
        extent is { Start: { } start, End: { } end } ? (Rfc3339(start), Rfc3339(end)) : null;

    private static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The queryables as JSON Schema types (Part 3 §6.2).</summary>
    public static string JsonSchemaType(Formats.Writers.ColumnType type) => type switch
    {
        Formats.Writers.ColumnType.Integer => "integer",
        Formats.Writers.ColumnType.Real => "number",
        Formats.Writers.ColumnType.Boolean => "boolean",
        _ => "string",
    };
}
