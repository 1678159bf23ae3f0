using DivideMapper.Data;

namespace DivideMapper.Web.Hosting;

/// <summary>What happened to the database when the app started; /health reports it.</summary>
public sealed record DatabaseStartup(string Mode, bool Migrated, string? Error)
{
    /// <summary>
    /// Resolves the connection (starting the embedded cluster if it is the one in use) and migrates.
    /// A database that is down does not stop the app: /health then answers 503 and says why.
    /// </summary>
    public static (string? ConnectionString, DatabaseStartup State) Prepare(IConfiguration configuration, ILogger logger)
    {
        var configured = configuration["Database:ConnectionString"];
        var mode = DatabaseConnection.Mode(configured);
        string? connectionString = null;
        try
        {
            connectionString = DatabaseConnection.ResolveAsync(configured, logger).GetAwaiter().GetResult();
            if (configuration.GetValue("Database:Migrate", true))
                DatabaseMigrator.MigrateAsync(connectionString).GetAwaiter().GetResult();
            return (connectionString, new DatabaseStartup(mode, true, null));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong (no PostgreSQL, a port in use, an unreadable .data/, a failed migration), the app still
            // starts: /health says why with 503, and data routes answer 503 instead of the process dying.
            logger.LogError(e, "The {Mode} database is not available; the app starts and /health reports 503", mode);
            return (connectionString, new DatabaseStartup(mode, false, e.Message));
        }
    }
}
