using System.Globalization;
using System.Text.Json.Nodes;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Layers;
using DivideMapper.Data.Layers.Tiles;
using DivideMapper.Web.Access;
using DivideMapper.Web.Problems;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace DivideMapper.Web.Ogc;

/// <summary>
/// OGC API Features at <c>/ogc</c> (DESIGN §8): the landing page, conformance, collections (every catalogue layer
/// of every project the reader may see), queryables, items and single items, as JSON/GeoJSON or HTML. Items are
/// read through the catalogue's feature pages (<see cref="FeaturePages"/>), so the privacy rule, the columns and the
/// SQL are the ones tiles and exports use; a page is in id order and the next link carries a keyset cursor, so
/// paging neither repeats nor skips a feature at any page size.
/// </summary>
public static class OgcEndpoints
{
    private const string Json = "application/json";

    public static void MapOgcEndpoints(this IEndpointRouteBuilder app)
    {
        var ogc = app.MapGroup("/ogc").WithTags("OGC API Features");
        ogc.MapGet("/", Landing).WithSummary("OGC API Features landing page: links to the API definition, conformance and collections.");
        ogc.MapGet("/conformance", Conformance).WithSummary("The conformance classes: Features Parts 1–3 (core, GeoJSON, HTML, OpenAPI 3.0, CRS, filter) and CQL2-text.");
        ogc.MapGet("/collections", CollectionsAsync).WithSummary("Every collection the reader may see: {slug}.{layer} for each project and catalogue layer.");
        ogc.MapGet("/collections/{collectionId}", CollectionAsync).RequireProjectRead(http => ProjectReadFilter.SlugOfCollection(http))
            .WithSummary("One collection: title, description, extent, CRSs and links.");
        ogc.MapGet("/collections/{collectionId}/queryables", QueryablesAsync).RequireProjectRead(http => ProjectReadFilter.SlugOfCollection(http))
            .WithSummary("The properties a CQL2 filter may name, as JSON Schema.");
        ogc.MapGet("/collections/{collectionId}/items", ItemsAsync).RequireProjectRead(http => ProjectReadFilter.SlugOfCollection(http))
            .WithSummary("Features of a collection: bbox, bbox-crs, datetime, filter (CQL2-text), limit (≤ 10,000), cursor/offset, crs, run, f.")
            .Produces(200, contentType: OgcFeatureWriter.GeoJson).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        ogc.MapGet("/collections/{collectionId}/items/{featureId}", ItemAsync).RequireProjectRead(http => ProjectReadFilter.SlugOfCollection(http))
            .WithSummary("One feature by id (crs, run, f).")
            .Produces(200, contentType: OgcFeatureWriter.GeoJson).ProducesProblem(400).ProducesProblem(404);
    }

    internal static IResult Landing(HttpContext http)
    {
        if (OnlyFormat(http) is { } problem) return problem;
        var b = Base(http);
        List<OgcLink> links =
        [
            new($"{b}?f=json", "self", Json, "This document"),
            new($"{b}?f=html", "alternate", OgcHtml.MediaType, "This document as HTML"),
            new($"{Root(http)}/openapi/v1.json", "service-desc", "application/vnd.oai.openapi+json;version=3.0", "The API definition"),
            new($"{Root(http)}/docs", "service-doc", "text/html", "The API documentation"),
            new($"{b}/conformance", "conformance", Json, "Conformance classes"),
            new($"{b}/collections", "data", Json, "Collections"),
        ];
        const string title = "DivideMapper";
        const string description = "Digital-divide gap analysis for informal settlements: per-settlement results, coverage gaps and their evidence.";
        if (WantsHtml(http)) return OgcHtml.Page(title, description, links);
        var doc = new JsonObject { ["title"] = title, ["description"] = description, ["links"] = OgcLink.ToJson(links) };
        return TypedResults.Json(doc, contentType: Json);
    }

    internal static IResult Conformance(HttpContext http)
    {
        if (OnlyFormat(http) is { } problem) return problem;
        if (WantsHtml(http))
            return OgcHtml.Page("Conformance", null, [new($"{Base(http)}/conformance?f=json", "alternate", Json, "JSON")], ["class"],
                OgcConformance.Classes.Select(c => (IReadOnlyList<string?>)[c]));
        return TypedResults.Json(new JsonObject { ["conformsTo"] = new JsonArray([.. OgcConformance.Classes.Select(c => JsonValue.Create(c))]) },
            contentType: Json);
    }

    internal static async Task<IResult> CollectionsAsync(HttpContext http, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (OnlyFormat(http) is { } problem) return problem;
        var projects = await LayerScopes.ProjectsAsync(dataSource, publicOnly: !AccessControl.ReadsPrivate(http.User), ct);
        var collections = new JsonArray();
        var rows = new List<IReadOnlyList<string?>>();
        foreach (var project in projects)
        {
            var extent = await LayerTiles.BoundsAsync(dataSource, LayerCatalogue.Settlements, new LayerScopeValues(project.Id, null, project.Floor), ct);
            foreach (var layer in LayerCatalogue.All)
            {
                var collection = new OgcCollection(project, layer);
                collections.Add(CollectionDocument(http, collection, extent));
                rows.Add([collection.Id, collection.Title, layer.Description]);
            }
        }
        var b = Base(http);
        List<OgcLink> links = [new($"{b}/collections?f=json", "self", Json, "This document"), new($"{b}/collections?f=html", "alternate", OgcHtml.MediaType, "HTML")];
        if (WantsHtml(http))
            return OgcHtml.Page("Collections", null, links.Concat(collections.Select(c =>
                new OgcLink($"{b}/collections/{c!["id"]}?f=html", "item", OgcHtml.MediaType, c["title"]!.GetValue<string>()))), ["id", "title", "description"], rows);
        return TypedResults.Json(new JsonObject
        {
            ["links"] = OgcLink.ToJson(links),
            ["collections"] = collections,
            ["crs"] = new JsonArray([.. OgcCrs.Offered(null).Select(c => JsonValue.Create(c.Uri))]),
        }, contentType: Json);
    }

    internal static async Task<IResult> CollectionAsync(string collectionId, HttpContext http, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (OnlyFormat(http) is { } problem) return problem;
        if (await FindAsync(dataSource, collectionId, ct) is not { } collection) return UnknownCollection(collectionId);
        var scope = await LayerScopes.ResolveAsync(dataSource, collection.Project, collection.Layer, null, ct);
        var extent = scope.Value is { } values ? await LayerTiles.BoundsAsync(dataSource, collection.Layer, values, ct) : null;
        var doc = CollectionDocument(http, collection, extent);
        if (scope.Value?.RunId is { } run) doc["run"] = run;
        if (WantsHtml(http))
            return OgcHtml.Page(collection.Title, collection.Layer.Description, CollectionLinks(http, collection), ["property", "type", "description"],
                collection.Layer.Columns.Select(c => (IReadOnlyList<string?>)[c.Name, OgcCollection.JsonSchemaType(c.Type), c.Description]));
        return TypedResults.Json(doc, contentType: Json);
    }

    internal static async Task<IResult> QueryablesAsync(string collectionId, HttpContext http, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (OnlyFormat(http) is { } problem) return problem;
        if (await FindAsync(dataSource, collectionId, ct) is not { } collection) return UnknownCollection(collectionId);
        var properties = new JsonObject();
        foreach (var column in collection.Layer.Columns.Where(c => c.Queryable))
            properties[column.Name] = new JsonObject
            {
                ["title"] = column.Name,
                ["description"] = column.Description,
                ["type"] = OgcCollection.JsonSchemaType(column.Type),
            };
        var url = $"{Base(http)}/collections/{collection.Id}/queryables";
        if (WantsHtml(http))
            return OgcHtml.Page($"Queryables of {collection.Title}", null, [new(url + "?f=json", "alternate", "application/schema+json", "JSON Schema")],
                ["property", "type", "description"],
                collection.Layer.Columns.Where(c => c.Queryable).Select(c => (IReadOnlyList<string?>)[c.Name, OgcCollection.JsonSchemaType(c.Type), c.Description]));
        return TypedResults.Json(new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = url,
            ["type"] = "object",
            ["title"] = collection.Title,
            ["properties"] = properties,
            ["additionalProperties"] = false,
        }, contentType: "application/schema+json");
    }

    /// <remarks>The query parameters are declared for the API definition; the handler reads and checks them all in <see cref="OgcItemsQuery"/>.</remarks>
    internal static async Task<IResult> ItemsAsync(string collectionId, HttpContext http, NpgsqlDataSource dataSource, CancellationToken ct,
        string? bbox = null, [FromQuery(Name = "bbox-crs")] string? bboxCrs = null, string? datetime = null, string? filter = null,
        [FromQuery(Name = "filter-lang")] string? filterLang = null, string? limit = null, string? offset = null, string? cursor = null,
        string? crs = null, string? run = null, string? f = null)
    {
        if (await FindAsync(dataSource, collectionId, ct) is not { } collection) return UnknownCollection(collectionId);
        var parsed = OgcItemsQuery.Parse(http.Request.Query, collection.Layer, collection.Project, single: false);
        if (parsed.Value is not { } query) return ProblemSetup.Refused(parsed.Refusal!);
        var scope = await LayerScopes.ResolveAsync(dataSource, collection.Project, collection.Layer, query.RunId, ct);
        FeaturePage page;
        var hasMore = false;
        if (scope.Value is { } values)
        {
            var read = await FeaturePages.ReadAsync(dataSource, collection.Layer, values, query.Request with { Limit = query.Request.Limit + 1 }, ct);
            hasMore = read.Features.Count > query.Request.Limit;
            page = hasMore ? read with { Features = read.Features.Take(query.Request.Limit).ToList() } : read;
        }
        else if (scope.Refusal!.Code == ErrorCodes.NoData) page = new FeaturePage([], 0); // a run layer before the first run: empty, not an error
        else return ProblemSetup.Refused(scope.Refusal);

        var items = $"{Base(http)}/collections/{collection.Id}/items";
        var links = new List<OgcLink>
        {
            new(items + Query(http, ("f", "json")), "self", OgcFeatureWriter.GeoJson, "This page"),
            new(items + Query(http, ("f", "html")), "alternate", OgcHtml.MediaType, "This page as HTML"),
            new($"{Base(http)}/collections/{collection.Id}", "collection", Json, collection.Title),
        };
        if (hasMore)
        {
            var next = query.Request.AfterId is null && query.Request.Offset > 0
                ? Query(http, ("offset", (query.Request.Offset + page.Features.Count).ToString(CultureInfo.InvariantCulture)))
                : Query(http, ("cursor", page.Features[^1].Id.ToString(CultureInfo.InvariantCulture)));
            links.Add(new(items + next, "next", WantsHtml(http, query.Format) ? OgcHtml.MediaType : OgcFeatureWriter.GeoJson, "Next page"));
        }
        if (WantsHtml(http, query.Format))
            return OgcHtml.Page($"{collection.Title} — {page.Features.Count} of {page.NumberMatched}", null, links,
                ["id", .. collection.Layer.Columns.Select(c => c.Name)],
                page.Features.Select(x => (IReadOnlyList<string?>)[x.Id.ToString(CultureInfo.InvariantCulture), .. x.Row.Values.Select(Text)]));
        http.Response.ContentType = OgcFeatureWriter.GeoJson;
        http.Response.Headers["Content-Crs"] = $"<{query.Crs.Uri}>";
        await OgcFeatureWriter.WriteCollectionAsync(http.Response.Body, collection.Layer, page, query.Crs, links, ct);
        return TypedResults.Empty;
    }

    internal static async Task<IResult> ItemAsync(string collectionId, string featureId, HttpContext http, NpgsqlDataSource dataSource,
        CancellationToken ct, string? crs = null, string? run = null, string? f = null)
    {
        if (await FindAsync(dataSource, collectionId, ct) is not { } collection) return UnknownCollection(collectionId);
        var parsed = OgcItemsQuery.Parse(http.Request.Query, collection.Layer, collection.Project, single: true);
        if (parsed.Value is not { } query) return ProblemSetup.Refused(parsed.Refusal!);
        var scope = await LayerScopes.ResolveAsync(dataSource, collection.Project, collection.Layer, query.RunId, ct);
        if (scope.Value is not { } values)
            return scope.Refusal!.Code == ErrorCodes.NoData ? UnknownFeature(collection, featureId) : ProblemSetup.Refused(scope.Refusal);
        if (!long.TryParse(featureId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)) return UnknownFeature(collection, featureId);
        var page = await FeaturePages.ReadAsync(dataSource, collection.Layer, values, query.Request with { FeatureId = id, Limit = 1 }, ct);
        if (page.Features.Count == 0) return UnknownFeature(collection, featureId);
        var feature = page.Features[0];
        var self = $"{Base(http)}/collections/{collection.Id}/items/{id}";
        List<OgcLink> links =
        [
            new(self + Query(http, ("f", "json")), "self", OgcFeatureWriter.GeoJson, "This feature"),
            new(self + Query(http, ("f", "html")), "alternate", OgcHtml.MediaType, "This feature as HTML"),
            new($"{Base(http)}/collections/{collection.Id}", "collection", Json, collection.Title),
        ];
        if (WantsHtml(http, query.Format))
            return OgcHtml.Page($"{collection.Title} — {collection.Layer.IdName} {id}", null, links, ["property", "value"],
                collection.Layer.Columns.Select((c, i) => (IReadOnlyList<string?>)[c.Name, Text(feature.Row.Values[i])]));
        http.Response.ContentType = OgcFeatureWriter.GeoJson;
        http.Response.Headers["Content-Crs"] = $"<{query.Crs.Uri}>";
        await OgcFeatureWriter.WriteFeatureAsync(http.Response.Body, collection.Layer, feature, query.Crs, links, ct);
        return TypedResults.Empty;
    }

    private static JsonObject CollectionDocument(HttpContext http, OgcCollection collection, NetTopologySuite.Geometries.Envelope? extent)
    {
        var doc = new JsonObject
        {
            ["id"] = collection.Id,
            ["title"] = collection.Title,
            ["description"] = collection.Layer.Description,
            ["itemType"] = "feature",
            ["crs"] = new JsonArray([.. OgcCrs.Offered(collection.Project.MetricSrid).Select(c => JsonValue.Create(c.Uri))]),
            ["storageCrs"] = OgcCrs.Crs84Uri,
            ["links"] = OgcLink.ToJson(CollectionLinks(http, collection)),
        };
        if (collection.Project.Attribution is { } attribution) doc["attribution"] = attribution;
        if (extent is { } e)
            doc["extent"] = new JsonObject
            {
                ["spatial"] = new JsonObject
                {
                    ["bbox"] = new JsonArray(new JsonArray(e.MinX, e.MinY, e.MaxX, e.MaxY)),
                    ["crs"] = OgcCrs.Crs84Uri,
                },
            };
        return doc;
    }

    private static List<OgcLink> CollectionLinks(HttpContext http, OgcCollection collection)
    {
        var b = $"{Base(http)}/collections/{collection.Id}";
        return
        [
            new(b + "?f=json", "self", Json, "This collection"),
            new(b + "?f=html", "alternate", OgcHtml.MediaType, "This collection as HTML"),
            new(b + "/items?f=json", "items", OgcFeatureWriter.GeoJson, "Features"),
            new(b + "/items?f=html", "items", OgcHtml.MediaType, "Features as HTML"),
            new(b + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json", "Queryables"),
        ];
    }

    private static async Task<OgcCollection?> FindAsync(NpgsqlDataSource dataSource, string collectionId, CancellationToken ct)
    {
        if (OgcCollection.Split(collectionId) is not var (slug, layerId) || LayerCatalogue.Find(layerId) is not { } layer) return null;
        return await LayerScopes.ProjectAsync(dataSource, slug, ct) is { } project ? new OgcCollection(project, layer) : null;
    }

    private static IResult UnknownCollection(string collectionId) => ProblemSetup.Problem(404, ErrorCodes.NotFound, "Unknown collection.",
        $"There is no collection '{collectionId}'. Collections are named {{project}}.{{layer}} with the layers " +
        $"{string.Join(", ", LayerCatalogue.All.Select(l => l.Id))}; /ogc/collections lists them.");

    private static IResult UnknownFeature(OgcCollection collection, string featureId) =>
        ProblemSetup.Problem(404, ErrorCodes.NotFound, "Unknown feature.", $"Collection {collection.Id} has no feature '{featureId}'.");

    /// <summary>Pages other than items take only f.</summary>
    private static IResult? OnlyFormat(HttpContext http)
    {
        foreach (var name in http.Request.Query.Keys)
            if (name != "f")
                return ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Unknown parameter.", $"'{name}' is not a parameter here; the only one is f (json or html).");
        return http.Request.Query["f"].ToString() is "" or "json" or "html"
            ? null
            : ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Unknown format.", "f must be json or html.");
    }

    /// <summary>f wins; otherwise a browser (text/html before any JSON in Accept) gets HTML.</summary>
    private static bool WantsHtml(HttpContext http, string? format = null)
    {
        format ??= http.Request.Query["f"].ToString();
        if (format.Length > 0) return format == "html";
        var accept = http.Request.Headers.Accept.ToString();
        var html = accept.IndexOf("text/html", StringComparison.OrdinalIgnoreCase);
        var json = accept.IndexOf("json", StringComparison.OrdinalIgnoreCase);
        return html >= 0 && (json < 0 || html < json);
    }

    private static string Root(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static string Base(HttpContext http) => Root(http) + "/ogc";

    /// <summary>The request's query with <paramref name="set"/> replacing a parameter (and a cursor replacing an offset, and back).</summary>
    private static string Query(HttpContext http, (string Name, string Value) set)
    {
        var pairs = http.Request.Query.Where(q => q.Key != set.Name && !(set.Name is "cursor" or "offset" && q.Key is "cursor" or "offset"))
            .Select(q => (Key: q.Key, Value: q.Value.ToString())).Append((Key: set.Name, Value: set.Value));
        return "?" + string.Join("&", pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString("G10", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
