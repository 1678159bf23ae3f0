using System.Reflection;
using DivideMapper.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DivideMapper.Cli;

/// <summary>
/// The CLI's way into the same database the server uses: DIVIDEMAPPER_DB or the embedded cluster in .data/pg,
/// started on demand and migrated before any command touches it.
/// </summary>
public sealed class CliDatabase : IAsyncDisposable
{
    private readonly Lazy<DivideMapperDbContext> _db;

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The EF context, built on first use (commands that only COPY, like import, never pay for the model).</summary>
    public DivideMapperDbContext Db => _db.Value;

    private CliDatabase(NpgsqlDataSource dataSource)
    {
        DataSource = dataSource;
        _db = new Lazy<DivideMapperDbContext>(() => DataServiceCollectionExtensions.CreateContext(dataSource));
    }

    public static async Task<CliDatabase> OpenAsync(ILogger logger, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var connectionString = await DatabaseConnection.ResolveAsync(null, logger, ct);
        var migrated = await IsMigratedAsync(connectionString, ct);
        if (!migrated) await DatabaseMigrator.MigrateAsync(connectionString, ct);
        var dataSource = DataServiceCollectionExtensions.CreateDataSource(connectionString);
        try
        {
            // Open one pooled connection now: the data source loads the server's types (PostGIS included) on its first
            // connection, and the import runs this while it reads the file, off the critical path.
            await using (await dataSource.OpenConnectionAsync(ct)) { }
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
        logger.LogDebug("Database ready in {Seconds:0.000} s ({What})", clock.Elapsed.TotalSeconds, migrated ? "up to date" : "migrated");
        return new CliDatabase(dataSource);
    }

    /// <summary>
    /// One query instead of EF's migrator (which builds the whole model, a second or more of JIT in a short-lived
    /// process): true when PostGIS is installed and every migration this build knows is in the history table.
    /// Anything else, including an error, lets <see cref="DatabaseMigrator"/> decide as before.
    /// </summary>
    private static async Task<bool> IsMigratedAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var check = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') AND to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL",
                connection);
            if (await check.ExecuteScalarAsync(ct) is not true) return false;
            // The id is the first column whatever the naming convention calls it (migration_id here).
            await using var history = new NpgsqlCommand("SELECT * FROM \"__EFMigrationsHistory\"", connection);
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await history.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));
            return KnownMigrations.Value.All(applied.Contains);
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

    public async ValueTask DisposeAsync()
    {
        if (_db.IsValueCreated) await _db.Value.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
