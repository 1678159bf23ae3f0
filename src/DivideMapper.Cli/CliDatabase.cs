using DivideMapper.Data;
using DivideMapper.Data.Runs;
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
        var dataSource = DataServiceCollectionExtensions.CreateDataSource(connectionString);
        bool migrated;
        try
        {
            // One pooled connection now: the data source loads the server's types (PostGIS included) on its first
            // connection, and the import runs this while it reads the file, off the critical path. The migration check
            // rides on it.
            await using (var connection = await dataSource.OpenConnectionAsync(ct))
                migrated = await DatabaseMigrator.IsCurrentAsync(connection, ct);
            if (!migrated)
            {
                // Migrations may install PostGIS: a data source that loaded the types before would not know geometry.
                await dataSource.DisposeAsync();
                await DatabaseMigrator.MigrateAsync(connectionString, ct);
                dataSource = DataServiceCollectionExtensions.CreateDataSource(connectionString);
                await using (await dataSource.OpenConnectionAsync(ct)) { }
            }
            // The startup sweep of DESIGN §4: runs left 'running' by a killed process (their project's run lock died
            // with it) are failed as interrupted, so `dm runs` never shows a dead run as running.
            if (await ProjectRunLock.FailInterruptedRunsAsync(dataSource, ct) is > 0 and var interrupted)
                logger.LogWarning("Marked {Count} interrupted run(s) as failed", interrupted);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
        logger.LogDebug("Database ready in {Seconds:0.000} s ({What})", clock.Elapsed.TotalSeconds, migrated ? "up to date" : "migrated");
        return new CliDatabase(dataSource);
    }

    public async ValueTask DisposeAsync()
    {
        if (_db.IsValueCreated) await _db.Value.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
