using DivideMapper.Data.Access;
using System.CommandLine;
using System.Globalization;
using DivideMapper.Core.Domain;
using DivideMapper.Data.Queries;
using DivideMapper.Data.Storage;
using DivideMapper.Formats.Import;
using Microsoft.Extensions.Logging;

namespace DivideMapper.Cli.Commands;

/// <summary>
/// <c>dm import FILE --project SLUG --role ROLE [...]</c>: exits 0 with the report, or non-zero (3) with the reasons
/// and nothing stored (DESIGN §7).
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "GeoJSON, zipped Shapefile, CSV, GeoPackage, FlatGeobuf, KML … (Ookla tiles and OpenCelliD CSV recognised); GeoTIFF people-per-cell rasters for --role population." };
        var project = CommonOptions.Project();
        var role = new Option<string>("--role", "-r") { Description = string.Join(" | ", DatasetRoles.Slugs), Required = true };
        role.AcceptOnlyFromAmong([.. DatasetRoles.Slugs]);
        var name = new Option<string?>("--name") { Description = "Dataset name (default: the file name)." };
        var srid = new Option<int?>("--srid") { Description = "EPSG code of the file's coordinates; wins over what the file declares." };
        var tech = new Option<string?>("--tech") { Description = "2G|3G|4G|5G|fixed for coverage or sites without a tech column." };
        var range = new Option<double?>("--default-range-m") { Description = "Range for sites without one (default per tech: 2G 12 km, 3G/4G 4 km, 5G 500 m)." };
        var period = new Option<string?>("--period") { Description = "Period of measurements without a period column, e.g. 2024Q1." };
        var network = new Option<string?>("--network")
        {
            Description = "fixed|mobile: the network of measurements without a network column (default: from an Ookla-style file name such as ..._mobile_tiles..., else unknown).",
        };
        network.AcceptOnlyFromAmong("fixed", "mobile", "unknown");
        var kind = new Option<string?>("--kind") { Description = "Settlement kind (informal|formal) or facility kind (school, clinic …) when the file has none." };
        var map = new Option<string[]>("--map") { Description = "Attribute mapping target=source, e.g. --map name=NAME_1 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var perBuilding = new Option<double?>("--people-per-building") { Description = "Population from building footprints: people per building (× floors when known)." };
        var perM2 = new Option<double?>("--people-per-m2") { Description = "Population from building footprints: people per m² of footprint (× floors when known)." };
        var repair = new Option<bool>("--repair") { Description = "Fix invalid polygons and report each fix." };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Import the valid features and count the rest as skipped." };
        var clipMargin = new Option<double?>("--clip-margin-m")
        {
            Description = "Coverage, sites, measurements, population: keep only rows within this many metres of the box around the project's settlements (default 2000).",
        };
        var noClip = new Option<bool>("--no-clip") { Description = "Keep every row, wherever it lies (no clip to the project area)." };
        var licence = new Option<string?>("--licence") { Description = "Licence of the data (carried with exports)." };
        var attribution = new Option<string?>("--attribution") { Description = "Attribution of the data." };
        var json = CommonOptions.Json();
        var command = new Command("import", "Import a file into a project (created on first import), all or nothing.")
        {
            file, project, role, name, srid, tech, range, period, network, kind, map, perBuilding, perM2, repair, skipInvalid, clipMargin, noClip, licence, attribution, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var slug = parse.GetValue(project)!;
            if (!Listings.IsValidSlug(slug))
                return Usage($"'{slug}' is not a valid project slug: use 1–64 lower-case letters, digits and dashes.");
            DatasetRoles.TryParse(parse.GetValue(role), out var datasetRole);
            Tech? parsedTech = null;
            if (parse.GetValue(tech) is { } techText)
            {
                if (!Techs.TryParse(techText, out var t)) return Usage($"--tech '{techText}' is not one of 2G, 3G, 4G, 5G, fixed.");
                parsedTech = t;
            }
            IReadOnlyDictionary<string, string> mapping;
            try
            {
                mapping = ImportOptions.ParseMapping(parse.GetValue(map) ?? []);
            }
            catch (ArgumentException e)
            {
                return Usage(e.Message);
            }
            foreach (var rule in new[] { perBuilding, perM2 })
                if (parse.GetValue(rule) is { } value && !(value > 0 && double.IsFinite(value)))
                    return Usage($"{rule.Name} must be a positive number of people.");
            var margin = parse.GetValue(clipMargin);
            if (margin is { } m && !(m >= 0 && double.IsFinite(m))) return Usage("--clip-margin-m must be a number of metres, 0 or more.");
            if (margin is not null && parse.GetValue(noClip)) return Usage("give --clip-margin-m or --no-clip, not both.");
            var path = parse.GetValue(file)!;
            var options = new ImportOptions
            {
                Role = datasetRole,
                Srid = parse.GetValue(srid),
                Tech = parsedTech,
                DefaultRangeM = parse.GetValue(range),
                Period = parse.GetValue(period),
                Network = Networks.TryParse(parse.GetValue(network), out var n) ? n : null,
                Kind = parse.GetValue(kind),
                Mapping = mapping,
                PeoplePerBuilding = parse.GetValue(perBuilding),
                PeoplePerM2 = parse.GetValue(perM2),
                Repair = parse.GetValue(repair),
                SkipInvalid = parse.GetValue(skipInvalid),
                ClipMarginM = margin ?? ImportOptions.DefaultClipMarginM,
                NoClip = parse.GetValue(noClip),
            };

            // Connect (and check migrations) while the file is read and validated: they overlap on a second core.
            var opening = CliDatabase.OpenAsync(CliLogging.Logger, ct);
            async Task<Npgsql.NpgsqlDataSource> DataSourceAsync() => (await opening).DataSource; // rethrows as is, for CliRunner
            ImportResult result;
            // A progress line on a terminal (never with --json or when stderr is piped), as `dm analyze` draws.
            var progress = new ImportProgress();
            var line = ImportProgressLine.Start(progress, parse.GetValue(json));
            try
            {
                result = await DatasetImporter.ImportAsync(DataSourceAsync(),
                    new ImportRequest(path.FullName, path.Name, slug, options, parse.GetValue(name), parse.GetValue(licence), parse.GetValue(attribution))
                    {
                        Progress = progress,
                    }, ct);
                if (result.Dataset is { AlreadyExisted: false } stored)
                    await AuditLog.WriteAsync(opening.Result.DataSource,
                        new AuditRecord(AuditLog.CliActor, "dataset.create", $"dataset:{stored.Id}", slug, ExitCodes.Ok, path.Name), ct);
            }
            finally
            {
                if (line is not null) await line.DisposeAsync();
                if (opening.IsCompletedSuccessfully) await opening.Result.DisposeAsync();
            }

            if (parse.GetValue(json)) CliOutput.WriteJson(result.ToJson(slug));
            else WriteHuman(result, slug);
            return result.Accepted ? ExitCodes.Ok : ExitCodes.InvalidInput;
        });
        return command;
    }

    /// <summary>", 12,345 outside the project area (2000 m margin)" when the import clipped rows away.</summary>
    private static string Outside(ImportReport r) => r.OutsideProjectArea == 0 ? ""
        : string.Create(CultureInfo.InvariantCulture, $", {r.OutsideProjectArea:N0} outside the project area ({r.ProjectArea?.MarginM ?? 0:0.#} m margin) not stored");

    private static int Usage(string message)
    {
        CliOutput.Error(message);
        return ExitCodes.Usage;
    }

    private static void WriteHuman(ImportResult result, string slug)
    {
        var r = result.Report;
        foreach (var warning in r.Warnings) Console.Error.WriteLine($"warning: {warning}");
        foreach (var repair in r.Repairs) Console.Error.WriteLine($"repaired feature {repair.Feature}: {repair.Message}");
        if (result.Dataset is { } d)
        {
            var verb = d.AlreadyExisted ? "was already imported as" : "imported as";
            if (result.StoredWhileReading)
                CliLogging.Logger.LogInformation("Read and validated in {Read:0.00} s (rows stored meanwhile), stored in {Store:0.00} s more",
                    result.Seconds.Read, result.Seconds.Store);
            else
                CliLogging.Logger.LogInformation("Read and validated in {Read:0.00} s, stored in {Store:0.00} s", result.Seconds.Read, result.Seconds.Store);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.File} {verb} dataset {d.Id} in project '{slug}': {d.FeatureCount} {r.Role} ({r.GeometryType}, from {r.SourceCrs}), {r.Skipped} skipped{Outside(r)}."));
            return;
        }
        CliOutput.Error($"{r.File} was not imported ({r.Rejected} of {r.Features} features rejected); nothing was stored:");
        // Messages already name the file, the feature or row, and where; the code is for scripts and searching.
        foreach (var p in r.Problems) Console.Error.WriteLine($"  [{p.Code}] {p.Message}");
        if (r.ProblemsNotListed > 0) Console.Error.WriteLine($"  … and {r.ProblemsNotListed} more problems.");
    }
}
