using System.Diagnostics;
using System.Globalization;
using DivideMapper.Core.Analysis;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;
using DivideMapper.Core.Projection;
using DivideMapper.Sample;
using DivideMapper.Data;
using DivideMapper.Data.Queries;
using DivideMapper.Data.Runs;
using DivideMapper.Data.Storage;
using DivideMapper.Formats.Import;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DivideMapper.Bench;

/// <param name="WorkloadDir">bench/out/&lt;size&gt;: generated when settlements.geojson is missing.</param>
/// <param name="BaselinesDir">bench/ (install-baselines.sh and baselines/).</param>
internal sealed record BenchOptions(SampleSize Size, int Seed, int Repeat, bool Keep, string WorkloadDir, string BaselinesDir,
    SampleShapes Shapes = SampleShapes.Organic);

/// <summary>
/// DESIGN §9 "gap analysis, 4 techs" and "points → per-settlement medians", side by side in one run on one
/// database: Core (warm, median of N) against gap_postgis.sql, gap_geopandas.py and medians_postgis.sql on exactly
/// the rows Core analyses (same project, same metric CRS, site disks with quad_segs = 32).
/// </summary>
internal static class AnalysisBenchmark
{
    public const double AreaTolerance = 1e-6;

    /// <summary>Minimum number of timed (gap-only, full) Core pairs.</summary>
    public const int CorePairs = 7;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<BenchResult> RunAsync(BenchOptions o, ILogger log, CancellationToken ct)
    {
        var loadBefore = Machine.LoadAverage();
        await EnsureWorkloadAsync(o, log, ct);

        await using var db = await BenchDatabase.OpenAsync(o.Keep, log, ct);
        await using var dataSource = DataServiceCollectionExtensions.CreateDataSource(db.ConnectionString);
        var slug = $"bench-{o.Size.Name}-{DateTime.UtcNow:yyyyMMddHHmmss}";
        var imports = await ImportAsync(dataSource, slug, o.WorkloadDir, log, ct);
        var (projectId, _, floor) = await ProjectSettings.FindAsync(dataSource, slug, ct)
            ?? throw new InvalidOperationException($"Project {slug} was not created by the import.");
        var notes = new List<string>();
        try
        {
            // One end-to-end run first: it chooses and stores the project's metric CRS, JITs everything, and is
            // reported for context.
            log.LogInformation("Core: end-to-end run (load, analyse, store)");
            await RunAsync(dataSource, slug, ct);
            var clock = Stopwatch.StartNew();
            var run = await RunAsync(dataSource, slug, ct);
            double endToEnd = clock.Elapsed.TotalSeconds;
            int srid = run.Result.Parameters.MetricSrid;

            // A period nothing has: the loader then reads every layer but the measurements, which is all the gap
            // analysis needs.
            clock.Restart();
            var gapData = await ProjectDataLoader.LoadAsync(dataSource, projectId, "no-such-period", ct);
            double loadGap = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var data = await ProjectDataLoader.LoadAsync(dataSource, projectId, null, ct);
            double loadAll = clock.Elapsed.TotalSeconds;

            var full = data.ToAnalysisInput(ProfileCatalog.Default, floor, MetricProjection.ForSrid(srid));
            var gapOnly = full with { Measurements = [] };
            log.LogInformation("Core: GapAnalyzer.Analyze without and with {Count} measurements, all cores and 1 thread",
                data.Measurements.Count);
            var parallel = TimePairs(gapOnly, full, Math.Max(CorePairs, o.Repeat), ct);
            // PostGIS runs each baseline statement on one core; the same work on one thread shows what the ratios
            // owe to parallelism.
            var single = TimePairs(gapOnly with { MaxDegreeOfParallelism = 1 }, full with { MaxDegreeOfParallelism = 1 },
                Math.Max(CorePairs, o.Repeat), ct);
            var core = new CoreTimings(loadGap, loadAll, parallel.Gap, parallel.Full, parallel.Step, single.Gap, single.Full, single.Step, endToEnd);
            var (gapResult, fullResult) = (parallel.GapResult, parallel.FullResult);

            var variables = new Dictionary<string, string>
            {
                ["project_id"] = projectId.ToString(Invariant),
                ["srid"] = srid.ToString(Invariant),
                ["quad_segs"] = AnalysisInput.DefaultDiskQuadrantSegments.ToString(Invariant),
                ["min_devices"] = floor.MinDevices.ToString(Invariant),
                ["min_tests"] = floor.MinTests.ToString(Invariant),
                // A run analyses one period (the latest when none is asked for): the baseline takes the same one.
                ["period"] = fullResult.Parameters.Period ?? "",
            };
            var gapScript = Path.Combine(o.BaselinesDir, "baselines", "gap_postgis.sql");
            var mediansScript = Path.Combine(o.BaselinesDir, "baselines", "medians_postgis.sql");
            log.LogInformation("PostGIS: gap_postgis.sql, 1 warm-up + {Repeat}", o.Repeat);
            var gapTimings = await RepeatAsync(o.Repeat, () => db.RunScriptAsync(gapScript, variables, ct));
            log.LogInformation("PostGIS: medians_postgis.sql, 1 warm-up + {Repeat}", o.Repeat);
            var medianTimings = await RepeatAsync(o.Repeat, () => db.RunScriptAsync(mediansScript, variables, ct));

            var whole = await WholeCommand.TimeAsync(db.ConnectionString, slug, o.Repeat, log, ct);
            var geopandas = await GeoPandasBaseline.RunAsync(o, srid, log, ct);
            if (geopandas.Skipped is { } why) notes.Add($"GeoPandas baseline skipped: {why}");

            var areas = await Checks.AreasAsync(dataSource, gapResult, ct);
            var medians = await Checks.MediansAsync(dataSource, fullResult, ct);

            var baselines = new BaselineTimings(
                new Samples([.. gapTimings.Select(t => t.StatementSeconds)]), new Samples([.. gapTimings.Select(t => t.WallSeconds)]),
                new Samples([.. medianTimings.Select(t => t.StatementSeconds)]), geopandas.Total, geopandas.Analysis, geopandas.Skipped);
            var machine = await Machine.DescribeAsync(dataSource, loadBefore, geopandas.Version, ct);
            var workload = new WorkloadInfo(o.WorkloadDir, data.Settlements.Count, data.Coverage.Count, data.Sites.Count,
                data.Measurements.Count, data.Facilities.Count, srid);
            return new BenchResult("analysis", o.Size.Name, SampleShapeNames.Name(o.Shapes), o.Seed, DateTimeOffset.Now, machine, db.Description,
                workload, imports, core, whole, baselines, BenchReport.Ratios(core, whole, baselines), areas, medians, notes);
        }
        finally
        {
            if (!db.IsThrowaway && !o.Keep) await RemoveAsync(dataSource, projectId, log);
        }
    }

    private sealed record PairTimings(Samples Gap, Samples Full, Samples Step, AnalysisResult GapResult, AnalysisResult FullResult);

    /// <summary>
    /// One untimed warm-up of each, then <paramref name="pairs"/> interleaved (gap-only, full) runs. The medians step
    /// is a difference of two timings and carries the noise of both, hence pairs (Core runs take seconds, the
    /// baselines minutes) and the median of the paired differences.
    /// </summary>
    private static PairTimings TimePairs(AnalysisInput gapOnly, AnalysisInput full, int pairs, CancellationToken ct)
    {
        GapAnalyzer.Analyze(gapOnly, ct);
        GapAnalyzer.Analyze(full, ct);
        var gapRuns = new List<double>();
        var fullRuns = new List<double>();
        AnalysisResult? gapResult = null, fullResult = null;
        for (int i = 0; i < pairs; i++)
        {
            gapRuns.Add(Timed(() => gapResult = GapAnalyzer.Analyze(gapOnly, ct)));
            fullRuns.Add(Timed(() => fullResult = GapAnalyzer.Analyze(full, ct)));
        }
        return new PairTimings(new Samples(gapRuns), new Samples(fullRuns), new Samples([.. fullRuns.Zip(gapRuns, (f, g) => f - g)]),
            gapResult!, fullResult!);
    }

    /// <summary>Seconds taken by <paramref name="action"/>, after a full collection so one run's garbage does not bill the next.</summary>
    private static double Timed(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<List<PsqlTiming>> RepeatAsync(int repeat, Func<Task<PsqlTiming>> run)
    {
        await run(); // warm-up: caches, plans
        var timings = new List<PsqlTiming>();
        for (int i = 0; i < repeat; i++) timings.Add(await run());
        return timings;
    }

    /// <summary>Generates the workload into its folder unless it is there (settlements.geojson present).</summary>
    internal static async Task EnsureWorkloadAsync(BenchOptions o, ILogger log, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(o.WorkloadDir, "settlements.geojson"))) return;
        log.LogInformation("Generating workload {Size} (seed {Seed}, {Shapes} shapes) into {Dir}", o.Size.Name, o.Seed,
            SampleShapeNames.Name(o.Shapes), o.WorkloadDir);
        if (await DivideMapper.Cli.Commands.SampleCommand.WriteAsync(o.Seed, o.Size, o.WorkloadDir, ct, o.Shapes) is null)
            throw new InvalidOperationException($"The workload could not be written to {o.WorkloadDir}.");
    }

    internal static async Task<List<ImportTiming>> ImportAsync(NpgsqlDataSource dataSource, string slug, string dir, ILogger log,
        CancellationToken ct)
    {
        var files = new List<(string File, DatasetRole Role, string? Period)>
        {
            ("settlements.geojson", DatasetRole.Settlements, null),
            ("coverage.zip", DatasetRole.Coverage, null),
            ("cell_sites.csv", DatasetRole.Sites, null),
        };
        if (File.Exists(Path.Combine(dir, "speed_points.csv"))) files.Add(("speed_points.csv", DatasetRole.Measurements, null));
        else
            foreach (var period in SampleCity.Periods)
                files.Add(($"speed_tiles_{period.ToLowerInvariant()}.csv", DatasetRole.Measurements, period));
        files.Add(("facilities.gpkg", DatasetRole.Facilities, null));

        var timings = new List<ImportTiming>();
        foreach (var (file, role, period) in files)
        {
            var path = Path.Combine(dir, file);
            var clock = Stopwatch.StartNew();
            var result = await DatasetImporter.ImportAsync(dataSource,
                new ImportRequest(path, file, slug, new ImportOptions { Role = role, Period = period }), ct);
            if (!result.Accepted)
                throw new InvalidOperationException($"{file} was not imported: {string.Join("; ", result.Report.Problems.Take(3).Select(p => p.Message))}");
            timings.Add(new ImportTiming(file, DatasetRoles.ToSlug(role), result.Dataset!.FeatureCount, clock.Elapsed.TotalSeconds));
            log.LogInformation("Imported {File}: {Count} {Role} in {Seconds:0.0} s", file, result.Dataset.FeatureCount, role, clock.Elapsed.TotalSeconds);
        }
        return timings;
    }

    /// <summary>An end-to-end run; a refusal here is a bench bug (the import just stored the workload).</summary>
    private static async Task<CompletedRun> RunAsync(NpgsqlDataSource dataSource, string slug, CancellationToken ct) =>
        (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(slug), AppVersion.Current, ct)).OrThrow();

    /// <summary>On someone's own database (DIVIDEMAPPER_DB), leave nothing behind unless --keep.</summary>
    private static async Task RemoveAsync(NpgsqlDataSource dataSource, long projectId, ILogger log)
    {
        await using var command = dataSource.CreateCommand(
            "DROP TABLE IF EXISTS bench_gap_postgis, bench_medians_postgis; DELETE FROM project WHERE id = @id");
        command.Parameters.AddWithValue("id", projectId);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
        log.LogInformation("Removed the bench project {Id} and the baseline tables", projectId);
    }
}
