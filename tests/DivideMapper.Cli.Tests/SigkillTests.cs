using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace DivideMapper.Cli.Tests;

/// <summary>
/// Real kills (issue 12 item 6): the built <c>dm</c> is started as a child process, the test waits until its work is
/// demonstrably under way in the database (rows flowing through a COPY, a run computing, a run's results half
/// written), sends SIGKILL, and looks at what is left: nothing half-stored, the run failed as interrupted at the next
/// start, no temp folder of the dead process once another starts. Each wait has a timeout, and a child that finished
/// before the kill fails the test (exit code other than 128 + 9) instead of passing it vacuously.
/// </summary>
public sealed class SigkillTests : IAsyncLifetime
{
    private static readonly TimeSpan UnderWay = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan SessionsGone = TimeSpan.FromSeconds(30);
    private static readonly string[] RoleTables = ["settlement", "coverage", "site", "measurement", "facility", "population"];

    private readonly PostgisDatabase _database = new();
    private readonly TempDir _dir = new("dm-kill-");

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>The children's TMPDIR: what a killed process leaves behind shows up here.</summary>
    private string TempRoot => Directory.CreateDirectory(_dir.File("tmp")).FullName;

    [Fact]
    public async Task AnImportKilledMidCopyLeavesNoDatasetNoRowsNoTempFolderAndTheSameImportThenSucceeds()
    {
        // 600k measurement points: seconds of COPY, so the kill lands while rows are flowing.
        var csv = _dir.File("points.csv");
        await WritePointsAsync(csv, 600_000);
        string[] import = ["import", csv, "--project", "killed", "--role", "measurements", "--period", "2024Q1"];
        using (var child = DmChild.Start(_database.ConnectionString, TempRoot, import))
        {
            // Under way: the server has taken rows of the COPY (pg_stat_progress_copy counts them as they arrive).
            await child.WaitUntilAsync("rows were being copied", async () => await _database.ScalarAsync<long>(
                "SELECT coalesce(max(tuples_processed), 0) FROM pg_stat_progress_copy WHERE datname = current_database()") >= 10_000, UnderWay);
            await child.KillAsync();
        }
        await DmChild.WaitForSessionsGoneAsync(_database, SessionsGone);

        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM dataset"));
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM project WHERE slug = 'killed'"));
        foreach (var table in RoleTables)
            Assert.True(await _database.ScalarAsync<long>($"SELECT count(*) FROM {table}") == 0, $"rows left in {table}");

        // The same import afterwards succeeds (nothing half-made in the way), with every row once; and the killed
        // process's temp folder is gone once this one has started and ended.
        var again = await RunAsync(import);
        Assert.True(again.ExitCode == 0, again.StandardError);
        Assert.Equal(600_000L, await _database.ScalarAsync<long>("SELECT count(*) FROM measurement"));
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM dataset"));
        AssertNoTempLeftovers();
    }

    [Fact]
    public async Task ARunKilledWhileComputingOrStoringLeavesNoResultsAndIsFailedAsInterruptedAtTheNextStart()
    {
        // W1's 2,000 settlements against its 20,000 coverage disks: seconds of overlay, long enough to be killed in.
        var city = _dir.File("w1");
        var sample = await DmProcess.RunAsync(null, "sample", "--seed", "42", "--size", "w1", "--out", city);
        Assert.True(sample.ExitCode == 0, sample.StandardError);
        foreach (var (file, role) in new[] { ("settlements.geojson", "settlements"), ("coverage.zip", "coverage") })
        {
            var imported = await RunAsync("import", Path.Combine(city, file), "--project", "big", "--role", role);
            Assert.True(imported.ExitCode == 0, imported.StandardError);
        }

        // 1. Killed while computing (the run row says which phase it is in; the store has not begun).
        using (var child = DmChild.Start(_database.ConnectionString, TempRoot, "analyze", "--project", "big"))
        {
            await child.WaitUntilAsync("the run was computing", async () => await _database.ScalarAsync<long>(
                "SELECT count(*) FROM run WHERE status = 'running' AND phase IN ('footprint', 'medians', 'overlay')") > 0, UnderWay);
            await child.KillAsync();
        }
        await DmChild.WaitForSessionsGoneAsync(_database, SessionsGone);
        var computing = await AssertLeftRunningWithoutResultsAsync();

        // The next start of any dm command fails it as interrupted (its project's run lock died with the process).
        var runs = await RunAsync("runs", "--project", "big", "--json");
        Assert.True(runs.ExitCode == 0, runs.StandardError);
        var listed = JsonDocument.Parse(runs.StandardOutput).RootElement.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == computing);
        Assert.Equal("failed", listed.GetProperty("status").GetString());
        Assert.Equal("interrupted", listed.GetProperty("errorCode").GetString());

        // 2. Killed while storing: a second session holds gap_area, so the store waits inside its transaction after
        // the results' COPY; the kill lands there for certain, with result rows written but not committed.
        await using (var holder = new NpgsqlConnection(_database.ConnectionString))
        {
            await holder.OpenAsync();
            await using var hold = await holder.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE gap_area IN EXCLUSIVE MODE", holder, hold))
                await lockTable.ExecuteNonQueryAsync();
            using (var child = DmChild.Start(_database.ConnectionString, TempRoot, "analyze", "--project", "big"))
            {
                await child.WaitUntilAsync("the run was storing", async () => await _database.ScalarAsync<long>($"""
                    SELECT count(*) FROM pg_stat_activity WHERE application_name = '{DmChild.ApplicationName}'
                      AND wait_event_type = 'Lock' AND query ILIKE 'COPY gap_area%'
                    """) > 0, UnderWay);
                await child.KillAsync();
            }
            await hold.RollbackAsync();
        }
        await DmChild.WaitForSessionsGoneAsync(_database, SessionsGone);
        var storing = await AssertLeftRunningWithoutResultsAsync();

        // The next run of the project fails the killed one as interrupted and finishes with one result per settlement.
        var next = await RunAsync("analyze", "--project", "big");
        Assert.True(next.ExitCode == 0, next.StandardError);
        Assert.Equal("failed interrupted", await _database.ScalarAsync<string>($"SELECT status || ' ' || error_code FROM run WHERE id = {storing}"));
        Assert.Equal("failed interrupted", await _database.ScalarAsync<string>($"SELECT status || ' ' || error_code FROM run WHERE id = {computing}"));
        Assert.Equal(0L, await _database.ScalarAsync<long>(
            $"SELECT (SELECT count(*) FROM settlement_result WHERE run_id IN ({computing}, {storing})) + (SELECT count(*) FROM gap_area WHERE run_id IN ({computing}, {storing}))"));
        Assert.Equal(await _database.ScalarAsync<long>("SELECT count(*) FROM settlement"),
            await _database.ScalarAsync<long>("SELECT count(*) FROM settlement_result r JOIN run ON run.id = r.run_id WHERE run.status = 'finished'"));
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM run WHERE status = 'running'"));
        AssertNoTempLeftovers();
    }

    /// <summary>
    /// Nothing of ours is left in the children's TMPDIR. The .NET runtime's own IPC endpoints of the killed process
    /// (clr-debug-pipe-PID-…, dotnet-diagnostic-PID-…) are not ours and the runtime leaves them; they are ignored.
    /// </summary>
    private void AssertNoTempLeftovers() =>
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(TempRoot).Select(Path.GetFileName),
            name => !name!.StartsWith("clr-debug-pipe-", StringComparison.Ordinal) && !name.StartsWith("dotnet-diagnostic-", StringComparison.Ordinal));

    /// <summary>What a process killed mid-run leaves: its run 'running', no results and gaps of it, no run lock held.</summary>
    private async Task<long> AssertLeftRunningWithoutResultsAsync()
    {
        var runId = await _database.ScalarAsync<long>("SELECT max(id) FROM run");
        Assert.Equal("running", await _database.ScalarAsync<string>($"SELECT status FROM run WHERE id = {runId}"));
        Assert.Equal(0L, await _database.ScalarAsync<long>($"SELECT count(*) FROM settlement_result WHERE run_id = {runId}"));
        Assert.Equal(0L, await _database.ScalarAsync<long>($"SELECT count(*) FROM gap_area WHERE run_id = {runId}"));
        Assert.Equal(0L, await _database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()"));
        return runId;
    }

    /// <summary>A dm command run to its end with the children's TMPDIR, so its start sweeps what the killed one left.</summary>
    private Task<DmProcess.Result> RunAsync(params string[] args) =>
        DmProcess.RunAsync(_database.ConnectionString, new Dictionary<string, string> { ["TMPDIR"] = TempRoot }, args);

    private static async Task WritePointsAsync(string path, int count)
    {
        await using var writer = new StreamWriter(path, false, Encoding.UTF8);
        await writer.WriteLineAsync("lon,lat,down_kbps,up_kbps,latency_ms,tests,devices");
        var random = new Random(1);
        for (var i = 0; i < count; i++)
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{36.7 + random.NextDouble() * 0.2:0.000000},{-1.35 + random.NextDouble() * 0.1:0.000000},{random.Next(100, 90000)},{random.Next(50, 20000)},{random.Next(5, 200)},{random.Next(1, 50)},{random.Next(1, 20)}"));
    }
}
