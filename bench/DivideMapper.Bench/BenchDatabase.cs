using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DivideMapper.Data;
using DivideMapper.Data.Embedded;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DivideMapper.Bench;

/// <summary>What one psql script run took: wall clock of the process, and the sum of its \timing lines.</summary>
/// <param name="WallSeconds">From starting psql to its exit (connection and client start-up included).</param>
/// <param name="StatementSeconds">Sum of the script's <c>Time: … ms</c> lines: the statements between <c>\timing on</c> and off.</param>
internal sealed record PsqlTiming(double WallSeconds, double StatementSeconds, string Output);

/// <summary>
/// The database a bench runs on: a throwaway PostGIS cluster (EmbeddedPostgres in a temp directory on a free port,
/// default PostgreSQL settings) or, when DIVIDEMAPPER_DB is set, that server. Disposing always stops the throwaway
/// cluster; its files are deleted unless kept.
/// </summary>
internal sealed partial class BenchDatabase : IAsyncDisposable
{
    private readonly EmbeddedPostgres? _cluster;
    private readonly string? _directory;
    private readonly bool _keep;
    private readonly ILogger _logger;

    private BenchDatabase(string connectionString, string description, EmbeddedPostgres? cluster, string? directory, bool keep, ILogger logger)
    {
        ConnectionString = connectionString;
        Description = description;
        _cluster = cluster;
        _directory = directory;
        _keep = keep;
        _logger = logger;
    }

    public string ConnectionString { get; }

    /// <summary>"throwaway cluster …" or "DIVIDEMAPPER_DB", for the report (never the password).</summary>
    public string Description { get; }

    public bool IsThrowaway => _cluster is not null;

    public static async Task<BenchDatabase> OpenAsync(bool keep, ILogger logger, CancellationToken ct)
    {
        if (DatabaseConnection.External is { } external)
        {
            logger.LogInformation("Bench database: DIVIDEMAPPER_DB");
            await DatabaseMigrator.MigrateAsync(external, ct);
            return new BenchDatabase(external, "DIVIDEMAPPER_DB", null, null, keep, logger);
        }

        var directory = Directory.CreateTempSubdirectory("dm-bench-").FullName;
        // The cluster runs as postgres when we are root; it must be able to enter its parent directory.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var port = FreePort.Next();
        var cluster = new EmbeddedPostgres(directory, port, logger);
        var description = $"throwaway cluster on 127.0.0.1:{port} (default settings)";
        logger.LogInformation("Bench database: {Description} in {Dir}", description, directory);
        var database = new BenchDatabase("", description, cluster, directory, keep, logger);
        try
        {
            var connectionString = await cluster.EnsureStartedAsync(ct);
            await DatabaseMigrator.MigrateAsync(connectionString, ct);
            return new BenchDatabase(connectionString, description, cluster, directory, keep, logger);
        }
        catch
        {
            await database.DisposeAsync(); // stops what did start
            throw;
        }
    }

    /// <summary>Runs a psql script on this database with the given <c>-v</c> variables.</summary>
    public async Task<PsqlTiming> RunScriptAsync(string script, IReadOnlyDictionary<string, string> variables, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(ConnectionString);
        var start = new ProcessStartInfo(Path.Combine(EmbeddedPostgres.BinDir, "psql"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script }) start.ArgumentList.Add(arg);
        foreach (var (name, value) in variables)
        {
            start.ArgumentList.Add("-v");
            start.ArgumentList.Add($"{name}={value}");
        }
        start.Environment["PGHOST"] = cs.Host ?? "127.0.0.1";
        start.Environment["PGPORT"] = cs.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = cs.Database ?? "postgres";
        start.Environment["PGUSER"] = cs.Username ?? "postgres";
        if (cs.Password is { Length: > 0 } password) start.Environment["PGPASSWORD"] = password;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("psql did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var wall = clock.Elapsed.TotalSeconds;
        var output = await stdout;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"psql -f {Path.GetFileName(script)} failed ({process.ExitCode}): {(await stderr).Trim()}");
        double statements = TimingLine().Matches(output)
            .Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)) / 1000.0;
        return new PsqlTiming(wall, statements, output);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is null) return;
        await _cluster.StopAsync(CancellationToken.None);
        if (_keep)
        {
            _logger.LogInformation("Kept the stopped bench cluster in {Dir}", _directory);
            return;
        }
        try
        {
            Directory.Delete(_directory!, recursive: true);
        }
        catch (IOException e)
        {
            _logger.LogWarning("Could not delete {Dir}: {Message}", _directory, e.Message);
        }
    }

    [GeneratedRegex(@"^Time: ([0-9.]+) ms", RegexOptions.Multiline)]
    private static partial Regex TimingLine();
}
