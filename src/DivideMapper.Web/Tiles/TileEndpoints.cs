using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data;
using DivideMapper.Data.Layers;
using DivideMapper.Data.Layers.Tiles;
using DivideMapper.Web.Access;
using DivideMapper.Web.Problems;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace DivideMapper.Web.Tiles;

/// <summary>
/// Vector tiles of every catalogue layer (DESIGN §8): <c>/tiles/{slug}/{layer}/{z}/{x}/{y}.mvt</c> and TileJSON 3.0.0
/// at <c>/tiles/{slug}/{layer}.json</c>. 200 with a tile, 204 when no feature meets it (or a run layer has no
/// finished run yet), 304 for a matching <c>If-None-Match</c>, 400 for a z/x/y that is not a tile, 404 for an
/// unknown layer, project or run. Results and gaps come from the latest finished run unless <c>run</c> names another.
/// The read check (public projects to anyone, private ones to viewer keys) is done against the cached project
/// snapshot rather than by <see cref="ProjectReadFilter"/>, which would cost every cached tile a database query; the
/// answer to a reader without access is the filter's: the same 404 as an unknown project.
/// </summary>
public static class TileEndpoints
{
    public const string MediaType = "application/vnd.mapbox-vector-tile";

    public static IServiceCollection AddDivideMapperTiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TileSettings>().Bind(configuration.GetSection(TileSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TileCache>();
        return services;
    }

    public static void MapTileEndpoints(this IEndpointRouteBuilder app)
    {
        var tiles = app.MapGroup("/tiles").WithTags("Vector tiles").WithMetadata(ProjectReadMetadata.Instance);
        tiles.MapGet("/{slug}/{layer}/{z}/{x}/{y}.mvt", TileAsync)
            .WithSummary("A Mapbox Vector Tile of a layer (results, gaps, settlements, coverage, sites, facilities, measurements, population); " +
                         "run=ID for an earlier run's results or gaps. 204 when empty; ETag / If-None-Match → 304.")
            .Produces(200, contentType: MediaType).Produces(204).Produces(304).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        tiles.MapGet("/{slug}/{layer}.json", TileJsonAsync)
            .WithSummary("TileJSON 3.0.0 of a layer: tile URL template, zoom range, bounds and the attributes of its vector layer.")
            .Produces(200, contentType: "application/json").ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
    }

    internal static async Task<IResult> TileAsync(string slug, string layer, string z, string x, string y, HttpContext http, TileCache cache,
        IOptions<TileSettings> settings, CancellationToken ct)
    {
        if (TileAddress.Parse(z, x, y, out var reason) is not { } tile)
            return ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Not a tile.", reason);
        var resolved = await ResolveAsync(slug, layer, http, cache, ct);
        if (resolved.Problem is { } problem) return problem;
        var (definition, snapshot, scope) = resolved.Found!.Value;
        if (scope.Value is not { } values)
            return scope.Refusal!.Code == ErrorCodes.NoData ? Empty(http, snapshot, settings, null) : ProblemSetup.Refused(scope.Refusal);

        var key = $"{values.ProjectId}/{definition.Id}/{values.RunId}/{snapshot.Version}/{tile}";
        var etag = ETag(key);
        Caching(http, snapshot, settings, etag);
        if (Matches(http, etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var bytes = await cache.TileAsync(key, definition, values, tile, ct);
        return bytes.Length == 0 ? TypedResults.NoContent() : TypedResults.Bytes(bytes, MediaType);
    }

    internal static async Task<IResult> TileJsonAsync(string slug, string layer, HttpContext http, TileCache cache, NpgsqlDataSource dataSource,
        IOptions<TileSettings> settings, CancellationToken ct)
    {
        var resolved = await ResolveAsync(slug, layer, http, cache, ct);
        if (resolved.Problem is { } problem) return problem;
        var (definition, snapshot, scope) = resolved.Found!.Value;
        if (scope.Value is null && scope.Refusal!.Code != ErrorCodes.NoData) return ProblemSetup.Refused(scope.Refusal);
        var bounds = scope.Value is { } values ? await LayerTiles.BoundsAsync(dataSource, definition, values, ct) : null;
        Caching(http, snapshot, settings, etag: null);
        var run = http.Request.Query["run"].ToString();
        var template = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/tiles/{Uri.EscapeDataString(snapshot.Project.Slug)}/" +
                       $"{definition.Id}/{{z}}/{{x}}/{{y}}.mvt" + (run.Length > 0 ? "?run=" + Uri.EscapeDataString(run) : "");
        double[] box = bounds is { } b ? [b.MinX, b.MinY, b.MaxX, b.MaxY] : [-180, -85.05112878, 180, 85.05112878];
        return TypedResults.Json(new Dictionary<string, object?>
        {
            ["tilejson"] = "3.0.0",
            ["name"] = $"{snapshot.Project.Name}: {definition.Title}",
            ["description"] = definition.Description,
            ["version"] = "1.0.0",
            ["attribution"] = snapshot.Project.Attribution,
            ["scheme"] = "xyz",
            ["tiles"] = new[] { template },
            ["minzoom"] = 0,
            ["maxzoom"] = TileAddress.MaxZoom,
            ["bounds"] = box,
            ["center"] = new[] { (box[0] + box[2]) / 2, (box[1] + box[3]) / 2, 12 },
            ["vector_layers"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["id"] = LayerTiles.MvtLayerName(definition),
                    ["description"] = definition.Description,
                    ["minzoom"] = 0,
                    ["maxzoom"] = TileAddress.MaxZoom,
                    ["fields"] = definition.TileColumns.ToDictionary(c => c.Name, c => LayerTiles.FieldType(c.Type)),
                },
            },
            ["dividemapper"] = new { project = snapshot.Project.Slug, layer = definition.Id, run = scope.Value?.RunId, feature_id = definition.IdName },
        });
    }

    private readonly record struct Resolved(IResult? Problem, (LayerDefinition Layer, ProjectSnapshot Snapshot, Outcome<LayerScopeValues> Scope)? Found);

    /// <summary>The layer, the project as this reader may see it, and the scope (the run asked for by <c>run</c>, or the latest).</summary>
    private static async Task<Resolved> ResolveAsync(string slug, string layer, HttpContext http, TileCache cache, CancellationToken ct)
    {
        foreach (var name in http.Request.Query.Keys)
            if (name != "run")
                return new(ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Unknown parameter.",
                    $"'{name}' is not a tile parameter; the only one is run=ID (an earlier run's results or gaps)."), null);
        long? runId = null;
        if (http.Request.Query.TryGetValue("run", out var raw))
        {
            if (!long.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return new(ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Invalid run.", "run must be a run id (a positive integer)."), null);
            runId = parsed;
        }
        if (LayerCatalogue.Find(layer) is not { } definition)
            return new(ProblemSetup.Problem(404, ErrorCodes.NotFound, "Unknown layer.",
                $"There is no layer '{layer}'; the layers are {string.Join(", ", LayerCatalogue.All.Select(l => l.Id))}."), null);
        var snapshot = await cache.SnapshotAsync(slug, ct);
        if (snapshot is null || (!snapshot.Project.IsPublic && !AccessControl.ReadsPrivate(http.User)))
            return new(ProblemSetup.Refused(Refusal.UnknownProject(slug)), null);
        return new(null, (definition, snapshot, await cache.ScopeAsync(snapshot, definition, runId, ct)));
    }

    private static IResult Empty(HttpContext http, ProjectSnapshot snapshot, IOptions<TileSettings> settings, string? etag)
    {
        Caching(http, snapshot, settings, etag);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Public projects' tiles may be kept by shared caches; private ones only by the reader's own (and the key is part
    /// of the request, hence Vary). The ETag is strong: a tile's bytes are a function of the key alone.
    /// </summary>
    private static void Caching(HttpContext http, ProjectSnapshot snapshot, IOptions<TileSettings> settings, string? etag)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = $"{(snapshot.Project.IsPublic ? "public" : "private")}, max-age={settings.Value.MaxAgeSeconds}";
        headers.Vary = "Authorization";
        if (etag is not null) headers.ETag = etag;
    }

    private static string ETag(string key) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AppVersion.Current + "|" + key)))[..32] + "\"";

    /// <summary>If-None-Match by the weak comparison RFC 9110 §13.1.2 asks for (a W/ prefix does not matter), or *.</summary>
    private static bool Matches(HttpContext http, string etag) =>
        EntityTagHeaderValue.TryParseList(http.Request.Headers.IfNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(new EntityTagHeaderValue(etag), useStrongComparison: false));
}
