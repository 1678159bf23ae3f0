using System.CommandLine;
using System.Globalization;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Layers;
using DivideMapper.Formats.Exports;

namespace DivideMapper.Cli.Commands;

/// <summary>
/// <c>dm export --project SLUG --run ID|latest --layer results|gaps --format geojson|shp|gpkg|csv|fgb|parquet --out PATH</c>
/// (DESIGN §7): the same bytes as <c>GET /api/runs/{id}/export</c>, with the same privacy rule and metadata. The file is
/// written beside PATH under a temporary name and renamed when complete, so a failed export leaves nothing half-written.
/// <c>--out -</c> writes to stdout.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var project = CommonOptions.Project();
        var run = new Option<string>("--run") { Description = "Run id, or 'latest' for the project's latest finished run.", DefaultValueFactory = _ => "latest" };
        var layer = new Option<string>("--layer") { Description = $"Layer: {RunExports.LayerIds}.", DefaultValueFactory = _ => "results" };
        var format = new Option<string>("--format", "-f") { Description = $"Format: {ExportFormat.Ids}.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "File to write ('-' for stdout).", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("export", "Export a run's results or gap polygons with their licences and method metadata.")
            { project, run, layer, format, output, json };
        command.SetAction(async (parse, ct) =>
        {
            var slug = parse.GetValue(project)!;
            long? runId = null;
            var runText = parse.GetValue(run)!.Trim();
            if (!runText.Equals("latest", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(runText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    return CliOutput.Refused(new Refusal(ErrorCodes.InvalidParameter, $"--run must be a run id or 'latest', not '{runText}'."));
                runId = id;
            }
            var chosenFormat = RunExports.FormatOf(parse.GetValue(format));
            if (chosenFormat.Value is not { } exportFormat) return CliOutput.Refused(chosenFormat.Refusal!);
            var chosenLayer = RunExports.LayerOf(parse.GetValue(layer));
            if (chosenLayer.Value is not { } exportLayer) return CliOutput.Refused(chosenLayer.Refusal!);
            var path = parse.GetValue(output)!;

            await using var database = await CliDatabase.OpenAsync(CliLogging.Logger, ct);
            var resolved = await RunExports.RunOfProjectAsync(database.DataSource, slug, runId, ct);
            if (resolved.Value is not { } detail)
                return CliOutput.Refused(resolved.Refusal!, resolved.Refusal!.Code switch
                {
                    ErrorCodes.UnknownProject => "See ./dm projects.",
                    ErrorCodes.UnknownRun or ErrorCodes.NoData => $"See ./dm runs --project {slug}.",
                    _ => null,
                });
            var prepared = await RunExports.PrepareAsync(database.DataSource, detail, exportLayer, ct);
            if (prepared.Value is not { } layerToWrite) return CliOutput.Refused(prepared.Refusal!);

            long features;
            try
            {
                features = path == "-"
                    ? await LayerExporter.WriteAsync(Console.OpenStandardOutput(), exportFormat, layerToWrite, ct)
                    : await WriteFileAsync(path, exportFormat, layerToWrite, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Formats.Gdal.GdalException)
            {
                CliOutput.Error($"could not write {path}: {e.Message}");
                return ExitCodes.Failure;
            }
            var summary = new
            {
                file = path, format = exportFormat.Id, layer = exportLayer.Id, run = detail.Id, project = slug, features,
                licences = layerToWrite.Metadata.Licences,
            };
            if (parse.GetValue(json) && path != "-") CliOutput.WriteJson(summary);
            else Console.Error.WriteLine($"Exported {features} {exportLayer.Id} features of run {detail.Id} as {exportFormat.Title} to {path}" +
                                         $" (licences: {string.Join("; ", summary.licences)}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<long> WriteFileAsync(string path, ExportFormat format, ExportLayer layer, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var partial = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.partial");
        try
        {
            long features;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                features = await LayerExporter.WriteAsync(file, format, layer, ct);
            File.Move(partial, full, overwrite: true);
            return features;
        }
        finally
        {
            File.Delete(partial); // gone already after the move; removes the pieces of a failed export
        }
    }
}
