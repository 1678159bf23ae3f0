using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace DivideMapper.Bench;

/// <summary>Timings of gap_geopandas.py, or why it did not run.</summary>
internal sealed record GeoPandasOutcome(Samples? Total, Samples? Analysis, string? Version, string? Skipped);

/// <summary>
/// bench/baselines/gap_geopandas.py on Debian's /usr/bin/python3 (python3-geopandas, installed by
/// bench/install-baselines.sh when missing), one untimed warm-up (file cache) and N timed runs.
/// </summary>
internal static class GeoPandasBaseline
{
    private const string Python = "/usr/bin/python3";

    public static async Task<GeoPandasOutcome> RunAsync(BenchOptions o, int srid, ILogger log, CancellationToken ct)
    {
        if ((await ChildProcess.RunAsync(Python, ["-c", "import geopandas, rtree"], ct)).ExitCode != 0)
        {
            log.LogInformation("python3-geopandas is missing: running bench/install-baselines.sh");
            var install = await ChildProcess.RunAsync("bash", [Path.Combine(o.BaselinesDir, "install-baselines.sh")], ct);
            if (install.ExitCode != 0)
                return new GeoPandasOutcome(null, null, null, $"install-baselines.sh failed ({install.ExitCode}): {ChildProcess.Last(install.Error)}");
        }

        var script = Path.Combine(o.BaselinesDir, "baselines", "gap_geopandas.py");
        var csv = Path.Combine(Path.GetDirectoryName(o.WorkloadDir)!, $"gap_geopandas_{Path.GetFileName(o.WorkloadDir)}.csv");
        string[] args = [script, o.WorkloadDir, "--srid", srid.ToString(CultureInfo.InvariantCulture), "--quad-segs", "32", "--out", csv];
        log.LogInformation("GeoPandas: gap_geopandas.py, 1 warm-up + {Repeat}", o.Repeat);
        var totals = new List<double>();
        var analyses = new List<double>();
        string? version = null;
        for (int i = 0; i <= o.Repeat; i++)
        {
            var run = await ChildProcess.RunAsync(Python, args, ct);
            if (run.ExitCode != 0) return new GeoPandasOutcome(null, null, null, $"gap_geopandas.py failed ({run.ExitCode}): {ChildProcess.Last(run.Error)}");
            var line = run.Output.Split('\n').Last(l => l.TrimStart().StartsWith('{'));
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            version = $"geopandas {root.GetProperty("versions").GetProperty("geopandas").GetString()}, shapely {root.GetProperty("versions").GetProperty("shapely").GetString()}";
            if (i == 0) continue; // warm-up
            totals.Add(root.GetProperty("elapsed_s").GetDouble());
            analyses.Add(root.GetProperty("analysis_s").GetDouble());
        }
        return new GeoPandasOutcome(new Samples(totals), new Samples(analyses), version, null);
    }
}
