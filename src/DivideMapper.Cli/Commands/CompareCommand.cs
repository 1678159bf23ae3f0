using System.CommandLine;
using System.Globalization;
using DivideMapper.Core.Comparison;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Runs;

namespace DivideMapper.Cli.Commands;

/// <summary><c>dm compare --base RUN --run RUN [--json]</c>: what changed from a baseline run to a later one.</summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var baseRun = new Option<long>("--base") { Description = "Baseline run id.", Required = true };
        var run = new Option<long>("--run") { Description = "Current run id.", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("compare", "Per-settlement and summary deltas from a baseline run to a later run.") { baseRun, run, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var database = await CliDatabase.OpenAsync(CliLogging.Logger, ct);
            var (baseId, runId) = (parse.GetValue(baseRun), parse.GetValue(run));
            var outcome = await RunComparisons.CompareAsync(database.Db, baseId, runId, ct);
            if (outcome.Value is not { } comparison)
                return CliOutput.Refused(outcome.Refusal!, outcome.Refusal!.Code == ErrorCodes.UnknownRun ? "See ./dm runs --project SLUG." : null);
            if (parse.GetValue(json)) CliOutput.WriteJson(new { baseRun = baseId, run = runId, comparison.Summary, comparison.Settlements });
            else WriteHuman(comparison, baseId, runId);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteHuman(RunComparison c, long baseId, long runId)
    {
        var s = c.Summary;
        var inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine($"Run {baseId} → {runId}: {s.Matched} settlements matched, {s.Added} added, {s.Removed} removed.");
        Console.Out.WriteLine($"{s.Improved} improved, {s.Worsened} worsened, {s.EvidenceChanged} changed evidence.");
        Console.Out.WriteLine(string.Create(inv, $"People in gaps: {s.BaselineGapPopulation:N0} → {s.CurrentGapPopulation:N0} ({s.GapPopulationDelta:+#,0;-#,0;0})."));
        if (s.ProfilesDiffer) Console.Out.WriteLine("Note: the runs used different profiles; class changes may reflect the standard, not the network.");
        Console.Out.WriteLine();
        CliOutput.WriteTable(["SETTLEMENT", "CHANGE", "CLASS", "GAP SHARE Δ", "DOWN Δ MB/S"],
            c.Settlements.Where(d => d.ClassChange != ClassChange.Unchanged || d.Status != MatchStatus.Matched)
                .Select(d => new[]
                {
                    d.Name, d.Status == MatchStatus.Matched ? Slug(d.ClassChange) : Slug(d.Status),
                    $"{Slug(d.BaselineClass)} → {Slug(d.CurrentClass)}",
                    d.GapShareDelta?.ToString("+0.00;-0.00;0", inv), d.MedianDownMbpsDelta?.ToString("+0.0;-0.0;0", inv),
                }), "No settlement changed class.");
    }

    private static string Slug<T>(T? value) where T : struct, Enum =>
        value is null ? "–" : System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.Value.ToString());

    private static string Slug<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
