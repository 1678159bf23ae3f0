using DivideMapper.Data.Access;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DivideMapper.Core.Outcomes;
using DivideMapper.Core.Profiles;
using DivideMapper.Data;
using DivideMapper.Data.Queries;
using DivideMapper.Data.Runs;

namespace DivideMapper.Cli.Commands;

/// <summary>
/// <c>dm analyze --project SLUG [--profile ID|FILE.json] [--period P] [--json]</c>: one immutable run.
/// <c>--json</c> prints <c>{ run, profile, summary, settlements: [result columns + explain] }</c> (DESIGN §7).
/// </summary>
public static class AnalyzeCommand
{
    public static Command Create()
    {
        var project = CommonOptions.Project();
        var profile = new Option<string?>("--profile") { Description = $"Built-in profile id (default {ProfileCatalog.DefaultId}; see ./dm profiles) or a custom profile JSON file." };
        var period = new Option<string?>("--period") { Description = "The one measurement period to analyse, e.g. 2024Q3 (default: the latest present for the profile's network; periods are never pooled)." };
        var json = CommonOptions.Json();
        var command = new Command("analyze", "Analyse a project's settlements against a profile; stores an immutable run.") { project, profile, period, json };
        command.SetAction(async (parse, ct) =>
        {
            var slug = parse.GetValue(project)!;
            var (profileId, customJson) = ProfileArgument(parse.GetValue(profile));
            using var progress = TerminalProgress.ForStderr("analyze", parse.GetValue(json));
            var clock = PhaseClock.Start(progress);
            clock.Enter("database");
            await using var database = await CliDatabase.OpenAsync(CliLogging.Logger, ct);
            var outcome = await AnalysisRunner.RunAsync(database.DataSource,
                new AnalysisRequest(slug, profileId, customJson, parse.GetValue(period)), AppVersion.Current, clock, ct);
            progress?.Dispose();
            clock.Enter("output");
            try
            {
                return await FinishAsync(outcome, database, slug, parse.GetValue(json), ct);
            }
            finally
            {
                clock.Write();
            }
        });
        return command;
    }

    private static async Task<int> FinishAsync(Outcome<CompletedRun> outcome, CliDatabase database, string slug, bool json, CancellationToken ct)
    {
        if (outcome.Value is not { } run)
        {
            await AuditLog.WriteAsync(database.DataSource, new AuditRecord(AuditLog.CliActor, "run.create", $"project:{slug}", slug,
                ExitCodes.For(outcome.Refusal!.Code), outcome.Refusal.Code), ct);
            return CliOutput.Refused(outcome.Refusal!, outcome.Refusal!.Code switch
            {
                ErrorCodes.UnknownProject => "See ./dm projects.",
                ErrorCodes.NoData => $"Import one with ./dm import FILE --project {slug} --role settlements.",
                ErrorCodes.RunInProgress => "Wait for it to finish (./dm runs --project " + slug + ").",
                _ => null,
            });
        }

        await AuditLog.WriteAsync(database.DataSource, new AuditRecord(AuditLog.CliActor, "run.create", $"run:{run.RunId}", slug, ExitCodes.Ok), ct);
        if (json)
        {
            var detail = await RunQueries.RunAsync(database.DataSource, run.RunId, ct);
            using var profileJson = JsonDocument.Parse(ProfileJson.Write(run.Result.Profile));
            CliOutput.WriteJsonStreamed(writer =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("run");
                JsonSerializer.Serialize(writer, detail, CliOutput.Json);
                writer.WritePropertyName("profile");
                profileJson.WriteTo(writer);
                writer.WritePropertyName("summary");
                JsonSerializer.Serialize(writer, run.Result.Summary, CliOutput.Json);
                writer.WriteStartArray("settlements");
                foreach (var row in run.Rows.OrderBy(r => r.Rank))
                    JsonSerializer.Serialize(writer, ResultColumns.ToJsonRow(row), CliOutput.Json);
                writer.WriteEndArray();
                writer.WriteEndObject();
            });
        }
        else WriteHuman(run, slug);
        return ExitCodes.Ok;
    }

    /// <summary>An existing .json file is a custom profile; anything else is a built-in id.</summary>
    private static (string? Id, string? Json) ProfileArgument(string? value) =>
        value is not null && value.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(value)
            ? (null, File.ReadAllText(value))
            : (value, null);

    private static void WriteHuman(CompletedRun run, string slug)
    {
        var s = run.Result.Summary;
        var p = run.Result.Profile;
        Console.Out.WriteLine($"Run {run.RunId} of project '{slug}' with profile {p.Id} v{p.Version} ({p.Name}): {s.Settlements} settlements.");
        Console.Out.WriteLine(string.Join(", ", s.ClassCounts.Select(c => $"{c.Value} {c.Key}")));
        if (s.PopulationCovered4GShare is { } covered)
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Population with ≥4G coverage: {covered:P1}."));
        if (s.Divide.CoverageRatio is { } ratio)
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Divide index (informal/formal coverage at {s.Divide.TargetTech}): {ratio:0.00}."));
        Console.Out.WriteLine();
        CliOutput.WriteTable(["RANK", "SETTLEMENT", "KIND", "CLASS", "SCORE", "GAP", "PEOPLE IN GAP", "DOWN MB/S"],
            run.Rows.OrderBy(r => r.Rank).Take(15).Select(r => new[]
            {
                r.Rank.ToString(CultureInfo.InvariantCulture), r.Name, r.Kind, r.GapClass, r.GapScore.ToString("0.0", CultureInfo.InvariantCulture),
                r.GapShare.ToString("P0", CultureInfo.InvariantCulture), r.GapPopulation?.ToString("N0", CultureInfo.InvariantCulture),
                r.Suppressed ? "withheld" : r.MedianDownMbps?.ToString("0.0", CultureInfo.InvariantCulture),
            }), "No settlements.");
        if (run.Rows.Count > 15) Console.Out.WriteLine($"… {run.Rows.Count - 15} more (--json for all, with explanations).");
    }
}
