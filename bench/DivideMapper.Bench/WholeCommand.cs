using System.Globalization;
using System.Text.Json;
using DivideMapper.Cli;
using DivideMapper.Data;
using Microsoft.Extensions.Logging;

namespace DivideMapper.Bench;

/// <summary>Seconds per phase of one whole <c>dm analyze</c>, as its <see cref="PhaseClock"/> wrote them.</summary>
internal sealed record PhaseSeconds(IReadOnlyDictionary<string, double> Phases);

/// <param name="Analyze">Wall clock of <c>dm analyze --project P --json</c> as a user runs it: process start, database, load, analyse, store, print.</param>
/// <param name="Startup">Wall clock of <c>dm profiles</c>: what any command pays to start the .NET runtime and the CLI.</param>
/// <param name="Phases">The phases of the median analyze run.</param>
/// <param name="OutputBytes">Size of the --json document printed.</param>
internal sealed record WholeCommandTimings(Samples Analyze, Samples Startup, PhaseSeconds Phases, long OutputBytes);

/// <summary>
/// The headline figure: the whole command a user types, in its own process against the bench database,
/// measured from outside (wall clock), with the command's own phase split (DIVIDEMAPPER_PHASE_TIMES) showing
/// where the time goes.
/// </summary>
internal static class WholeCommand
{
    public static async Task<WholeCommandTimings> TimeAsync(string connectionString, string slug, int repeat, ILogger log, CancellationToken ct)
    {
        // The command as a user runs it: the ./dm launcher (its runtime settings for analyze included) and the published dm.
        var launcher = Path.Combine(DivideMapperPaths.Home, "dm");
        var times = Path.Combine(Path.GetTempPath(), $"dm-bench-phases-{Environment.ProcessId}.json");
        var environment = new Dictionary<string, string?>
        {
            ["DIVIDEMAPPER_DB"] = connectionString,
            [PhaseClock.Variable] = times,
        };

        log.LogInformation("Whole command: dm analyze --project {Slug} --json, 1 warm-up + {Repeat}", slug, repeat);
        var runs = new List<(double Wall, PhaseSeconds Phases, long Bytes)>();
        for (var i = 0; i <= repeat; i++)
        {
            var run = await ChildProcess.RunAsync(launcher, ["analyze", "--project", slug, "--json"], ct, environment);
            if (run.ExitCode != 0) throw new InvalidOperationException($"dm analyze failed ({run.ExitCode}): {ChildProcess.Last(run.Error)}");
            var phases = new PhaseSeconds(JsonSerializer.Deserialize<Dictionary<string, double>>(await File.ReadAllTextAsync(times, ct))!);
            if (i > 0) runs.Add((run.WallSeconds, phases, run.Output.Length));
        }
        File.Delete(times);

        var startup = new List<double>();
        for (var i = 0; i <= repeat; i++)
        {
            var run = await ChildProcess.RunAsync(launcher, ["profiles"], ct, environment);
            if (run.ExitCode != 0) throw new InvalidOperationException($"dm profiles failed ({run.ExitCode}): {ChildProcess.Last(run.Error)}");
            if (i > 0) startup.Add(run.WallSeconds);
        }

        var median = runs.OrderBy(r => r.Wall).ElementAt(runs.Count / 2);
        return new WholeCommandTimings(new Samples([.. runs.Select(r => r.Wall)]), new Samples(startup), median.Phases, median.Bytes);
    }

    /// <summary>"where the time goes" rows: each phase, its seconds and its share of the command's wall clock.</summary>
    public static IEnumerable<string[]> Rows(WholeCommandTimings t)
    {
        var wall = t.Analyze.Median;
        foreach (var (phase, seconds) in t.Phases.Phases.Where(p => p.Key != "total"))
            yield return [phase, seconds.ToString("0.000", CultureInfo.InvariantCulture), (seconds / wall).ToString("P0", CultureInfo.InvariantCulture)];
        var accounted = t.Phases.Phases.GetValueOrDefault("total");
        yield return ["(exit, unaccounted)", Math.Max(0, wall - accounted).ToString("0.000", CultureInfo.InvariantCulture),
            (Math.Max(0, wall - accounted) / wall).ToString("P0", CultureInfo.InvariantCulture)];
    }
}
