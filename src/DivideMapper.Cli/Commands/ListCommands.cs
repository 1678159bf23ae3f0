using System.CommandLine;
using System.Globalization;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Queries;

namespace DivideMapper.Cli.Commands;

/// <summary><c>dm projects</c>, <c>dm datasets --project</c>, <c>dm runs --project</c>.</summary>
public static class ListCommands
{
    public static Command Projects()
    {
        var json = CommonOptions.Json();
        var command = new Command("projects", "List projects with their dataset and run counts.") { json };
        command.SetAction(async (parse, ct) =>
        {
            await using var database = await CliDatabase.OpenAsync(CliLogging.Logger, ct);
            var projects = await database.Db.ProjectsAsync(ct);
            if (parse.GetValue(json)) CliOutput.WriteJson(projects);
            else
                CliOutput.WriteTable(["SLUG", "NAME", "SRID", "DATASETS", "RUNS", "CREATED"],
                    projects.Select(p => new[] { p.Slug, p.Name, p.MetricSrid?.ToString(CultureInfo.InvariantCulture),
                        p.Datasets.ToString(CultureInfo.InvariantCulture), p.Runs.ToString(CultureInfo.InvariantCulture), Date(p.CreatedAt) }),
                    "No projects yet. Create one with: ./dm import FILE --project SLUG --role settlements");
            return 0;
        });
        return command;
    }

    public static Command Datasets()
    {
        var json = CommonOptions.Json();
        var project = CommonOptions.Project();
        var command = new Command("datasets", "List the datasets imported into a project.") { project, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var database = await CliDatabase.OpenAsync(CliLogging.Logger, ct);
            var slug = parse.GetValue(project)!;
            if (await database.Db.FindProjectAsync(slug, ct) is not { } found) return UnknownProject(slug);
            var datasets = await database.Db.DatasetsAsync(found.Id, ct);
            if (parse.GetValue(json)) CliOutput.WriteJson(datasets);
            else
                CliOutput.WriteTable(["ID", "ROLE", "NAME", "FEATURES", "CRS", "PERIOD", "NETWORK", "FILE", "CREATED"],
                    datasets.Select(d => new[] { d.Id.ToString(CultureInfo.InvariantCulture), d.Role, d.Name,
                        d.Features.ToString(CultureInfo.InvariantCulture), d.SourceCrs, d.Period, d.Network, d.SourceFile, Date(d.CreatedAt) }),
                    $"Project '{slug}' has no datasets yet.");
            return 0;
        });
        return command;
    }

    public static Command Runs()
    {
        var json = CommonOptions.Json();
        var project = CommonOptions.Project();
        var command = new Command("runs", "List the analysis runs of a project.") { project, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var database = await CliDatabase.OpenAsync(CliLogging.Logger, ct);
            var slug = parse.GetValue(project)!;
            if (await database.Db.FindProjectAsync(slug, ct) is not { } found) return UnknownProject(slug);
            var runs = await database.Db.RunsAsync(found.Id, ct);
            if (parse.GetValue(json)) CliOutput.WriteJson(runs);
            else
                CliOutput.WriteTable(["ID", "PROFILE", "STATUS", "PERIOD", "STARTED", "FINISHED"],
                    runs.Select(r => new[] { r.Id.ToString(CultureInfo.InvariantCulture), r.ProfileId, StatusText(r), r.Period,
                        r.StartedAt is { } s ? Date(s) : null, r.FinishedAt is { } f ? Date(f) : null }),
                    $"Project '{slug}' has no runs yet. Run one with: ./dm analyze --project {slug}");
            return 0;
        });
        return command;
    }

    /// <summary>"running overlay 45%", "failed (cancelled)", "finished".</summary>
    private static string StatusText(RunSummaryRow r) => r.Status switch
    {
        "running" => string.Create(CultureInfo.InvariantCulture, $"running {r.Phase} {r.Progress:P0}"),
        "failed" when r.ErrorCode is { } code => $"failed ({code})",
        _ => r.Status,
    };

    internal static int UnknownProject(string slug) => CliOutput.Refused(Refusal.UnknownProject(slug), "See ./dm projects.");

    private static string Date(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
