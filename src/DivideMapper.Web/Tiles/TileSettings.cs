using System.ComponentModel.DataAnnotations;

namespace DivideMapper.Web.Tiles;

/// <summary>Vector-tile serving, bound to "Tiles".</summary>
public sealed class TileSettings
{
    public const string Section = "Tiles";

    /// <summary>Memory the tile cache may hold, in MB (tiles are counted by their bytes). Default 256.</summary>
    [Range(1, 65_536)]
    public int CacheMegabytes { get; set; } = 256;

    /// <summary>
    /// How long a project's snapshot (visibility, latest run, data version) is reused before it is read again, in
    /// seconds: a new dataset or run shows in tiles at most this late. Default 1.
    /// </summary>
    [Range(0, 3600)]
    public double SnapshotSeconds { get; set; } = 1;

    /// <summary>Cache-Control max-age of tiles and TileJSON, in seconds. Default 60.</summary>
    [Range(0, 86_400)]
    public int MaxAgeSeconds { get; set; } = 60;
}
