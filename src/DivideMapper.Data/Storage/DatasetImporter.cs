using DivideMapper.Core.Outcomes;
using System.Text.Json.Nodes;
using DivideMapper.Core.Domain;
using DivideMapper.Data.Queries;
using DivideMapper.Formats.Import;
using Npgsql;

namespace DivideMapper.Data.Storage;

/// <summary>An import as the CLI and the upload endpoint ask for it.</summary>
public sealed record ImportRequest(
    string Path,
    string OriginalFileName,
    string ProjectSlug,
    ImportOptions Options,
    string? Name = null,
    string? Licence = null,
    string? Attribution = null)
{
    /// <summary>Where the import reports its phase, rows read and rows stored (the CLI's progress line, an HTTP import job); optional.</summary>
    public ImportProgress? Progress { get; init; }
}

/// <summary>The report, and the stored dataset when the file was accepted.</summary>
public sealed record ImportResult(ImportReport Report, StoredDataset? Dataset)
{
    /// <summary>
    /// Seconds spent reading and validating, and storing after that (0 when nothing was stored). When
    /// <see cref="StoredWhileReading"/>, most rows were stored during the first span and the second is the rest.
    /// </summary>
    public (double Read, double Store) Seconds { get; init; }

    /// <summary>The rows went to the database while the file was read (delimited text in WGS 84).</summary>
    public bool StoredWhileReading { get; init; }

    public bool Accepted => Dataset is not null;

    /// <summary>
    /// The DESIGN §7 report document: <c>dataset</c>, <c>project</c>, <c>alreadyImported</c>, then the report
    /// (<c>role, features, rejected, sourceCrs, geometryType, warnings, problems …</c>).
    /// </summary>
    public JsonObject ToJson(string projectSlug)
    {
        var report = JsonNode.Parse(Report.ToJson())!.AsObject();
        var document = new JsonObject
        {
            ["dataset"] = Dataset?.Id,
            ["project"] = projectSlug,
            ["alreadyImported"] = Dataset?.AlreadyExisted ?? false,
        };
        foreach (var (key, value) in report.ToList())
        {
            report.Remove(key);
            document[key] = value;
        }
        return document;
    }
}

/// <summary>
/// The one import pipeline behind `dm import` and the upload endpoint: Formats reads and validates, then the
/// accepted rows are stored all or nothing. A rejected file stores nothing at all, not even its project.
/// </summary>
public static class DatasetImporter
{
    public static Task<ImportResult> ImportAsync(NpgsqlDataSource dataSource, ImportRequest request, CancellationToken ct = default) =>
        ImportAsync(Task.FromResult(dataSource), request, ct);

    /// <summary>
    /// As above, with the database still being opened (the CLI connects and checks migrations while the file is read).
    /// The database is awaited even for a rejected file, so an unavailable database is reported as before.
    /// </summary>
    public static async Task<ImportResult> ImportAsync(Task<NpgsqlDataSource> dataSource, ImportRequest request, CancellationToken ct = default)
    {
        if (!Listings.IsValidSlug(request.ProjectSlug))
            throw new ArgumentException($"'{request.ProjectSlug}' is not a valid project slug: use 1–64 lower-case letters, digits and dashes.");

        string? noAreaWarning = null;
        if (Formats.Roles.RoleCatalog.Of(request.Options.Role).ClipToProjectArea && request.Options.ClipBox is null && !request.Options.NoClip)
        {
            // A world-wide file is clipped to the project while it is read: the settlements' box plus the margin.
            var clip = await ProjectArea.ClipBoxAsync(await dataSource, request.ProjectSlug, request.Options.ClipMarginM, ct);
            if (clip is not null) request = request with { Options = request.Options with { ClipBox = clip } };
            else noAreaWarning = $"project '{request.ProjectSlug}' has no settlements yet, so nothing was clipped to a project area: every row was kept. " +
                                 "Import the settlements first to keep only the rows near them.";
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Rows that pass validation while the file is read are stored meanwhile (in the import's one transaction);
        // whether they stand is decided at the end, all or nothing, as before.
        var progress = request.Progress ?? new ImportProgress();
        var stream = new StreamingStore(dataSource, request.ProjectSlug, request.Options.Role, ct) { Progress = progress };
        ImportOutcome outcome;
        try
        {
            outcome = await ImportPipeline.ReadAsync(request.Path, request.OriginalFileName, WithNetwork(request), stream, progress, ct);
        }
        catch
        {
            await stream.AbortAsync();
            throw;
        }
        if (noAreaWarning is not null) outcome = outcome.WithWarning(noAreaWarning);
        var read = clock.Elapsed.TotalSeconds;
        NpgsqlDataSource database;
        try
        {
            database = await dataSource;
        }
        catch
        {
            await stream.AbortAsync();
            throw;
        }
        if (!outcome.Accepted)
        {
            await stream.AbortAsync();
            progress.Fail();
            return new ImportResult(outcome.Report, null) { Seconds = (read, 0) };
        }
        progress.Enter(ImportPhase.Storing, outcome.Report.Imported);

        var role = request.Options.Role;
        var optionsKey = OptionsKey(request);
        var period = role == DatasetRole.Measurements ? request.Options.Period ?? outcome.MeasurementSummary?.Period : request.Options.Period;
        var (licence, attribution) = (request.Licence, request.Attribution);
        if (licence is null && OoklaOpenData.IsOoklaFormat(outcome.Report.Format))
        {
            (licence, attribution) = (OoklaOpenData.Licence, attribution ?? OoklaOpenData.Attribution(period));
            outcome = outcome.WithWarning(OoklaOpenData.DefaultedWarning);
        }
        var dataset = new DatasetToStore(
            request.ProjectSlug,
            role,
            string.IsNullOrWhiteSpace(request.Name) ? System.IO.Path.GetFileNameWithoutExtension(request.OriginalFileName) : request.Name.Trim(),
            outcome.Report.File,
            outcome.Report.Sha256 ?? throw new InvalidOperationException("An accepted import has a SHA-256."),
            outcome.Report.SourceCrs,
            period,
            licence,
            attribution,
            WithOptionsKey(outcome.Report.ToJson(), optionsKey),
            role == DatasetRole.Measurements ? outcome.MeasurementSummary?.Network ?? Network.Unknown.ToSlug() : null);
        StoredDataset stored;
        if (outcome.Streamed && stream.Started)
            stored = await stream.FinishAsync(dataset, outcome.Report.Imported, ct);
        else
        {
            await stream.AbortAsync();
            stored = await DatasetStore.SaveAsync(database, dataset, RoleRows.From(outcome, role), progress, ct);
        }
        // The same bytes imported before with other options (another SRID, tech, period, mapping, name …): their rows
        // would differ, so silently answering with the old dataset would be wrong, and importing them again would
        // double the project's data. Refuse and say how to proceed.
        if (stored.AlreadyExisted && stored.OptionsKey is { } previous && previous != optionsKey)
        {
            progress.Fail();
            return new ImportResult(outcome.Report with
            {
                Accepted = false,
                Problems = [new ImportProblem(null, null, null, ErrorCodes.Conflict,
                    $"{outcome.Report.File}: these bytes were already imported into project '{request.ProjectSlug}' as dataset {stored.Id} " +
                    "with other import options; nothing new was stored. Delete that dataset first to import them with these options, " +
                    "or import them with the same options to get that dataset back.")],
            }, null) { Seconds = (read, clock.Elapsed.TotalSeconds - read) };
        }
        if (!stored.AlreadyExisted) progress.Stored(stored.FeatureCount);
        progress.Finish();
        return new ImportResult(outcome.Report, stored)
        {
            Seconds = (read, clock.Elapsed.TotalSeconds - read),
            StoredWhileReading = outcome.Streamed && stream.Started,
        };
    }

    /// <summary>--network, or else the network an Ookla-style file name states (DESIGN §4).</summary>
    private static ImportOptions WithNetwork(ImportRequest request) =>
        request.Options.Role == DatasetRole.Measurements && request.Options.Network is null
        && Networks.FromFileName(request.OriginalFileName) is var fromName && fromName != Network.Unknown
            ? request.Options with { Network = fromName }
            : request.Options;

    /// <summary>SHA-256 of every option that shapes the stored rows or the dataset's metadata, in a fixed order.</summary>
    internal static string OptionsKey(ImportRequest request)
    {
        var o = request.Options;
        var text = System.Text.Json.JsonSerializer.Serialize(new object?[]
        {
            o.Srid, o.Tech?.ToString(), o.DefaultRangeM, o.Period, o.Kind, o.Repair, o.SkipInvalid,
            o.Mapping.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}").ToArray(),
            request.Name, request.Licence, request.Attribution,
        }.Concat(ClipKey(o)));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
    }

    /// <summary>The clip options when not the default; the default adds nothing, so keys stored before clipping stay valid.</summary>
    private static object?[] ClipKey(ImportOptions o) =>
        !Formats.Roles.RoleCatalog.Of(o.Role).ClipToProjectArea ? [] : o.NoClip ? ["no-clip"] : o.ClipMarginM != ImportOptions.DefaultClipMarginM ? [$"clip-margin-m={o.ClipMarginM.ToString(System.Globalization.CultureInfo.InvariantCulture)}"] : [];

    private static string WithOptionsKey(string reportJson, string optionsKey)
    {
        var node = JsonNode.Parse(reportJson)!.AsObject();
        node["optionsKey"] = optionsKey;
        return node.ToJsonString();
    }
}
