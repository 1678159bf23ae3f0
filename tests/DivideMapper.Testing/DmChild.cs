using System.Diagnostics;
using System.Text;
using Npgsql;
using Xunit.Sdk;

namespace DivideMapper.Testing;

/// <summary>
/// A <c>dm</c> command started as a child process so that a fault test can kill it mid-way with SIGKILL. Its
/// database sessions carry <see cref="ApplicationName"/>, so the test can see them in <c>pg_stat_activity</c> and wait
/// for the server to drop them; its temp folder (<c>TMPDIR</c>) is the one the test passes, so leftovers can be seen.
/// </summary>
public sealed class DmChild : IDisposable
{
    /// <summary>The <c>application_name</c> of the child's database sessions.</summary>
    public const string ApplicationName = "dm-fault-child";

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private DmChild(Process process) => _process = process;

    /// <summary>Starts <c>dm</c> with <paramref name="args"/> against <paramref name="connectionString"/>, temp files in <paramref name="tempDir"/>.</summary>
    public static DmChild Start(string connectionString, string tempDir, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "dm.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"dm.dll is not beside the tests ({dll}).");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DIVIDEMAPPER_DB"] = WithApplicationName(connectionString);
        start.Environment["TMPDIR"] = tempDir;
        var child = new DmChild(Process.Start(start)!);
        child._process.StandardInput.Close();
        child._process.OutputDataReceived += (_, _) => { };
        child._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (child._stderr) child._stderr.AppendLine(e.Data);
        };
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The connection string the child gets: the same database, its sessions named <see cref="ApplicationName"/>.</summary>
    public static string WithApplicationName(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationName }.ConnectionString;

    public string StandardError
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>
    /// Polls <paramref name="condition"/> (every 25 ms) until it holds. Fails if the child exits first — the work was
    /// over before the kill could land, so the test would prove nothing — or after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitUntilAsync(string what, Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new XunitException($"dm exited (code {_process.ExitCode}) before {what}; the kill would come too late. stderr:\n{StandardError}");
            if (await condition()) return;
            if (clock.Elapsed > timeout)
                throw new XunitException($"Not {what} after {timeout.TotalSeconds:0} s. stderr:\n{StandardError}");
            await Task.Delay(25);
        }
    }

    /// <summary>
    /// SIGKILL (Process.Kill on Linux) to the whole process tree, and proof it was the kill that ended it: a process that
    /// finished on its own exits 0 (or with its own code), one killed by signal 9 exits 128 + 9.
    /// </summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        if (_process.ExitCode != 128 + 9)
            throw new XunitException($"dm ended with exit code {_process.ExitCode}, not by the SIGKILL; the kill came too late. stderr:\n{StandardError}");
    }

    /// <summary>
    /// Waits until the server has dropped every session of the killed child (it notices the closed socket, rolls back
    /// the open transaction and releases its advisory locks); fails after <paramref name="timeout"/>.
    /// </summary>
    public static async Task WaitForSessionsGoneAsync(PostgisDatabase database, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var sql = $"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '{ApplicationName}'";
        while (await database.ScalarAsync<long>(sql) is var left and > 0)
        {
            if (clock.Elapsed > timeout)
                throw new XunitException($"{left} session(s) of the killed dm still open after {timeout.TotalSeconds:0} s.");
            await Task.Delay(25);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
