using System.Globalization;
using DivideMapper.Cli;
using DivideMapper.Core.Domain;
using DivideMapper.Data;
using DivideMapper.Data.Embedded;
using DivideMapper.Data.Runs;
using DivideMapper.Data.Storage;
using DivideMapper.Formats.Import;
using DivideMapper.Sample;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DivideMapper.Bench;

/// <summary>One side of the export bench at one size: wall-clock seconds of the whole command and its peak RSS.</summary>
internal sealed record ExportSide(Samples Seconds, IReadOnlyList<long> PeakKilobytes, long Bytes);

/// <summary>
/// DESIGN §9 "GeoJSON export of 20k polygons ≤ 1.2× a SQL json_agg export, streamed": the whole <c>dm export --format
/// geojson</c> command against <c>psql</c> running one <c>json_agg</c> statement that builds the same FeatureCollection
/// (same rows, geometry to 7 decimals, the result columns as properties) into a file, both as processes on the same
/// database, one warm-up then N timed runs each, interleaved. Peak RSS (GNU time) at W1 (2,000 polygons) and W2 (20,000)
/// shows whether memory stays flat as the output grows tenfold.
/// </summary>
internal static class ExportBenchmark
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(int repeat, bool keep, ILogger log, TextWriter output, CancellationToken ct)
    {
        var loadBefore = Machine.LoadAverage();
        var bench = Path.Combine(DivideMapperPaths.Home, "bench");
        await using var db = await BenchDatabase.OpenAsync(keep, log, ct);
        await using var dataSource = DataServiceCollectionExtensions.CreateDataSource(db.ConnectionString);
        var results = new List<(SampleSize Size, long Polygons, ExportSide Dm, ExportSide Sql)>();
        foreach (var size in new[] { SampleSize.W1, SampleSize.W2 })
        {
            var workload = Path.Combine(bench, "out", size.Name);
            if (!File.Exists(Path.Combine(workload, "settlements.geojson")))
            {
                log.LogInformation("Generating workload {Size} into {Dir}", size.Name, workload);
                await DivideMapper.Cli.Commands.SampleCommand.WriteAsync(42, size, workload, ct);
            }
            var slug = $"bench-export-{size.Name}";
            var imported = await DatasetImporter.ImportAsync(dataSource, new ImportRequest(Path.Combine(workload, "settlements.geojson"),
                "settlements.geojson", slug, new ImportOptions { Role = DatasetRole.Settlements }), ct);
            if (!imported.Accepted) throw new InvalidOperationException($"The {size.Name} settlements were rejected: {imported.Report.ToJson()}");
            var run = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(slug, "giga-20"), "bench", ct: ct)).OrThrow().RunId;
            log.LogInformation("Export bench {Size}: {Count} polygons, run {Run}", size.Name, imported.Report.Imported, run);
            var (dm, sql) = await TimeBothAsync(db.ConnectionString, slug, run, repeat, ct);
            results.Add((size, imported.Report.Imported, dm, sql));
        }

        output.WriteLine($"GeoJSON export, whole commands, median of {repeat} after a warm-up (load {loadBefore} → {Machine.LoadAverage()}):");
        output.WriteLine("size  polygons  dm export s  psql json_agg s  ratio  target  dm peak MB  psql peak MB  dm MB out  sql MB out");
        foreach (var (size, polygons, dm, sql) in results)
            output.WriteLine(string.Create(Invariant,
                $"{size.Name,-5} {polygons,8}  {dm.Seconds.Median,11:0.000}  {sql.Seconds.Median,15:0.000}  {dm.Seconds.Median / sql.Seconds.Median,5:0.00}  ≤ 1.2  " +
                $"{dm.PeakKilobytes.Max() / 1024.0,10:0.0}  {sql.PeakKilobytes.Max() / 1024.0,12:0.0}  {dm.Bytes / 1e6,9:0.0}  {sql.Bytes / 1e6,10:0.0}"));
        var (small, large) = (results[0].Dm.PeakKilobytes.Max(), results[1].Dm.PeakKilobytes.Max());
        output.WriteLine(string.Create(Invariant,
            $"dm export peak memory W2 / W1: {(double)large / small:0.00} for {(double)results[1].Dm.Bytes / results[0].Dm.Bytes:0.0}× the output (target ≤ 1.5: streamed)"));
        return ExitCodes.Ok;
    }

    private static async Task<(ExportSide Dm, ExportSide Sql)> TimeBothAsync(string connectionString, string slug, long run, int repeat,
        CancellationToken ct)
    {
        var dll = DivideMapperPaths.PublishedCli;
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: publish the CLI first (./dm publishes it).");
        var dmFile = Path.Combine(Path.GetTempPath(), $"dm-bench-export-{Environment.ProcessId}.geojson");
        var sqlFile = Path.ChangeExtension(dmFile, ".sql.geojson");
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var pgEnvironment = new Dictionary<string, string?>
        {
            ["PGHOST"] = cs.Host, ["PGPORT"] = cs.Port.ToString(Invariant), ["PGDATABASE"] = cs.Database, ["PGUSER"] = cs.Username,
            ["PGPASSWORD"] = cs.Password,
        };
        var dm = new List<(double, long)>();
        var sql = new List<(double, long)>();
        try
        {
            for (var i = 0; i <= repeat; i++)
            {
                var a = await TimedAsync(["dotnet", dll, "export", "--project", slug, "--run", run.ToString(Invariant), "--layer", "results",
                    "--format", "geojson", "--out", dmFile], new Dictionary<string, string?> { ["DIVIDEMAPPER_DB"] = connectionString }, ct);
                var b = await TimedAsync([Path.Combine(EmbeddedPostgres.BinDir, "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                    "-c", JsonAggSql(run), "-o", sqlFile], pgEnvironment, ct);
                if (i == 0) continue; // warm-up: JIT, page cache, plan
                dm.Add(a);
                sql.Add(b);
            }
            return (new ExportSide(new Samples([.. dm.Select(d => d.Item1)]), [.. dm.Select(d => d.Item2)], new FileInfo(dmFile).Length),
                new ExportSide(new Samples([.. sql.Select(s => s.Item1)]), [.. sql.Select(s => s.Item2)], new FileInfo(sqlFile).Length));
        }
        finally
        {
            File.Delete(dmFile);
            File.Delete(sqlFile);
        }
    }

    /// <summary>The baseline: one statement that builds the same FeatureCollection (rank order, 7 decimals, result columns).</summary>
    private static string JsonAggSql(long run) => $"""
        SELECT json_build_object('type', 'FeatureCollection', 'features', json_agg(json_build_object(
                 'type', 'Feature', 'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(s.geom), 7)::json,
                 'properties', to_jsonb(r) - 'explain' - 'project_id') ORDER BY r.rank, r.settlement_id))
        FROM settlement_result r JOIN settlement s ON s.id = r.settlement_id
        WHERE r.run_id = {run}
        """;

    /// <summary>Runs a whole command under GNU time: wall clock from outside, peak RSS in kB from time's report.</summary>
    private static async Task<(double Seconds, long PeakKilobytes)> TimedAsync(IReadOnlyList<string> command,
        IReadOnlyDictionary<string, string?> environment, CancellationToken ct)
    {
        var report = Path.Combine(Path.GetTempPath(), $"dm-bench-time-{Guid.NewGuid():N}.txt");
        try
        {
            var run = await ChildProcess.RunAsync("/usr/bin/time", ["-f", "%M", "-o", report, .. command], ct, environment);
            if (run.ExitCode != 0) throw new InvalidOperationException($"{command[0]} failed ({run.ExitCode}): {ChildProcess.Last(run.Error)}");
            return (run.WallSeconds, long.Parse((await File.ReadAllTextAsync(report, ct)).Trim().Split('\n')[^1], Invariant));
        }
        finally
        {
            File.Delete(report);
        }
    }
}
