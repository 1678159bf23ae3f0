using DivideMapper.Formats.Import;
using Npgsql;

namespace DivideMapper.Data.Storage;

/// <summary>The project's area for clipping imports (DESIGN §7): the bounding box of its settlements plus a margin.</summary>
public static class ProjectArea
{
    /// <summary>The default clip margin, 2 km: cells or coverage a little outside a settlement still matter at its edge.</summary>
    public const double DefaultMarginM = 2000;

    /// <summary>
    /// The settlements' lon/lat box grown by <paramref name="marginM"/> metres (by latitude, on the mean Earth radius,
    /// widened at the box's edge nearest a pole), or null when the project has no settlements yet (or does not exist).
    /// </summary>
    public static async Task<ClipBox?> ClipBoxAsync(NpgsqlDataSource dataSource, string projectSlug, double marginM, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
            FROM (SELECT ST_Extent(s.geom)::geometry AS e FROM settlement s JOIN project p ON p.id = s.project_id WHERE p.slug = @slug) x
            WHERE e IS NOT NULL
            """);
        command.Parameters.AddWithValue("slug", projectSlug);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        double minLon = reader.GetDouble(0), minLat = reader.GetDouble(1), maxLon = reader.GetDouble(2), maxLat = reader.GetDouble(3);
        const double metresPerDegree = 6_371_008.8 * Math.PI / 180;
        var dLat = marginM / metresPerDegree;
        var poleward = Math.Min(89, Math.Max(Math.Abs(minLat), Math.Abs(maxLat)) + dLat);
        var dLon = marginM / (metresPerDegree * Math.Cos(poleward * Math.PI / 180));
        return new ClipBox(Math.Max(-180, minLon - dLon), Math.Max(-90, minLat - dLat), Math.Min(180, maxLon + dLon), Math.Min(90, maxLat + dLat));
    }
}
