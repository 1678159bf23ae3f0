using System.Diagnostics;
using DivideMapper.Data.Runs;
using DivideMapper.Testing;
using Npgsql;

namespace DivideMapper.Cli.Tests;

/// <summary>
/// Faults (issue 12 item 6): a run left 'running' without a live lock holder is failed by the next run of its
/// project or the next server start, and one whose process is alive is left alone; and a database backup (pg_dump -Fc)
/// restores into an empty database with every row and run (docs/reliability.md). Real SIGKILLs: <see cref="SigkillTests"/>.
/// </summary>
public sealed class FaultTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task ARunLeftRunningByAKilledProcessIsFailedAtTheNextStart()
    {
        var sample = Path.Combine(RepoPaths.Root, "sample-data", "settlements.geojson");
        Assert.Equal(0, (await DmProcess.RunAsync(_database.ConnectionString, "import", sample, "--project", "stale", "--role", "settlements")).ExitCode);
        // What a process killed mid-analysis leaves: a 'running' row, and no lock (its session died with it).
        await _database.ScalarAsync<int>("""
            INSERT INTO run (project_id, profile_id, profile, dataset_ids, parameters, metric_srid, status, app_version)
            SELECT id, 'x', '{}'::jsonb, '{}', '{}'::jsonb, 32737, 'running', 'killed' FROM project WHERE slug = 'stale' RETURNING 1
            """);
        await using var dataSource = _database.CreateDataSource();
        Assert.Equal(1, await ProjectRunLock.FailInterruptedRunsAsync(dataSource));
        Assert.Equal("failed", await _database.ScalarAsync<string>("SELECT status FROM run WHERE app_version = 'killed'"));
        Assert.Contains("interrupted", await _database.ScalarAsync<string>("SELECT error FROM run WHERE app_version = 'killed'"));

        // While a live process holds the project's lock, its running run is left alone.
        var projectId = await _database.ScalarAsync<long>("SELECT id FROM project WHERE slug = 'stale'");
        await using (var held = await ProjectRunLock.TryAcquireAsync(dataSource, projectId))
        {
            await _database.ScalarAsync<int>("UPDATE run SET status = 'running' WHERE app_version = 'killed' RETURNING 1");
            Assert.Equal(0, await ProjectRunLock.FailInterruptedRunsAsync(dataSource));
        }
        // The next analysis of the project clears it too.
        var run = await DmProcess.RunAsync(_database.ConnectionString, "analyze", "--project", "stale");
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM run WHERE status = 'running'"));
    }

    [Fact]
    public async Task ADatabaseBackupRestoresEveryRowAndRun()
    {
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Root, "sample-data", "load.txt")))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2 || words[0].StartsWith('#')) continue;
            var result = await DmProcess.RunAsync(_database.ConnectionString,
                ["import", Path.Combine(RepoPaths.Root, "sample-data", words[1]), "--project", "backed-up", "--role", words[0], .. words[2..]]);
            Assert.True(result.ExitCode == 0, result.StandardError);
        }
        Assert.Equal(0, (await DmProcess.RunAsync(_database.ConnectionString, "analyze", "--project", "backed-up", "--period", "2024Q3")).ExitCode);

        var dump = Path.Combine(Path.GetTempPath(), $"dm-backup-{Guid.NewGuid():N}.dump");
        var restored = new PostgisDatabase { Migrate = false };
        await restored.InitializeAsync();
        try
        {
            await PgToolAsync("pg_dump", ["--format=custom", "--no-owner", "--exclude-table-data=public.spatial_ref_sys", "--file", dump, "--dbname", Uri(_database.ConnectionString)]);
            await PgToolAsync("pg_restore", ["--no-owner", "--no-comments", "--exit-on-error", "--dbname", Uri(restored.ConnectionString), dump]);
            const string Fingerprint = """
                SELECT (SELECT count(*) FROM settlement) || '/' || (SELECT count(*) FROM coverage) || '/' || (SELECT count(*) FROM site) || '/' ||
                       (SELECT count(*) FROM measurement) || '/' || (SELECT count(*) FROM facility) || '/' ||
                       (SELECT string_agg(id || ':' || status, ',' ORDER BY id) FROM run) || '/' ||
                       (SELECT md5(string_agg(run_id || ':' || settlement_id || ':' || gap_class || ':' || round(gap_score::numeric, 6), ',' ORDER BY run_id, settlement_id)) FROM settlement_result)
                """;
            Assert.Equal(await _database.ScalarAsync<string>(Fingerprint), await restored.ScalarAsync<string>(Fingerprint));
            // The restored database is current: dm reads it without migrating.
            var list = await DmProcess.RunAsync(restored.ConnectionString, "runs", "--project", "backed-up");
            Assert.True(list.ExitCode == 0, list.StandardError);
        }
        finally
        {
            File.Delete(dump);
            await restored.DisposeAsync();
        }
    }

    /// <summary>A libpq URI from an Npgsql connection string (pg_dump/pg_restore take --dbname=URI).</summary>
    private static string Uri(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{System.Uri.EscapeDataString(b.Username!)}:{System.Uri.EscapeDataString(b.Password ?? "")}@{b.Host}:{b.Port}/{b.Database}";
    }

    private static async Task PgToolAsync(string tool, string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(Data.Embedded.EmbeddedPostgres.BinDir, tool))
        {
            UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await stderr}");
    }
}
