using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DivideMapper.Data.Embedded;

/// <summary>
/// The default database: a private PostgreSQL 15 + PostGIS cluster in <c>.data/pg</c> on 127.0.0.1:55432,
/// created with initdb on first use and started on demand (DESIGN §3). PostgreSQL refuses to run as root,
/// so when we are root the cluster belongs to, and runs as, the <c>postgres</c> system user.
/// Password auth (scram) with a random password kept in <c>.data/pg.password</c> (mode 600), listening on
/// loopback only.
/// </summary>
public sealed class EmbeddedPostgres(string dataDir, int port, ILogger? logger = null)
{
    public const int DefaultPort = 55432;
    public const string DatabaseName = "dividemapper";
    private const string SuperUser = "dividemapper";

    /// <summary>The role the app connects as: owner of <see cref="DatabaseName"/>, not a superuser (DESIGN §8).</summary>
    public const string OwnerRole = "dividemapper_app";

    public string ClusterDir { get; } = Path.Combine(dataDir, "pg");
    private string PasswordFile => Path.Combine(dataDir, "pg.password");
    private string OwnerPasswordFile => Path.Combine(dataDir, "pg.app.password");
    private string LockFile => Path.Combine(dataDir, "pg.lock");
    public string LogFile => Path.Combine(ClusterDir, "server.log");
    public int Port { get; } = port;

    public static EmbeddedPostgres FromEnvironment(ILogger? logger = null)
    {
        var port = int.TryParse(Environment.GetEnvironmentVariable("DIVIDEMAPPER_PG_PORT"), out var p) ? p : DefaultPort;
        return new EmbeddedPostgres(DivideMapperPaths.DataDir, port, logger);
    }

    /// <summary>Initialises (first time) and starts the cluster if needed; returns a connection string to our database.</summary>
    public async Task<string> EnsureStartedAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(dataDir);
        // Two processes (./dm and the server) may start at once: serialise on a lock file.
        using (await AcquireLockAsync(cancellationToken))
        {
            if (!File.Exists(Path.Combine(ClusterDir, "PG_VERSION"))) await InitDbAsync(cancellationToken);
            if (!await IsRunningAsync(cancellationToken)) await StartAsync(cancellationToken);
        }
        var password = (await File.ReadAllTextAsync(PasswordFile, cancellationToken)).Trim();
        var ownerPassword = await EnsureDatabaseAsync(password, cancellationToken);
        return ConnectionString(DatabaseName, OwnerRole, ownerPassword);
    }

    /// <summary>Stops the cluster if it runs (fast shutdown).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path.Combine(ClusterDir, "PG_VERSION"))) return;
        await PgToolAsync("pg_ctl", ["-D", ClusterDir, "-m", "fast", "-w", "stop"], cancellationToken, allowFailure: true);
    }

    private string ConnectionString(string database, string user, string password) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = user,
        Password = password,
        Database = database,
    }.ConnectionString;

    private async Task InitDbAsync(CancellationToken ct)
    {
        logger?.LogInformation("Creating the embedded PostGIS cluster in {Dir}", ClusterDir);
        // Only a folder we made ourselves is ever deleted: a half-made cluster from a killed initdb carries our marker.
        // Anything else without PG_VERSION (someone's files, a mount) is refused, never removed.
        var marker = Path.Combine(dataDir, "pg.initializing");
        if (Directory.Exists(ClusterDir) && Directory.EnumerateFileSystemEntries(ClusterDir).Any())
        {
            if (!File.Exists(marker))
                throw new InvalidOperationException(
                    $"{ClusterDir} exists and is not a PostgreSQL cluster (no PG_VERSION); it was not created by DivideMapper, so it is left alone. " +
                    "Move it away or set DIVIDEMAPPER_DATA_DIR.");
            Directory.Delete(ClusterDir, recursive: true);
        }
        await File.WriteAllTextAsync(marker, "initdb in progress; the pg folder beside this file may be deleted\n", ct);
        Directory.CreateDirectory(ClusterDir);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        // Mode 600 from creation: the password is never readable by others, not even for a moment.
        await SecretFile.WriteAsync(PasswordFile, password, ct);

        // initdb reads the password from a file the cluster owner can read; it is removed right after.
        var pwfile = Path.Combine(ClusterDir, "..", $"initdb-{Environment.ProcessId}.pw");
        await SecretFile.WriteAsync(pwfile, password, ct);
        try
        {
            if (RunsAsRoot) await ChownToPostgresAsync([ClusterDir, pwfile], ct);
            await PgToolAsync("initdb", ["-D", ClusterDir, "-U", SuperUser, "--pwfile", Path.GetFullPath(pwfile),
                "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"], ct);
        }
        finally
        {
            File.Delete(pwfile);
        }
        File.Delete(marker);
    }

    private async Task<bool> IsRunningAsync(CancellationToken ct) =>
        (await PgToolAsync("pg_ctl", ["-D", ClusterDir, "status"], ct, allowFailure: true)).ExitCode == 0;

    private async Task StartAsync(CancellationToken ct)
    {
        logger?.LogInformation("Starting the embedded PostGIS cluster on 127.0.0.1:{Port}", Port);
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -k {ClusterDir}";
        var result = await PgToolAsync("pg_ctl", ["-D", ClusterDir, "-l", LogFile, "-o", options, "-w", "-t", "60", "start"], ct, allowFailure: true);
        if (result.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(10)) : "";
            throw new InvalidOperationException(
                $"The embedded PostgreSQL did not start (port {Port} in use? see {LogFile}).\n{result.Output}\n{log}");
        }
    }

    /// <summary>
    /// The database exists and belongs to <see cref="OwnerRole"/>; returns that role's password. The superuser is used
    /// only here: to create the database and the role, install PostGIS, and (clusters made before the owner role)
    /// hand over what it created. A cluster already prepared costs one query.
    /// </summary>
    private async Task<string> EnsureDatabaseAsync(string password, CancellationToken ct)
    {
        // Unpooled: a one-off admin connection must not outlive a restart of the cluster in a pool.
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString("postgres", SuperUser, password)) { Pooling = false }.ConnectionString;
        var created = false;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", connection);
            exists.Parameters.AddWithValue("n", DatabaseName);
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
                try
                {
                    await create.ExecuteNonQueryAsync(ct);
                    created = true;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
                {
                    // Another process created it between our check and our create.
                }
            }
        }
        using (await AcquireLockAsync(ct))
        {
            if (!created && File.Exists(OwnerPasswordFile)) return (await File.ReadAllTextAsync(OwnerPasswordFile, ct)).Trim();
            var ownerPassword = File.Exists(OwnerPasswordFile)
                ? (await File.ReadAllTextAsync(OwnerPasswordFile, ct)).Trim()
                : Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            var superuser = new NpgsqlConnectionStringBuilder(admin) { Database = "postgres" }.ConnectionString;
            await DatabaseOwner.EnsureAsync(superuser, DatabaseName, OwnerRole, ownerPassword, ct);
            // Written last: its presence says the owner role is ready (a crash before this repeats the idempotent setup).
            await SecretFile.WriteAsync(OwnerPasswordFile, ownerPassword, ct);
            return ownerPassword;
        }
    }

    private async Task<IDisposable> AcquireLockAsync(CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    internal static bool RunsAsRoot => Environment.UserName == "root";

    /// <summary>The PostgreSQL binaries: DIVIDEMAPPER_PG_BIN or Debian's newest /usr/lib/postgresql/N/bin.</summary>
    public static string BinDir
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DIVIDEMAPPER_PG_BIN") is { Length: > 0 } bin) return bin;
            var root = "/usr/lib/postgresql";
            var newest = Directory.Exists(root)
                ? Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).FirstOrDefault()
                : null;
            return newest is null
                ? throw new InvalidOperationException("PostgreSQL is not installed: run ./run.sh (apt: postgresql-15, postgresql-15-postgis-3) or set DIVIDEMAPPER_DB.")
                : Path.Combine(newest, "bin");
        }
    }

    private static async Task ChownToPostgresAsync(IEnumerable<string> paths, CancellationToken ct)
    {
        foreach (var path in paths)
            await RunAsync("chown", ["-R", "postgres:postgres", path], ct);
    }

    /// <summary>Runs a PostgreSQL tool, as the postgres system user when we are root.</summary>
    private static Task<(int ExitCode, string Output)> PgToolAsync(string tool, IReadOnlyList<string> args, CancellationToken ct,
        bool allowFailure = false)
    {
        var exe = Path.Combine(BinDir, tool);
        return RunsAsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", exe, .. args], ct, allowFailure)
            : RunAsync(exe, args, ct, allowFailure);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string exe, IReadOnlyList<string> args, CancellationToken ct,
        bool allowFailure = false)
    {
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // pg_ctl's server inherits our cwd; root's cwd may be unreadable for postgres.
            WorkingDirectory = "/",
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{exe} did not start.");
        // pg_ctl start leaves the server holding our pipes open; read asynchronously and stop at exit.
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(2000, ct)) is Task<string[]> done
            ? string.Join('\n', done.Result)
            : "";
        if (process.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException($"{Path.GetFileName(exe)} {string.Join(' ', args)} failed ({process.ExitCode}): {output}");
        return (process.ExitCode, output);
    }
}
