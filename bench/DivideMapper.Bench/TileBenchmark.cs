using System.Diagnostics;
using System.Net;
using DivideMapper.Data;
using DivideMapper.Data.Access;
using DivideMapper.Data.Embedded;
using DivideMapper.Data.Layers;
using DivideMapper.Data.Layers.Tiles;
using DivideMapper.Data.Runs;
using DivideMapper.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DivideMapper.Bench;

/// <param name="Layer">The catalogue layer whose z14 tiles are timed (results by default: the map's own layer).</param>
/// <param name="Seconds">How long the cached load runs (after one second of warm-up).</param>
/// <param name="Concurrency">Requests in flight at once in the cached load.</param>
internal sealed record TileBenchOptions(BenchOptions Workload, string Layer, int Zoom, double Seconds, int Concurrency);

/// <summary>The figures of one <c>dm bench tiles</c> run; times in milliseconds.</summary>
internal sealed record TileBenchResult(string Layer, int Zoom, int Tiles, int NonEmpty, double SqlP50, double SqlP90, double HttpP50, double HttpP90,
    long CachedRequests, double CachedSeconds, int Concurrency, string Database, MachineInfo Machine)
{
    public double UncachedRatio => HttpP50 / SqlP50;
    public double CachedPerSecond => CachedRequests / CachedSeconds;
}

/// <summary>
/// DESIGN §9 "uncached z14 tile p50 ≤ 1.2× the same ST_AsMVT SQL run directly; cached tiles ≥ 15,000 requests/s on
/// loopback". The W1 workload is imported and analysed, the app is started on a loopback port against the same
/// database, and every z14 tile over the project is asked for once: the bare statement (<see cref="LayerTiles.Command"/>,
/// exactly the SQL the endpoint runs) and the endpoint's first, uncached answer, alternating which goes first, after
/// one untimed pass of the statement over every tile so both sides meet warm buffers. Then the non-empty tiles, now
/// cached, are asked for by <see cref="TileBenchOptions.Concurrency"/> loops for a bounded time on loopback
/// (an HttpClient loop: wrk is not among the installed tools; client and server share the machine's cores, so the
/// figure is a floor).
/// </summary>
internal static class TileBenchmark
{
    /// <summary>The cached load stops at this many requests even if the time is not up.</summary>
    private const long MaxCachedRequests = 2_000_000;

    public static async Task<TileBenchResult> RunAsync(TileBenchOptions o, ILogger log, CancellationToken ct)
    {
        var layer = LayerCatalogue.Find(o.Layer) ?? throw new ArgumentException($"There is no layer '{o.Layer}'.");
        var loadBefore = Machine.LoadAverage();
        await AnalysisBenchmark.EnsureWorkloadAsync(o.Workload, log, ct);
        await using var db = await BenchDatabase.OpenAsync(o.Workload.Keep, log, ct);
        await using var dataSource = DataServiceCollectionExtensions.CreateDataSource(db.ConnectionString);
        var slug = $"bench-tiles-{o.Workload.Size.Name}-{DateTime.UtcNow:yyyyMMddHHmmss}";
        await AnalysisBenchmark.ImportAsync(dataSource, slug, o.Workload.WorkloadDir, log, ct);
        await ProjectAccessQueries.SetVisibilityAsync(dataSource, slug, ProjectVisibility.Public, ct);
        if (layer.Scope == LayerScope.Run)
        {
            log.LogInformation("Analysing {Slug} for the {Layer} layer", slug, layer.Id);
            (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(slug), AppVersion.Current, ct)).OrThrow();
        }
        var project = await LayerScopes.ProjectAsync(dataSource, slug, ct) ?? throw new InvalidOperationException($"No project {slug}.");
        var scope = (await LayerScopes.ResolveAsync(dataSource, project, layer, null, ct)).OrThrow();
        var bounds = await LayerTiles.BoundsAsync(dataSource, layer, scope, ct) ?? throw new InvalidOperationException($"{layer.Id} is empty.");
        var tiles = TilesOver(bounds.MinX, bounds.MinY, bounds.MaxX, bounds.MaxY, o.Zoom);
        log.LogInformation("{Count} z{Zoom} tiles over the {Layer} layer", tiles.Count, o.Zoom, layer.Id);

        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        // The app writes an admin key on its first start; this one is thrown away with the bench.
        var keyFile = Path.Combine(Path.GetTempPath(), $"dm-bench-admin-{Guid.NewGuid():N}.key");
        using var deleteKey = new KeyFileCleanup(keyFile);
        await using var app = DivideMapperApp.Build(["--urls", baseUrl, "--Database:ConnectionString", db.ConnectionString,
            "--Access:AdminKeyFile", keyFile,
            "--RateLimits:Enabled", "false", "--Logging:LogLevel:Default", "Warning", "--Tiles:CacheMegabytes", "1024"]);
        await app.StartAsync(ct);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(1, o.Concurrency) }) { BaseAddress = new Uri(baseUrl) };
        string Url(TileAddress t) => $"/tiles/{slug}/{layer.Id}/{t.Z}/{t.X}/{t.Y}.mvt";

        // Warm-up: JIT and the project snapshot on another zoom (other cache keys), and the statement over every tile.
        foreach (var t in TilesOver(bounds.MinX, bounds.MinY, bounds.MaxX, bounds.MaxY, o.Zoom - 1).Take(20))
            (await http.GetAsync(Url(t), ct)).EnsureSuccessStatusCode();
        foreach (var t in tiles) await SqlAsync(dataSource, layer, scope, t, ct);

        var sql = new List<double>(tiles.Count);
        var served = new List<double>(tiles.Count);
        var nonEmpty = new List<TileAddress>();
        for (int i = 0; i < tiles.Count; i++)
        {
            var t = tiles[i];
            if (i % 2 == 0) sql.Add(await SqlAsync(dataSource, layer, scope, t, ct));
            var clock = Stopwatch.StartNew();
            using (var response = await http.GetAsync(Url(t), ct))
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(ct);
                served.Add(clock.Elapsed.TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.OK) nonEmpty.Add(t);
                else if (response.StatusCode != HttpStatusCode.NoContent)
                    throw new InvalidOperationException($"{Url(t)} answered {(int)response.StatusCode}: {bytes.Length} bytes");
            }
            if (i % 2 == 1) sql.Add(await SqlAsync(dataSource, layer, scope, t, ct));
        }
        if (nonEmpty.Count == 0) throw new InvalidOperationException($"No z{o.Zoom} tile of {layer.Id} has a feature.");

        var (requests, seconds) = await CachedLoadAsync(http, nonEmpty.Select(Url).ToArray(), o, ct);
        await app.StopAsync(CancellationToken.None);
        var machine = await Machine.DescribeAsync(dataSource, loadBefore, null, ct);
        return new TileBenchResult(layer.Id, o.Zoom, tiles.Count, nonEmpty.Count, Percentile(sql, 0.5), Percentile(sql, 0.9),
            Percentile(served, 0.5), Percentile(served, 0.9), requests, seconds, o.Concurrency, db.Description, machine);
    }

    private sealed class KeyFileCleanup(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }

    private static async Task<double> SqlAsync(NpgsqlDataSource dataSource, LayerDefinition layer, LayerScopeValues scope, TileAddress t,
        CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var command = LayerTiles.Command(dataSource, layer, scope, t);
        _ = await command.ExecuteScalarAsync(ct);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Concurrent loops over cached tiles: one second of warm-up, then counted for the asked time (or the request cap).</summary>
    private static async Task<(long Requests, double Seconds)> CachedLoadAsync(HttpClient http, string[] urls, TileBenchOptions o, CancellationToken ct)
    {
        long count = 0;
        var counting = false;
        var warmUntil = Stopwatch.StartNew();
        var clock = new Stopwatch();
        var stopAt = TimeSpan.FromSeconds(1 + o.Seconds);
        async Task Loop(int offset)
        {
            for (int i = offset; warmUntil.Elapsed < stopAt && Interlocked.Read(ref count) < MaxCachedRequests; i++)
            {
                using var response = await http.GetAsync(urls[i % urls.Length], HttpCompletionOption.ResponseContentRead, ct);
                response.EnsureSuccessStatusCode();
                if (Volatile.Read(ref counting)) Interlocked.Increment(ref count);
            }
        }
        var loops = Enumerable.Range(0, o.Concurrency).Select(i => Task.Run(() => Loop(i * 7), ct)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        Volatile.Write(ref counting, true);
        clock.Start();
        await Task.WhenAll(loops);
        return (Interlocked.Read(ref count), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Every tile of zoom z that meets the lon/lat box (Web Mercator, XYZ scheme).</summary>
    internal static List<TileAddress> TilesOver(double minLon, double minLat, double maxLon, double maxLat, int z)
    {
        int n = 1 << z;
        static double Y(double lat, int n) => (1 - Math.Log(Math.Tan(lat * Math.PI / 180) + 1 / Math.Cos(lat * Math.PI / 180)) / Math.PI) / 2 * n;
        int x0 = (int)Math.Floor((minLon + 180) / 360 * n), x1 = (int)Math.Floor((maxLon + 180) / 360 * n);
        int y0 = (int)Math.Floor(Y(maxLat, n)), y1 = (int)Math.Floor(Y(minLat, n));
        var tiles = new List<TileAddress>();
        for (int x = Math.Max(0, x0); x <= Math.Min(n - 1, x1); x++)
            for (int y = Math.Max(0, y0); y <= Math.Min(n - 1, y1); y++)
                tiles.Add(new TileAddress(z, x, y));
        return tiles;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
    }
}

/// <summary>The tile bench's lines (stdout) and JSON file (bench/out/tiles-*.json).</summary>
internal static class TileBenchReport
{
    public const double UncachedTarget = 1.2;
    public const double CachedTarget = 15_000;

    public static void Print(TileBenchResult r, TextWriter w)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        w.WriteLine(string.Create(c, $"z{r.Zoom} tiles of '{r.Layer}': {r.Tiles} ({r.NonEmpty} with features)"));
        w.WriteLine(string.Create(c, $"uncached tile, p50   endpoint {r.HttpP50:0.00} ms (p90 {r.HttpP90:0.00})   bare ST_AsMVT SQL {r.SqlP50:0.00} ms " +
            $"(p90 {r.SqlP90:0.00})   ratio {r.UncachedRatio:0.00} (target ≤ {UncachedTarget:0.0}) {(r.UncachedRatio <= UncachedTarget ? "met" : "MISSED")}"));
        w.WriteLine(string.Create(c, $"cached tiles         {r.CachedPerSecond:#,0} requests/s ({r.CachedRequests:#,0} in {r.CachedSeconds:0.0} s, " +
            $"{r.Concurrency} in flight, loopback HttpClient) (target ≥ {CachedTarget:#,0}) {(r.CachedPerSecond >= CachedTarget ? "met" : "MISSED")}"));
        w.WriteLine($"machine: {r.Machine.Cpu}, {r.Machine.Cores} cores, load {r.Machine.LoadAverageBefore} → {r.Machine.LoadAverageAfter}; " +
                    $"PostgreSQL {r.Machine.Postgres}, PostGIS {r.Machine.Postgis}; {r.Database}");
    }

    public static string Write(TileBenchResult r, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"tiles-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new
        {
            r.Layer, r.Zoom, r.Tiles, r.NonEmpty, sqlP50Ms = r.SqlP50, sqlP90Ms = r.SqlP90, httpP50Ms = r.HttpP50, httpP90Ms = r.HttpP90,
            uncachedRatio = r.UncachedRatio, uncachedTarget = UncachedTarget, cachedRequestsPerSecond = r.CachedPerSecond,
            cachedTarget = CachedTarget, r.CachedRequests, r.CachedSeconds, r.Concurrency, r.Database, r.Machine,
        }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
