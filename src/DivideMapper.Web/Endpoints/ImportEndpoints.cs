using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Access;
using DivideMapper.Web.Access;
using DivideMapper.Web.Hosting;
using DivideMapper.Web.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DivideMapper.Web.Endpoints;

/// <summary>
/// Import jobs: an upload sent with <c>Prefer: respond-async</c> answers 202 with <c>Location: /api/imports/{id}</c>,
/// and this is where its client polls it. Jobs live in the serving process's memory (<see cref="ImportJobs"/>).
/// </summary>
public static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/imports/{id}", Get).WithTags("Datasets")
            .WithSummary("An import job (analyst; only the key that started it, or an admin): status (queued, reading, storing, finished, failed), " +
                         "phase, progress 0..1, rowsRead, rowsStored, startedAt, finishedAt; when finished the upload's 201 report and the dataset's URL, " +
                         "when failed the problem document the upload would have answered with. Jobs are kept in the server's memory for an hour after " +
                         "they end (Import:JobRetentionMinutes); an unknown, expired or another key's job is 404 unknown-import.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAnalyst();
        return app;
    }

    internal static Results<Ok<JsonObject>, ProblemHttpResult> Get(string id, HttpContext http, ImportJobs jobs)
    {
        // Another key's job answers exactly as one that does not exist: the id says nothing about other analysts' work.
        if (jobs.Find(id) is { } job && (job.OwnerKeyId == KeyIdOf(http.User) || AccessControl.Has(http.User, AccessRole.Admin)))
            return TypedResults.Ok(job.ToJson());
        return ProblemSetup.Refused(new Refusal(ErrorCodes.UnknownImport,
            $"There is no import {id} for this key: it was never started, was started with another key, or ended more than the retention ago " +
            "(import jobs live in the server's memory, so a restart forgets them; the datasets they stored stay)."));
    }

    private static long? KeyIdOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
