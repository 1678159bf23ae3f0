using System.CommandLine;
using DivideMapper.Data.Access;
using DivideMapper.Data.Storage;

namespace DivideMapper.Cli.Commands;

/// <summary>
/// <c>dm delete project SLUG | dataset ID --project SLUG | run ID</c> and <c>dm visibility --project SLUG public|private</c>:
/// the admin writes, as the local operator, each audited.
/// </summary>
public static class DeleteCommand
{
    public static Command Create()
    {
        var command = new Command("delete", "Delete a project (with its datasets and runs), a dataset or a run.");
        var slug = new Argument<string>("SLUG") { Description = "The project's slug." };
        var project = new Command("project", "Delete a project with all its datasets and runs.") { slug };
        project.SetAction((parse, ct) => RunAsync("project.delete", $"project:{parse.GetValue(slug)}", parse.GetValue(slug),
            db => Deletions.ProjectAsync(db, parse.GetValue(slug)!, ct), ct));

        var datasetId = new Argument<long>("ID") { Description = "The dataset's id (see ./dm datasets --project SLUG)." };
        var datasetProject = CommonOptions.Project();
        var dataset = new Command("dataset", "Delete a dataset and its rows (runs that used it keep their results).") { datasetId, datasetProject };
        dataset.SetAction((parse, ct) => RunAsync("dataset.delete", $"dataset:{parse.GetValue(datasetId)}", parse.GetValue(datasetProject),
            db => Deletions.DatasetAsync(db, parse.GetValue(datasetProject)!, parse.GetValue(datasetId), ct), ct));

        var runId = new Argument<long>("ID") { Description = "The run's id (see ./dm runs --project SLUG)." };
        var run = new Command("run", "Delete a run with its results and gap polygons.") { runId };
        run.SetAction((parse, ct) => RunAsync("run.delete", $"run:{parse.GetValue(runId)}", null,
            db => Deletions.RunAsync(db, parse.GetValue(runId), ct), ct));

        command.Subcommands.Add(project);
        command.Subcommands.Add(dataset);
        command.Subcommands.Add(run);
        return command;
    }

    public static Command Visibility()
    {
        var project = CommonOptions.Project();
        var value = new Argument<string>("VISIBILITY") { Description = "public (anyone reads its results) or private (viewer key needed)." };
        value.AcceptOnlyFromAmong(ProjectVisibility.Public, ProjectVisibility.Private);
        var command = new Command("visibility", "Make a project's results public or private.") { project, value };
        command.SetAction(async (parse, ct) =>
        {
            var slug = parse.GetValue(project)!;
            await using var database = await CliDatabase.OpenAsync(CliLogging.Logger, ct);
            var changed = await ProjectAccessQueries.SetVisibilityAsync(database.DataSource, slug, parse.GetValue(value)!, ct);
            await AuditLog.WriteAsync(database.DataSource, new AuditRecord(AuditLog.CliActor, "project.update", $"project:{slug}", slug,
                changed ? ExitCodes.Ok : ExitCodes.NotFound, $"visibility={parse.GetValue(value)}"), ct);
            if (!changed) return ListCommands.UnknownProject(slug);
            Console.Error.WriteLine($"Project '{slug}' is now {parse.GetValue(value)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> RunAsync(string action, string target, string? project, Func<Npgsql.NpgsqlDataSource, Task<DeleteOutcome>> delete,
        CancellationToken ct)
    {
        await using var database = await CliDatabase.OpenAsync(CliLogging.Logger, ct);
        var outcome = await delete(database.DataSource);
        var code = outcome switch { DeleteOutcome.Deleted => ExitCodes.Ok, DeleteOutcome.Running => ExitCodes.Failure, _ => ExitCodes.NotFound };
        await AuditLog.WriteAsync(database.DataSource, new AuditRecord(AuditLog.CliActor, action, target, project, code), ct);
        switch (outcome)
        {
            case DeleteOutcome.Deleted:
                Console.Error.WriteLine($"Deleted {target.Replace(':', ' ')}.");
                break;
            case DeleteOutcome.Running:
                CliOutput.Error($"{target.Replace(':', ' ')} has a run in progress; try again when it has finished.");
                break;
            default:
                CliOutput.Error($"there is no {target.Replace(':', ' ')}{(project is null ? "" : $" in project '{project}'")}.");
                break;
        }
        return code;
    }
}
