using System.Collections.Concurrent;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Layers;
using DivideMapper.Data.Layers.Tiles;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DivideMapper.Web.Tiles;

/// <summary>
/// The in-memory caches behind the tile endpoints. Tiles are keyed by the project's data version
/// (<see cref="ProjectSnapshot.Version"/>), so a dataset or run that changes a layer changes the key and the old tiles
/// are never served again; they age out of the size-bounded cache by least recent use. Snapshots are reused for
/// <see cref="TileSettings.SnapshotSeconds"/>, so a cached tile costs no database round trip at all. Concurrent
/// requests for the same missing tile share one query.
/// </summary>
public sealed class TileCache : IDisposable
{
    private const int MaxSnapshots = 10_000;
    private readonly MemoryCache _tiles;
    private readonly MemoryCache _snapshots = new(new MemoryCacheOptions { SizeLimit = MaxSnapshots });
    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> _rendering = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeSpan _snapshotLifetime;

    public TileCache(NpgsqlDataSource dataSource, IOptions<TileSettings> settings)
    {
        _dataSource = dataSource;
        _tiles = new MemoryCache(new MemoryCacheOptions { SizeLimit = settings.Value.CacheMegabytes * 1024L * 1024L });
        _snapshotLifetime = TimeSpan.FromSeconds(settings.Value.SnapshotSeconds);
    }

    /// <summary>The project's snapshot, null for no such project (absence is cached as briefly as presence).</summary>
    public async Task<ProjectSnapshot?> SnapshotAsync(string slug, CancellationToken ct)
    {
        if (_snapshots.TryGetValue(slug, out ProjectSnapshot? cached)) return cached;
        var snapshot = await ProjectSnapshots.ReadAsync(_dataSource, slug, ct);
        if (_snapshotLifetime > TimeSpan.Zero)
            _snapshots.Set(slug, snapshot, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _snapshotLifetime });
        return snapshot;
    }

    /// <summary>
    /// The scope of a layer in the snapshot: the run asked for (checked once per data version: runs are immutable,
    /// and deleting one changes the version) or the latest finished run.
    /// </summary>
    public async Task<Outcome<LayerScopeValues>> ScopeAsync(ProjectSnapshot snapshot, LayerDefinition layer, long? runId, CancellationToken ct)
    {
        var project = snapshot.Project;
        if (layer.Scope == LayerScope.Project) return new LayerScopeValues(project.Id, null, project.Floor);
        if (runId is null)
            return snapshot.LatestRunId is { } latest
                ? new LayerScopeValues(project.Id, latest, project.Floor)
                : LayerScopes.NoFinishedRun(project, layer);
        var key = $"run:{project.Id}:{runId}:{snapshot.Version}";
        if (_snapshots.TryGetValue(key, out Outcome<LayerScopeValues>? checkedRun)) return checkedRun!;
        var outcome = await LayerScopes.ResolveAsync(_dataSource, project, layer, runId, ct);
        _snapshots.Set(key, outcome, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return outcome;
    }

    /// <summary>The tile's bytes (empty for no features), from the cache or rendered once.</summary>
    public async Task<byte[]> TileAsync(string key, LayerDefinition layer, LayerScopeValues scope, TileAddress tile, CancellationToken ct)
    {
        if (_tiles.TryGetValue(key, out byte[]? bytes)) return bytes!;
        var rendering = _rendering.GetOrAdd(key, _ => new Lazy<Task<byte[]>>(() => RenderAsync(key, layer, scope, tile)));
        try
        {
            return await rendering.Value.WaitAsync(ct);
        }
        finally
        {
            if (rendering.Value.IsCompleted) _rendering.TryRemove(new KeyValuePair<string, Lazy<Task<byte[]>>>(key, rendering));
        }
    }

    /// <summary>Not cancelled with one request: others may be waiting for the same tile.</summary>
    private async Task<byte[]> RenderAsync(string key, LayerDefinition layer, LayerScopeValues scope, TileAddress tile)
    {
        var bytes = await LayerTiles.ReadAsync(_dataSource, layer, scope, tile, CancellationToken.None);
        _tiles.Set(key, bytes, new MemoryCacheEntryOptions { Size = bytes.Length + 128, SlidingExpiration = TimeSpan.FromHours(1) });
        return bytes;
    }

    public void Dispose()
    {
        _tiles.Dispose();
        _snapshots.Dispose();
    }
}
