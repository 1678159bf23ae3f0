using DivideMapper.Data;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DivideMapper.Cli;

/// <summary>
/// The CLI's way into the same database the server uses: DIVIDEMAPPER_DB or the embedded cluster in .data/pg,
/// started on demand and migrated before any command touches it.
/// </summary>
public sealed class CliDatabase : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; }
    public DivideMapperDbContext Db { get; }

    private CliDatabase(NpgsqlDataSource dataSource)
    {
        DataSource = dataSource;
        Db = DataServiceCollectionExtensions.CreateContext(dataSource);
    }

    public static async Task<CliDatabase> OpenAsync(ILogger logger, CancellationToken ct)
    {
        var connectionString = await DatabaseConnection.ResolveAsync(null, logger, ct);
        await DatabaseMigrator.MigrateAsync(connectionString, ct);
        return new CliDatabase(DataServiceCollectionExtensions.CreateDataSource(connectionString));
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
