using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DivideMapper.Data;

/// <summary>Brings a database to the current schema. Safe to run on every start: a migrated database is a no-op.</summary>
public static class DatabaseMigrator
{
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        // PostGIS must exist before Npgsql's NTS plugin loads types, or the geometry type is unknown to the
        // data source for its lifetime. So create it on a plain connection first.
        await using (var plain = new NpgsqlConnection(connectionString))
        {
            await plain.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS postgis", plain);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var dataSource = DataServiceCollectionExtensions.CreateDataSource(connectionString);
        await using var db = DataServiceCollectionExtensions.CreateContext(dataSource);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Migrations defined in code but not yet applied (empty on an up-to-date database).</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var dataSource = DataServiceCollectionExtensions.CreateDataSource(connectionString);
        await using var db = DataServiceCollectionExtensions.CreateContext(dataSource);
        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
    }
}
