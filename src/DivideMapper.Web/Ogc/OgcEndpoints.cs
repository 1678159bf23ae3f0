using System.Globalization;
using System.Text.Json.Nodes;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Layers;
using DivideMapper.Web.Access;
using DivideMapper.Web.Problems;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using static DivideMapper.Web.Ogc.OgcRequest;

namespace DivideMapper.Web.Ogc;

/// <summary>
/// OGC API Features at <c>/ogc</c> (DESIGN §8): the landing page, conformance, collections (every catalogue layer
/// of every project the reader may see, each with its own spatial and temporal extent), queryables, items and single
/// items, as JSON/GeoJSON or HTML. Items are read through the catalogue's feature pages (<see cref="FeaturePages"/>),
/// so the privacy rule, the columns and the SQL are the ones tiles and exports use; a page is in id order and the next
/// link carries a keyset cursor, so paging neither repeats nor skips a feature at any page size.
/// </summary>
public static class OgcEndpoints
{
    private const string Json = "application/json";

    public static IServiceCollection AddDivideMapperOgc(this IServiceCollection services) => services.AddSingleton<OgcExtents>();

    public static void MapOgcEndpoints(this IEndpointRouteBuilder app)
    {
        var ogc = app.MapGroup("/ogc").WithTags("OGC API Features");
        ogc.MapGet("/", Landing).WithSummary("OGC API Features landing page: links to the API definition, conformance and collections.");
        ogc.MapGet("/conformance", Conformance).WithSummary("The conformance classes: Features Parts 1–3 (core, GeoJSON, HTML, OpenAPI 3.0, CRS, filter) and CQL2-text.");
        ogc.MapGet("/collections", CollectionsAsync).WithSummary("Every collection the reader may see: {slug}.{layer} for each project and catalogue layer, with its extent.");
        ogc.MapGet("/collections/{collectionId}", CollectionAsync).RequireProjectRead(http => ProjectReadFilter.SlugOfCollection(http))
            .WithSummary("One collection: title, description, spatial and temporal extent, CRSs and links.");
        ogc.MapGet("/collections/{collectionId}/queryables", QueryablesAsync).RequireProjectRead(http => ProjectReadFilter.SlugOfCollection(http))
            .WithSummary("The properties a CQL2 filter may name, as JSON Schema.");
        ogc.MapGet("/collections/{collectionId}/items", ItemsAsync).RequireProjectRead(http => ProjectReadFilter.SlugOfCollection(http))
            .WithSummary("Features of a collection: bbox, bbox-crs, datetime, filter (CQL2-text), limit (larger values are served as 10,000), cursor/offset, crs, run, f.")
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
        if (WantsHtml(http))
            return new OgcHtml(title, Root(http), [new("Home")]).Paragraph(description)
                .List("Contents", [new("Collections", $"{b}/collections?f=html"), new("Conformance classes", $"{b}/conformance?f=html"),
                    new("API documentation", $"{Root(http)}/docs")])
                .Links(links).Result();
        var doc = new JsonObject { ["title"] = title, ["description"] = description, ["links"] = OgcLink.ToJson(links) };
        return TypedResults.Json(doc, contentType: Json);
    }

    internal static IResult Conformance(HttpContext http)
    {
        if (OnlyFormat(http) is { } problem) return problem;
        if (WantsHtml(http))
            return new OgcHtml("Conformance", Root(http), [Home(http), new("Conformance")])
                .List("Conformance classes", OgcConformance.Classes.Select(c => new HtmlText(c)))
                .Links([new($"{Base(http)}/conformance?f=json", "alternate", Json, "This document as JSON")]).Result();
        return TypedResults.Json(new JsonObject { ["conformsTo"] = new JsonArray([.. OgcConformance.Classes.Select(c => JsonValue.Create(c))]) },
            contentType: Json);
    }

    internal static async Task<IResult> CollectionsAsync(HttpContext http, NpgsqlDataSource dataSource, OgcExtents extents, CancellationToken ct)
    {
        if (OnlyFormat(http) is { } problem) return problem;
        var projects = await LayerScopes.ProjectsAsync(dataSource, publicOnly: !AccessControl.ReadsPrivate(http.User), ct);
        var collections = new JsonArray();
        var rows = new List<IReadOnlyList<HtmlText>>();
        foreach (var listed in projects)
        {
            if (await extents.ReadAsync(listed.Slug, ct) is not ({ } snapshot, { } layerExtents)) continue; // deleted since it was listed
            foreach (var layer in LayerCatalogue.All)
            {
                var collection = new OgcCollection(snapshot.Project, layer);
                collections.Add(collection.ToJson(CollectionLinks(http, collection), layerExtents.GetValueOrDefault(layer.Id), snapshot.LatestRunId));
                rows.Add([new(collection.Id, $"{Base(http)}/collections/{collection.Id}?f=html"), collection.Title, layer.Description]);
            }
        }
        var b = Base(http);
        List<OgcLink> links = [new($"{b}/collections?f=json", "self", Json, "This document"), new($"{b}/collections?f=html", "alternate", OgcHtml.MediaType, "This document as HTML")];
        if (WantsHtml(http))
            return new OgcHtml("Collections", Root(http), [Home(http), new("Collections")])
                .Table("All collections", ["id", "title", "description"], rows, rowHeaders: true,
                    before: "Each collection is one layer of one project, named project.layer.")
                .Links(links).Result();
        return TypedResults.Json(new JsonObject
        {
            ["links"] = OgcLink.ToJson(links),
            ["collections"] = collections,
            ["crs"] = new JsonArray([.. OgcCrs.Offered(null).Select(c => JsonValue.Create(c.Uri))]),
        }, contentType: Json);
    }

    internal static async Task<IResult> CollectionAsync(string collectionId, HttpContext http, NpgsqlDataSource dataSource, OgcExtents extents,
        CancellationToken ct)
    {
        if (OnlyFormat(http) is { } problem) return problem;
        if (await FindAsync(dataSource, collectionId, ct) is not { } found || await extents.ReadAsync(found.Project.Slug, ct) is not ({ } snapshot, { } layerExtents))
            return UnknownCollection(collectionId);
        var collection = found with { Project = snapshot.Project };
        var extent = layerExtents.GetValueOrDefault(collection.Layer.Id);
        var runId = collection.Layer.Scope == LayerScope.Run ? snapshot.LatestRunId : null;
        var links = CollectionLinks(http, collection);
        if (WantsHtml(http))
        {
            var box = extent?.Spatial is { } e
                ? string.Join(", ", new[] { e.MinX, e.MinY, e.MaxX, e.MaxY }.Select(v => v.ToString("0.######", CultureInfo.InvariantCulture))) + " (CRS84: lon/lat)"
                : null;
            var interval = OgcCollection.Interval(extent) is { } i ? $"{i.Start} to {i.End}" : null;
            return new OgcHtml(collection.Title, Root(http), [Home(http), Collections(http), new(collection.Title)])
                .Paragraph(collection.Layer.Description)
                .Facts("About", [
                    ("Collection id", collection.Id),
                    ("Features", new HtmlText("Browse the features", $"{Base(http)}/collections/{collection.Id}/items?f=html")),
                    ("Bounding box", box ?? (collection.Layer.Scope == LayerScope.Run && runId is null ? "Empty until the project's first finished run." : "Empty.")),
                    ("Time", interval),
                    ("Run", runId?.ToString(CultureInfo.InvariantCulture)),
                    ("Geometry", collection.Layer.GeometryType),
                    ("Attribution", collection.Project.Attribution),
                    ("Coordinate reference systems", string.Join(", ", OgcCrs.Offered(collection.Project.MetricSrid).Select(c => c.Uri))),
                ])
                .Table("Properties", ["property", "type", "description"],
                    collection.Layer.Columns.Select(c => (IReadOnlyList<HtmlText>)[c.Name, OgcCollection.JsonSchemaType(c.Type), c.Description]), rowHeaders: true)
                .Links(links).Result();
        }
        return TypedResults.Json(collection.ToJson(links, extent, runId), contentType: Json);
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
            return new OgcHtml($"Queryables of {collection.Title}", Root(http), [Home(http), Collections(http), Collection(http, collection), new("Queryables")])
                .Paragraph("The properties a filter (CQL2-text) may name.")
                .Table("Queryables", ["property", "type", "description"],
                    collection.Layer.Columns.Where(c => c.Queryable).Select(c => (IReadOnlyList<HtmlText>)[c.Name, OgcCollection.JsonSchemaType(c.Type), c.Description]),
                    rowHeaders: true)
                .Links([new(url + "?f=json", "alternate", "application/schema+json", "JSON Schema")]).Result();
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

        var html = WantsHtml(http, query.Format);
        var pageType = html ? OgcHtml.MediaType : OgcFeatureWriter.GeoJson;
        var items = $"{Base(http)}/collections/{collection.Id}/items";
        var links = new List<OgcLink>
        {
            new(items + Query(http, ("f", "json")), "self", OgcFeatureWriter.GeoJson, "This page"),
            new(items + Query(http, ("f", "html")), "alternate", OgcHtml.MediaType, "This page as HTML"),
            new($"{Base(http)}/collections/{collection.Id}", "collection", Json, collection.Title),
        };
        // Pages reached by offset link back and forth by offset; otherwise the next link carries the keyset cursor (the
        // last id), which stays exact while features are added. HTML pages page by offset so they can also go back.
        var (skipped, count, byCursor) = (query.Request.Offset, page.Features.Count, query.Request.AfterId is not null);
        string At(long o) => o.ToString(CultureInfo.InvariantCulture);
        string? previous = !byCursor && skipped > 0 ? items + Query(http, ("offset", At(Math.Max(0, skipped - query.Request.Limit)))) : null;
        string? next = !hasMore ? null
            : byCursor || (skipped == 0 && !html) ? items + Query(http, ("cursor", At(page.Features[^1].Id)))
            : items + Query(http, ("offset", At(skipped + count)));
        if (previous is not null) links.Add(new(previous, "prev", pageType, "Previous page"));
        if (next is not null) links.Add(new(next, "next", pageType, "Next page"));

        if (html)
        {
            var position = byCursor ? $"{count} features after id {query.Request.AfterId} of {page.NumberMatched}"
                : count == 0 ? $"No features of {page.NumberMatched}" : $"Features {skipped + 1}–{skipped + count} of {page.NumberMatched}";
            var first = byCursor || skipped > 0 ? items + Query(http, ("offset", "0")) : null;
            var runQuery = query.RunId is { } r ? $"&run={r}" : "";
            return new OgcHtml($"{collection.Title} — features", Root(http), [Home(http), Collections(http), Collection(http, collection), new("Features")])
                .Table("Features", ["feature id", .. collection.Layer.Columns.Select(c => c.Name)],
                    page.Features.Select(x => (IReadOnlyList<HtmlText>)[new(At(x.Id), $"{items}/{At(x.Id)}?f=html{runQuery}"), .. x.Row.Values.Select(v => (HtmlText)(Text(v) ?? "null"))]),
                    rowHeaders: true, before: position, after: p => p.Paging(first, previous, next, position))
                .Links(links).Result();
        }
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
        {
            var title = $"{collection.Layer.Title} — {collection.Layer.IdName} {id}";
            var itemsPage = $"{Base(http)}/collections/{collection.Id}/items?f=html" + (query.RunId is { } r ? $"&run={r}" : "");
            return new OgcHtml(title, Root(http), [Home(http), Collections(http), Collection(http, collection), new("Features", itemsPage), new(title)])
                .Facts("Geometry", [("Type", feature.Row.Geometry?.GeometryType ?? "none"), ("Coordinates", $"in the JSON encoding, {query.Crs.Uri}")])
                .Table("Properties", ["property", "value"],
                    collection.Layer.Columns.Select((c, i) => (IReadOnlyList<HtmlText>)[c.Name, Text(feature.Row.Values[i]) ?? "null"]), rowHeaders: true)
                .Links(links).Result();
        }
        http.Response.ContentType = OgcFeatureWriter.GeoJson;
        http.Response.Headers["Content-Crs"] = $"<{query.Crs.Uri}>";
        await OgcFeatureWriter.WriteFeatureAsync(http.Response.Body, collection.Layer, feature, query.Crs, links, ct);
        return TypedResults.Empty;
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

    private static HtmlText Home(HttpContext http) => new("Home", $"{Base(http)}?f=html");
    private static HtmlText Collections(HttpContext http) => new("Collections", $"{Base(http)}/collections?f=html");
    private static HtmlText Collection(HttpContext http, OgcCollection c) => new(c.Title, $"{Base(http)}/collections/{c.Id}?f=html");

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
}
