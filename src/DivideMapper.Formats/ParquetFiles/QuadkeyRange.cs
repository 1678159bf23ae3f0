using DivideMapper.Core.Geo;
using DivideMapper.Formats.Import;

namespace DivideMapper.Formats.ParquetFiles;

/// <summary>
/// Whether any quadkey between two quadkeys (in text order) names a tile that touches a box. Parquet writers keep the
/// min and max of every column per row group; a world-wide Ookla file, its rows ascending by quadkey, thus tells for each
/// row group which stretch of the quadtree it holds, and a row group whose stretch misses the project area is skipped
/// unread. Text order of equal-length quadkeys is the Z-order of the tiles, so the stretch is the classic Z-order range
/// query, answered by walking down the quadtree: a node that misses the box, or lies wholly outside the range, is
/// pruned; one wholly inside the range that touches the box answers yes. Only the nodes holding the range's two ends
/// are split, so at most 4 nodes per level are looked at.
/// </summary>
internal static class QuadkeyRange
{
    /// <summary>
    /// False only when no quadkey q with <paramref name="min"/> ≤ q ≤ <paramref name="max"/> (ordinal) has a tile touching
    /// <paramref name="box"/>. Anything but two quadkeys of one zoom (no statistics, text that is not a quadkey) answers true.
    /// </summary>
    public static bool MayTouch(string? min, string? max, ClipBox box)
    {
        if (min is null || max is null || min.Length != max.Length || string.CompareOrdinal(min, max) > 0
            || !Quadkey.TryParse(min, out _) || !Quadkey.TryParse(max, out _))
            return true;
        return Touches("", min, max, box);
    }

    private static bool Touches(string node, string min, string max, ClipBox box)
    {
        if (node.Length > 0)
        {
            var (x, y, zoom) = Quadkey.ToTileXY(node);
            if (!box.Intersects(Quadkey.TileEnvelope(x, y, zoom))) return false;
        }
        var first = node.PadRight(min.Length, '0');
        var last = node.PadRight(min.Length, '3');
        if (string.CompareOrdinal(last, min) < 0 || string.CompareOrdinal(first, max) > 0) return false; // outside the range
        if (string.CompareOrdinal(first, min) >= 0 && string.CompareOrdinal(last, max) <= 0) return true; // inside it, and touching
        for (var digit = '0'; digit <= '3'; digit++)
            if (Touches(node + digit, min, max, box)) return true;
        return false;
    }
}
