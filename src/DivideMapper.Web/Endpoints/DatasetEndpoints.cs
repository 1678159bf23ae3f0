using System.Text.Json.Nodes;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Queries;
using DivideMapper.Data.Storage;
using DivideMapper.Formats.Import;
using DivideMapper.Web.Access;
using DivideMapper.Web.Hosting;
using DivideMapper.Web.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DivideMapper.Web.Endpoints;

public static class DatasetEndpoints
{
    public static IEndpointRouteBuilder MapDatasetEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects/{slug}/datasets", Upload)
            .WithTags("Datasets")
            .WithSummary("Upload a file (multipart/form-data, one file part) as a dataset of the given role.")
            .WithDescription("201 with the validation report, or 422 with every problem (nothing stored). With the header Prefer: respond-async, " +
                             "202 Accepted once the file has arrived, with Location /api/imports/{id} and the import job (status queued, reading, storing, " +
                             "finished or failed; phase, progress 0..1, rowsRead, rowsStored); poll it until it has ended: finished carries the 201's report " +
                             "and the dataset's URL, failed the problem document the 4xx would have carried. " +
                             "Query: role (required), name, srid, tech, defaultRangeM, period, network (fixed|mobile), kind, map=target=source (repeatable), " +
                             "repair, skipInvalid, clipMarginM (metres, default 2000) or noClip, licence, attribution. Coverage, sites, measurements and population " +
                             "rows outside the project's settlements' box plus the margin are not stored and are counted in outsideProjectArea; " +
                             "a file with none inside is refused (422, no-features). The project is created on first import.")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces(StatusCodes.Status201Created)
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            // No antiforgery token: keys travel only in the Authorization header, which a cross-site form cannot set.
            .DisableAntiforgery()
            .RequireAnalyst().Audited("dataset.create");
        app.MapDelete("/api/projects/{slug}/datasets/{id:long}", DeleteAsync).WithTags("Datasets")
            .WithSummary("Delete a dataset and its rows (admin). Runs that used it keep their results.")
            .RequireAdmin().Audited("dataset.delete");
        return app;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string slug, long id, NpgsqlDataSource dataSource,
        CancellationToken ct) =>
        await Deletions.DatasetAsync(dataSource, slug, id, ct) == DeleteOutcome.Deleted
            ? TypedResults.NoContent()
            : ProblemSetup.Problem(404, ErrorCodes.NotFound, "Unknown dataset.", $"Project '{slug}' has no dataset {id}.");

    internal static async Task<Results<Created<JsonObject>, Accepted<JsonObject>, ProblemHttpResult>> Upload(string slug, HttpContext http,
        NpgsqlDataSource dataSource, IOptions<ImportSettings> settings, ImportGate gate, ImportJobs jobs, ILogger<ImportJobs> log,
        CancellationToken ct)
    {
        var query = http.Request.Query;
        if (!Listings.IsValidSlug(slug))
            return Invalid($"'{slug}' is not a valid project slug: use 1–64 lower-case letters, digits and dashes.");
        if (!DatasetRoles.TryParse(query["role"], out var role))
            return Invalid($"role must be one of {string.Join(", ", DatasetRoles.Slugs)}.");
        if (ParseOptions(query, role, settings.Value) is not { } parsed) return Invalid(OptionsError(query));
        var slot = gate.TryEnter();
        if (slot is null)
            return ProblemSetup.Problem(429, ErrorCodes.Busy, "Too many imports at once.",
                $"At most {settings.Value.MaxConcurrentImports} imports run at a time; retry shortly.",
                new Dictionary<string, object?> { [ProblemSetup.RetryAfterExtension] = 10 });
        UploadedFile? file = null;
        try
        {
            // Our own cap (streamed, below) replaces Kestrel's 30 MB default for this endpoint only.
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = settings.Value.MaxUploadBytes + 1024 * 1024;

            (file, var failure) = await UploadReceiver.ReceiveAsync(http.Request, settings.Value.MaxUploadBytes, ct);
            if (failure != UploadFailure.None) return Refused(failure, settings.Value);

            var request = new ImportRequest(file!.Path, file.OriginalName, slug, parsed, query["name"], query["licence"], query["attribution"]);
            if (PreferWait.RespondAsync(http.Request.Headers["Prefer"]))
            {
                // The job takes over the import slot and the received file; both are released when the import ends.
                var job = StartJob(http, dataSource, jobs, log, request, slot, file);
                (slot, file) = (null, null);
                http.Response.Headers["Preference-Applied"] = "respond-async";
                return TypedResults.Accepted(job.Location, job.ToJson());
            }
            var result = await DatasetImporter.ImportAsync(dataSource, request, ct);
            return Answer(slug, result);
        }
        finally
        {
            file?.Dispose();
            slot?.Dispose();
        }
    }

    /// <summary>The synchronous answer to an import: 201 with the report and the dataset's location, or the problem.</summary>
    private static Results<Created<JsonObject>, Accepted<JsonObject>, ProblemHttpResult> Answer(string slug, ImportResult result)
    {
        var document = result.ToJson(slug);
        if (result.Dataset is { } dataset) return TypedResults.Created(DatasetUrl(slug, dataset.Id), document);
        return Rejected(result.Report, document);
    }

    private static string DatasetUrl(string slug, long id) => $"/api/projects/{slug}/datasets/{id}";

    /// <summary>
    /// Runs the import in the background under the server's shutdown token (not the request's: the client goes away
    /// after the 202). The job ends finished with the 201's body, or failed with the problem the request would have got.
    /// </summary>
    private static ImportJob StartJob(HttpContext http, NpgsqlDataSource dataSource, ImportJobs jobs, ILogger log, ImportRequest request,
        IDisposable slot, UploadedFile file)
    {
        var ownerKey = long.Parse(http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var traceId = http.TraceIdentifier;
        var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var progress = new ImportProgress();
        var job = new ImportJob(ownerKey, request.ProjectSlug, request.Options.Role.ToSlug(), file.OriginalName, progress);
        var interrupted = () => ProblemJson(ProblemSetup.Problem(503, ErrorCodes.Interrupted, "The import was interrupted.",
            $"The server shut down while {file.OriginalName} was being imported; nothing of it was stored. Upload it again."), traceId, json);
        jobs.Start(job, async stopping =>
        {
            // The job ends after its slot and file are released, so a client that sees it finished can import again at once.
            Action end;
            using (slot)
            using (file)
            {
                try
                {
                    var result = await DatasetImporter.ImportAsync(dataSource, request with { Progress = progress }, stopping);
                    if (Answer(request.ProjectSlug, result).Result is Created<JsonObject> created)
                        end = () => job.Finish(created.Value!, created.Location!);
                    else if (stopping.IsCancellationRequested)
                        end = () => job.Fail(interrupted()); // whatever the cut-off reader made of it, the file was not at fault
                    else
                    {
                        var rejected = ProblemJson(Rejected(result.Report, result.ToJson(request.ProjectSlug)), traceId, json);
                        end = () => job.Fail(rejected);
                    }
                }
                catch (Exception) when (stopping.IsCancellationRequested)
                {
                    // Cancelled by the shutdown (or failing because of it: a COPY cut off): rolled back, nothing stored.
                    end = () => job.Fail(interrupted());
                }
                catch (Exception e)
                {
                    // What the request would have answered through the exception handler: 503 for the database, else 500.
                    var database = e is NpgsqlException or TimeoutException;
                    log.Log(database ? LogLevel.Warning : LogLevel.Error, e, "Import job {Job} of {File} into {Project} failed", job.Id, file.OriginalName,
                        request.ProjectSlug);
                    var problem = ProblemJson(database
                        ? ProblemSetup.Problem(503, ErrorCodes.DatabaseUnavailable, "The database is not available.",
                            $"{file.OriginalName} was not imported; nothing of it was stored. Upload it again when the database is back.")
                        : ProblemSetup.Problem(500, ErrorCodes.Internal, "Internal error.",
                            $"{file.OriginalName} was not imported; nothing of it was stored. The server's log has the details (trace id {traceId})."),
                        traceId, json);
                    end = () => job.Fail(problem);
                }
            }
            end();
        });
        return job;
    }

    /// <summary>The problem document as the response would carry it (RFC 9457 members, our code, the request's trace id).</summary>
    private static JsonObject ProblemJson(ProblemHttpResult problem, string traceId, System.Text.Json.JsonSerializerOptions json)
    {
        var details = problem.ProblemDetails;
        details.Extensions.TryAdd("traceId", traceId);
        return (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(details, json)!;
    }

    private static ProblemHttpResult Refused(UploadFailure failure, ImportSettings settings) => failure switch
    {
        UploadFailure.NotMultipart => ProblemSetup.Problem(415, ErrorCodes.UnsupportedMediaType, "Send the file as multipart/form-data.",
            "Upload one file part, e.g. curl -F file=@settlements.geojson."),
        UploadFailure.NoFile => Invalid("The request has no file part."),
        _ => ProblemSetup.Problem(413, ErrorCodes.FileTooLarge, "The file is too large.",
            $"One upload may be at most {settings.MaxUploadBytes / (1024 * 1024)} MB."),
    };

    /// <summary>422 with the full report; 415 or 413 when the only problem is the format or the size.</summary>
    private static ProblemHttpResult Rejected(ImportReport report, JsonObject document)
    {
        var fileLevel = report.Problems.Where(p => p.Feature is null).Select(p => p.Code).Distinct().ToList();
        var (status, code) = fileLevel switch
        {
            [ErrorCodes.UnsupportedFormat] => (415, ErrorCodes.UnsupportedMediaType),
            [ErrorCodes.FileTooLarge] => (413, ErrorCodes.FileTooLarge),
            [ErrorCodes.Conflict] => (409, ErrorCodes.Conflict),
            _ => (422, ErrorCodes.InvalidFile),
        };
        var first = report.Problems.FirstOrDefault()?.Message;
        return ProblemSetup.Problem(status, code, $"{report.File} was not imported; nothing was stored.",
            $"{report.Rejected} of {report.Features} features rejected. {first}".Trim(),
            new Dictionary<string, object?> { ["problems"] = document["problems"], ["report"] = document });
    }

    private static ImportOptions? ParseOptions(IQueryCollection q, DatasetRole role, ImportSettings settings)
    {
        int? srid = null;
        if (q["srid"] is { Count: > 0 } s)
        {
            if (!int.TryParse(s, out var v) || v <= 0) return null;
            srid = v;
        }
        Tech? tech = null;
        if (q["tech"] is { Count: > 0 } t)
        {
            if (!Techs.TryParse(t, out var v)) return null;
            tech = v;
        }
        double? range = null;
        if (q["defaultRangeM"] is { Count: > 0 } r)
        {
            if (!double.TryParse(r, System.Globalization.CultureInfo.InvariantCulture, out var v) || !(v > 0)) return null;
            range = v;
        }
        Network? network = null;
        if (q["network"] is { Count: > 0 } nw)
        {
            if (!Networks.TryParse(nw, out var v)) return null;
            network = v;
        }
        double? perBuilding = null, perM2 = null;
        if (q["peoplePerBuilding"] is { Count: > 0 } pb)
        {
            if (!double.TryParse(pb, System.Globalization.CultureInfo.InvariantCulture, out var v) || !(v > 0) || !double.IsFinite(v)) return null;
            perBuilding = v;
        }
        if (q["peoplePerM2"] is { Count: > 0 } pm)
        {
            if (!double.TryParse(pm, System.Globalization.CultureInfo.InvariantCulture, out var v) || !(v > 0) || !double.IsFinite(v)) return null;
            perM2 = v;
        }
        var clipMargin = ImportOptions.DefaultClipMarginM;
        if (q["clipMarginM"] is { Count: > 0 } cm)
        {
            if (!double.TryParse(cm, System.Globalization.CultureInfo.InvariantCulture, out clipMargin) || !(clipMargin >= 0) || !double.IsFinite(clipMargin)
                || q.ContainsKey("noClip")) return null;
        }
        IReadOnlyDictionary<string, string> mapping;
        try
        {
            mapping = ImportOptions.ParseMapping(q["map"].Where(m => m is not null).Select(m => m!));
        }
        catch (ArgumentException)
        {
            return null;
        }
        return new ImportOptions
        {
            Role = role,
            Srid = srid,
            Tech = tech,
            DefaultRangeM = range,
            Period = q["period"].FirstOrDefault(),
            Network = network,
            Kind = q["kind"].FirstOrDefault(),
            Mapping = mapping,
            PeoplePerBuilding = perBuilding,
            PeoplePerM2 = perM2,
            Repair = IsTrue(q["repair"]),
            SkipInvalid = IsTrue(q["skipInvalid"]),
            ClipMarginM = clipMargin,
            NoClip = IsTrue(q["noClip"]),
            Limits = settings.ToLimits(),
        };
    }

    private static string OptionsError(IQueryCollection q) =>
        "Invalid query: srid must be a positive EPSG code, tech one of 2G, 3G, 4G, 5G, fixed, defaultRangeM, peoplePerBuilding and peoplePerM2 positive numbers, " +
        $"network fixed or mobile, clipMarginM metres ≥ 0 (not with noClip), and each map target=source (got srid={q["srid"]}, tech={q["tech"]}, " +
        $"defaultRangeM={q["defaultRangeM"]}, network={q["network"]}, clipMarginM={q["clipMarginM"]}, map={q["map"]}).";

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues v) =>
        v.Count > 0 && (v[0] is "" or "1" || string.Equals(v[0], "true", StringComparison.OrdinalIgnoreCase));

    private static ProblemHttpResult Invalid(string detail) =>
        ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Invalid request.", detail);
}
