using DivideMapper.Core.Analysis;
using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;
using Npgsql;

namespace DivideMapper.Data.Storage;

/// <summary>
/// Picks and reads the population layers a run counts people with (DESIGN §5.3): of the project's population
/// datasets, the latest of each level of detail (buildings, then raster cells, then areas or points;
/// <see cref="PopulationKinds.Detail"/>), finest first. Only its rows that touch a settlement are read (GiST), so a layer clipped to the project
/// box but wider than its settlements costs nothing extra.
/// </summary>
internal static class PopulationLayerLoader
{
    public static async Task<IReadOnlyList<PopulationLayer>> LoadAsync(NpgsqlConnection connection, long projectId, CancellationToken ct)
    {
        var candidates = new List<(long Id, string Name, string? Rule, PopulationKind Kind, long Rows)>();
        await using (var command = new NpgsqlCommand("""
            SELECT d.id, d.name, d.report->>'populationRule', p.kind, count(*)
            FROM population p JOIN dataset d ON d.project_id = p.project_id AND d.id = p.dataset_id
            WHERE p.project_id = @p
            GROUP BY d.id, d.name, d.report->>'populationRule', p.kind
            """, connection))
        {
            command.Parameters.AddWithValue("p", projectId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                if (PopulationKinds.TryParse(reader.GetString(3), out var kind))
                    candidates.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), kind, reader.GetInt64(4)));
        }
        if (candidates.Count == 0) return [];

        // A dataset's kind is that of most of its rows (a file of points and polygons is still one layer).
        // Per level of detail the latest dataset, finest level first: buildings where mapped, the raster elsewhere.
        var chosen = candidates.GroupBy(c => c.Id)
            .Select(g => g.OrderByDescending(c => c.Rows).ThenByDescending(c => c.Kind.Detail()).First())
            .GroupBy(c => c.Kind.Detail())
            .OrderByDescending(g => g.Key)
            .Select(g => g.OrderByDescending(c => c.Id).First())
            .ToList();
        var layers = new List<PopulationLayer>();
        foreach (var layer in chosen) layers.Add(await ReadLayerAsync(connection, projectId, layer, ct));
        return layers;
    }

    private static async Task<PopulationLayer> ReadLayerAsync(NpgsqlConnection connection, long projectId,
        (long Id, string Name, string? Rule, PopulationKind Kind, long Rows) chosen, CancellationToken ct)
    {
        var features = new List<PopulationFeature>();
        await using (var command = new NpgsqlCommand("""
            SELECT p.id, p.kind, p.people, p.floors, p.geom FROM population p
            WHERE p.project_id = @p AND p.dataset_id = @d
              AND EXISTS (SELECT 1 FROM settlement s WHERE s.project_id = @p AND ST_Intersects(s.geom, p.geom))
            ORDER BY p.id
            """, connection))
        {
            command.Parameters.AddWithValue("p", projectId);
            command.Parameters.AddWithValue("d", chosen.Id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                PopulationKinds.TryParse(reader.GetString(1), out var kind);
                features.Add(new PopulationFeature(reader.GetInt64(0), kind, reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetDouble(3),
                    reader.GetFieldValue<Geometry>(4)));
            }
        }
        return new PopulationLayer(chosen.Id, chosen.Name, chosen.Kind, chosen.Rule ?? chosen.Kind.ToSlug(), features);
    }
}
