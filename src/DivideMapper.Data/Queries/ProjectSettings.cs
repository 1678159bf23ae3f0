using DivideMapper.Core.Analysis;
using Npgsql;

namespace DivideMapper.Data.Queries;

/// <summary>What an analysis needs to know of a project: its id, its metric CRS (null before the first run) and its privacy floor.</summary>
public sealed record ProjectSettings(long Id, int? MetricSrid, PrivacyFloor Floor)
{
    /// <summary>One row by slug, without building the EF model (runs and the bench call this in short-lived processes).</summary>
    public static Task<ProjectSettings?> FindAsync(NpgsqlDataSource dataSource, string slug, CancellationToken ct = default) =>
        ReadAsync(dataSource, "slug", slug, ct);

    /// <summary>One row by id (a worker knows its run's project by id).</summary>
    public static Task<ProjectSettings?> FindByIdAsync(NpgsqlDataSource dataSource, long id, CancellationToken ct = default) =>
        ReadAsync(dataSource, "id", id, ct);

    private static async Task<ProjectSettings?> ReadAsync(NpgsqlDataSource dataSource, string column, object value, CancellationToken ct)
    {
        // column is one of the two literals above, never user input.
        await using var command = dataSource.CreateCommand($"SELECT id, metric_srid, min_devices, min_tests FROM project WHERE {column} = @value");
        command.Parameters.AddWithValue("value", value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ProjectSettings(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt32(1),
                new PrivacyFloor(reader.GetInt32(2), reader.GetInt32(3)))
            : null;
    }
}
