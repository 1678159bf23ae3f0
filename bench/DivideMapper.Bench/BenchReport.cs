using DivideMapper.Cli;
using System.Globalization;
using System.Text.Json;

namespace DivideMapper.Bench;

/// <summary>The bench's table (stdout) and JSON file.</summary>
internal static class BenchReport
{
    /// <summary>DESIGN §9 ratios. Each Core time is set against the baseline doing the same share of the work.</summary>
    public static IReadOnlyList<RatioRow> Ratios(CoreTimings core, WholeCommandTimings whole, BaselineTimings b)
    {
        var rows = new List<RatioRow>
        {
            // The headline (issue #13): the command a user types, start to exit, against the 4-tech gap as a psql run.
            Row("whole dm analyze", "dm analyze --json", whole.Analyze.Median, "gap_postgis.sql (psql)", b.PostgisGapWall.Median, 1 / 4.0),
            Row("gap analysis, 4 techs", "Core analyse", core.GapAnalysis.Median, "gap_postgis.sql", b.PostgisGap.Median, 1 / 4.0),
            Row("  incl. reading from PostGIS", "Core load + analyse", core.LoadGapLayers + core.GapAnalysis.Median, "gap_postgis.sql",
                b.PostgisGap.Median, 1 / 4.0),
            Row("  on one thread", "Core analyse, 1 thread", core.GapAnalysisOneThread.Median, "gap_postgis.sql", b.PostgisGap.Median, 1 / 4.0),
        };
        if (b.GeoPandasAnalysis is { } analysis && b.GeoPandasTotal is { } total)
        {
            rows.Add(Row("whole dm analyze", "dm analyze --json", whole.Analyze.Median, "geopandas elapsed_s", total.Median, 1 / 3.0));
            rows.Add(Row("gap analysis, 4 techs", "Core analyse", core.GapAnalysis.Median, "geopandas analysis_s", analysis.Median, 1 / 3.0));
            rows.Add(Row("  incl. reading", "Core load + analyse", core.LoadGapLayers + core.GapAnalysis.Median, "geopandas elapsed_s",
                total.Median, 1 / 3.0));
        }
        rows.Add(Row("points → medians", "Core full − gap-only", core.MedianStep.Median, "medians_postgis.sql", b.PostgisMedians.Median, 1));
        rows.Add(Row("  on one thread", "Core, 1 thread", core.MedianStepOneThread.Median, "medians_postgis.sql", b.PostgisMedians.Median, 1));
        return rows;
    }

    private static RatioRow Row(string what, string ours, double oursSeconds, string baseline, double baselineSeconds, double target)
    {
        double ratio = oursSeconds / baselineSeconds;
        return new RatioRow(what, ours, oursSeconds, baseline, baselineSeconds, ratio, target, ratio <= target);
    }

    public static void Print(BenchResult r, TextWriter w)
    {
        var m = r.Machine;
        w.WriteLine(F($"dm bench analysis — workload {r.Size}, {r.Shapes} shapes (seed {r.Seed}): {r.Workload.Settlements:N0} settlements, {r.Workload.Coverage:N0} coverage, {r.Workload.Sites:N0} sites, {r.Workload.Measurements:N0} measurements, {r.Workload.Facilities:N0} facilities; EPSG:{r.Workload.MetricSrid}"));
        w.WriteLine(F($"{r.Date:yyyy-MM-dd HH:mm zzz}; {m.Cpu}, {m.Cores} cores, load {m.LoadAverageBefore} → {m.LoadAverageAfter}; {m.Dotnet}; PostgreSQL {m.Postgres}, PostGIS {m.Postgis}, GEOS {m.Geos}; {m.GeoPandas ?? "no GeoPandas"}; {r.Database}"));
        w.WriteLine();
        w.WriteLine("import (DatasetImporter)");
        foreach (var i in r.Imports) w.WriteLine(F($"  {i.File,-24} {i.Features,9:N0} {i.Role,-13} {i.Seconds,7:0.00} s"));
        w.WriteLine();
        var c = r.Core;
        var b = r.Baselines;
        w.WriteLine("seconds (median of the timed runs; every run listed)");
        Line(w, "Core load without measurements", c.LoadGapLayers);
        Line(w, "Core load with measurements", c.LoadAll);
        Line(w, "Core analyse, gap only", c.GapAnalysis);
        Line(w, "Core analyse, with measurements", c.FullAnalysis);
        Line(w, "Core medians step (derived: full − gap-only)", c.MedianStep);
        Line(w, "Core analyse, gap only, 1 thread", c.GapAnalysisOneThread);
        Line(w, "Core analyse, with measurements, 1 thread", c.FullAnalysisOneThread);
        Line(w, "Core medians step, 1 thread (derived)", c.MedianStepOneThread);
        Line(w, "Core end-to-end run (load, analyse, store)", c.EndToEndRun);
        Line(w, "dm analyze --json (whole command, wall)", r.WholeCommand.Analyze);
        Line(w, "dm profiles (process start only, wall)", r.WholeCommand.Startup);
        Line(w, "gap_postgis.sql (statements)", b.PostgisGap);
        Line(w, "gap_postgis.sql (psql wall clock)", b.PostgisGapWall);
        Line(w, "medians_postgis.sql (statements)", b.PostgisMedians);
        if (b.GeoPandasTotal is { } gt) Line(w, "gap_geopandas.py elapsed_s", gt);
        if (b.GeoPandasAnalysis is { } ga) Line(w, "gap_geopandas.py analysis_s", ga);
        if (b.GeoPandasSkipped is { } skipped) w.WriteLine($"  GeoPandas skipped: {skipped}");
        w.WriteLine();
        CliOutput.WriteTable(["WHAT", "DIVIDEMAPPER", "S", "BASELINE", "S", "RATIO", "TARGET", "MET"],
            r.Ratios.Select(x => new[]
            {
                x.What, x.DivideMapper, F($"{x.DivideMapperSeconds:0.000}"), x.Baseline, F($"{x.BaselineSeconds:0.000}"),
                F($"{x.Ratio:0.000}"), F($"≤ {x.Target:0.###}"), x.Met ? "yes" : "NO",
            }), "No ratios.");
        w.WriteLine();
        w.WriteLine(F($"where the time goes: dm analyze --json ({r.WholeCommand.Analyze.Median:0.000} s, median run; {r.WholeCommand.OutputBytes:N0} bytes printed)"));
        CliOutput.WriteTable(["PHASE", "S", "SHARE"], WholeCommand.Rows(r.WholeCommand), "No phases.");
        w.WriteLine();
        var a = r.Areas;
        w.WriteLine(F($"areas Core vs PostGIS, {a.Rows:N0} settlement × tech rows: max |Δ area|/area {a.MaxAreaRelative:E2}, max |Δ gap|/area {a.MaxGapOverArea:E2}; {a.RowsOverTolerance} rows over {a.Tolerance:E0}"));
        w.WriteLine(F($"medians Core vs PostGIS, {r.Medians.Settlements:N0} settlements: {r.Medians.Mismatches} differ"));
        foreach (var e in r.Medians.Examples) w.WriteLine($"  {e}");
        foreach (var n in r.Notes) w.WriteLine($"note: {n}");
    }

    public static string Write(BenchResult r, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"bench-analysis-{r.Size}{(r.Shapes == "organic" ? "" : "-" + r.Shapes)}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(r, CliOutput.Json) + "\n");
        return path;
    }

    private static void Line(TextWriter w, string what, Samples s) =>
        w.WriteLine(F($"  {what,-44} {s.Median,8:0.000}   ({string.Join(", ", s.Runs.Select(x => x.ToString("0.000", CultureInfo.InvariantCulture)))})"));

    private static void Line(TextWriter w, string what, double seconds) => w.WriteLine(F($"  {what,-44} {seconds,8:0.000}"));

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
