using DivideMapper.Formats.Import;
using Npgsql;

namespace DivideMapper.Data.Storage;

/// <summary>The project's area for clipping imports (DESIGN §7): the bounding box of its settlements plus a margin.</summary>
public static class ProjectArea
{
    /// <summary>The default clip margin, 2 km: cells or coverage a little outside a settlement still matter at its edge.</summary>
    public const double DefaultMarginM = ImportOptions.DefaultClipMarginM;

    /// <summary>
    /// The settlements' lon/lat box grown by <paramref name="marginM"/> metres (<see cref="ClipBox.Around"/>), or null
    /// when the project has no settlements yet (or does not exist).
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
        return ClipBox.Around(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), marginM);
    }
}
