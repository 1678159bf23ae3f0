using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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

    /// <summary>
    /// The quick check short-lived processes (<c>./dm</c>) make before every command: one query instead of EF's
    /// <see cref="PendingAsync"/> (which builds the whole model, a second or more of JIT): true when PostGIS is
    /// installed and every migration this build knows is in the history table. Anything else, including an error,
    /// is false: then <see cref="MigrateAsync"/> decides.
    /// </summary>
    /// <remarks>Asked on a connection the caller already holds (the command's own data source), so a command opens one
    /// connection and loads the server's types once, not twice.</remarks>
    public static async Task<bool> IsCurrentAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // The ids are read from attributes by reflection over the assembly (tens of ms): meanwhile the query runs.
        var known = Task.Run(() => KnownMigrations.Value, ct);
        try
        {
            await using var check = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') AND to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL",
                connection);
            if (await check.ExecuteScalarAsync(ct) is not true) return false;
            // The id is the first column whatever the naming convention calls it (migration_id here).
            await using var history = new NpgsqlCommand("SELECT * FROM \"__EFMigrationsHistory\"", connection);
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await history.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));
            return (await known).All(applied.Contains);
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    /// <summary>The migration ids compiled into the data assembly, read from their attributes (no EF model needed).</summary>
    private static readonly Lazy<string[]> KnownMigrations = new(() => typeof(DivideMapperDbContext).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(DivideMapperDbContext))
        .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
        .OfType<string>()
        .ToArray());
}
