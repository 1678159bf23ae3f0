using DivideMapper.Data.Layers;
using DivideMapper.Data.Layers.Tiles;
using DivideMapper.Web.Tiles;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;

namespace DivideMapper.Web.Ogc;

/// <summary>
/// The extents of every layer of a project, as collection metadata shows them: one statement per project
/// (<see cref="LayerExtents"/>, each layer's own <c>ST_Extent</c> and periods, results and gaps of the latest finished
/// run), cached under the project's data version (<see cref="ProjectSnapshot.Version"/>) as tiles are. Without the
/// cache, /ogc/collections would scan every row of every layer of every project on each request (a W1-sized project
/// has 200,000 speed points); with it, an unchanged project costs no statement beyond its snapshot, which the tile
/// cache already reuses for <c>Tiles:SnapshotSeconds</c>. A new dataset or run changes the version, so old extents
/// are never served again and age out.
/// </summary>
public sealed class OgcExtents(TileCache snapshots, NpgsqlDataSource dataSource) : IDisposable
{
    private readonly MemoryCache _extents = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    /// <summary>The project's snapshot (latest run, version) and the extents of its layers; null when the project is gone.</summary>
    public async Task<(ProjectSnapshot Snapshot, IReadOnlyDictionary<string, LayerExtent> Extents)?> ReadAsync(string slug, CancellationToken ct)
    {
        if (await snapshots.SnapshotAsync(slug, ct) is not { } snapshot) return null;
        var key = $"{snapshot.Project.Id}:{snapshot.Version}";
        if (!_extents.TryGetValue(key, out IReadOnlyDictionary<string, LayerExtent>? extents))
        {
            var scope = new LayerScopeValues(snapshot.Project.Id, snapshot.LatestRunId, snapshot.Project.Floor);
            extents = await LayerExtents.ReadAsync(dataSource, LayerCatalogue.All, scope, ct);
            _extents.Set(key, extents, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
        }
        return (snapshot, extents!);
    }

    public void Dispose() => _extents.Dispose();
}
