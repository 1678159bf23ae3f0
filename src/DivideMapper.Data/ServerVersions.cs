using Npgsql;

namespace DivideMapper.Data;

/// <summary>What the database server runs: PostgreSQL, PostGIS and the GEOS inside it (for /health and the bench report).</summary>
public sealed record ServerVersions(string Postgres, string Postgis, string Geos)
{
    /// <summary>One query; fails (NpgsqlException) when the server is down or PostGIS is missing.</summary>
    public static async Task<ServerVersions> ReadAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT current_setting('server_version'), postgis_lib_version(), postgis_geos_version()");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new ServerVersions(reader.GetString(0), reader.GetString(1), reader.GetString(2));
    }
}
