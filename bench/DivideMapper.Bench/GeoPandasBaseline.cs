using System.Diagnostics;
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
        if ((await RunAsync(Python, ["-c", "import geopandas"], ct)).ExitCode != 0)
        {
            log.LogInformation("python3-geopandas is missing: running bench/install-baselines.sh");
            var install = await RunAsync("bash", [Path.Combine(o.BaselinesDir, "install-baselines.sh")], ct);
            if (install.ExitCode != 0)
                return new GeoPandasOutcome(null, null, null, $"install-baselines.sh failed ({install.ExitCode}): {Last(install.Error)}");
        }

        var script = Path.Combine(o.BaselinesDir, "baselines", "gap_geopandas.py");
        var csv = Path.Combine(Path.GetDirectoryName(o.WorkloadDir)!, $"gap_geopandas_{o.Size.Name}.csv");
        string[] args = [script, o.WorkloadDir, "--srid", srid.ToString(CultureInfo.InvariantCulture), "--quad-segs", "32", "--out", csv];
        log.LogInformation("GeoPandas: gap_geopandas.py, 1 warm-up + {Repeat}", o.Repeat);
        var totals = new List<double>();
        var analyses = new List<double>();
        string? version = null;
        for (int i = 0; i <= o.Repeat; i++)
        {
            var run = await RunAsync(Python, args, ct);
            if (run.ExitCode != 0) return new GeoPandasOutcome(null, null, null, $"gap_geopandas.py failed ({run.ExitCode}): {Last(run.Error)}");
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

    private static string Last(string text) => text.Trim().Split('\n').LastOrDefault() ?? "";

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string exe, IReadOnlyList<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{exe} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout, await stderr);
    }
}
