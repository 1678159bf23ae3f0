using DivideMapper.Core.Outcomes;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DivideMapper.Web.Problems;

/// <summary>
/// Every error leaves as RFC 9457 problem details with a stable <c>code</c>. What the user sees is separate from
/// what is logged: an unhandled exception is logged with its stack, the client gets a 500 with a trace id only.
/// </summary>
public static class ProblemSetup
{
    public static IServiceCollection AddDivideMapperProblems(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
            // A refusal that passes with time (busy, rate limited, database restarting) says when to retry, in the
            // header clients and proxies read as well as in the document.
            if (problem.Extensions.TryGetValue(RetryAfterExtension, out var retry) && retry is int seconds && !context.HttpContext.Response.HasStarted)
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!problem.Extensions.ContainsKey("code"))
                problem.Extensions["code"] = CodeForStatus(problem.Status ?? context.HttpContext.Response.StatusCode, context.Exception);
        });

    /// <summary>Problem member (int seconds) that also sets the Retry-After header.</summary>
    public const string RetryAfterExtension = "retryAfterSeconds";

    private static string CodeForStatus(int status, Exception? exception) => status switch
    {
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status400BadRequest => ErrorCodes.BadRequest,
        StatusCodes.Status409Conflict => ErrorCodes.Conflict,
        StatusCodes.Status413PayloadTooLarge => ErrorCodes.FileTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
        StatusCodes.Status503ServiceUnavailable => ErrorCodes.DatabaseUnavailable,
        _ when Unwrapped(exception) is Npgsql.NpgsqlException and not Npgsql.PostgresException => ErrorCodes.DatabaseUnavailable,
        _ => status >= 500 ? ErrorCodes.Internal : ErrorCodes.BadRequest,
    };

    /// <summary>An expected refusal from Data or Core as a problem: the status its code has over HTTP, its message as the detail.</summary>
    public static ProblemHttpResult Refused(Refusal refusal, string? title = null)
    {
        var (status, defaultTitle) = StatusFor(refusal.Code);
        // Refusals that pass with time say when to retry (Retry-After, via CustomizeProblemDetails).
        var retry = refusal.Code switch { ErrorCodes.RunInProgress => 30, ErrorCodes.Busy => 10, ErrorCodes.RunNotFinished => 2, _ => (int?)null };
        return Problem(status, refusal.Code, title ?? defaultTitle, refusal.Message,
            retry is { } seconds ? new Dictionary<string, object?> { [RetryAfterExtension] = seconds } : null);
    }

    /// <summary>The HTTP status and default title of a code of the one catalogue (<see cref="ErrorCodes"/>).</summary>
    public static (int Status, string Title) StatusFor(string code) => code switch
    {
        ErrorCodes.UnknownProject => (404, "Unknown project."),
        ErrorCodes.UnknownRun => (404, "Unknown run."),
        ErrorCodes.UnknownImport => (404, "Unknown import."),
        ErrorCodes.NotFound => (404, "Not found."),
        ErrorCodes.UnknownProfile => (400, "Unknown profile."),
        ErrorCodes.InvalidProfile => (400, "Invalid profile."),
        ErrorCodes.NoData => (422, "Nothing to analyse."),
        ErrorCodes.InvalidFile => (422, "The file was not imported."),
        ErrorCodes.Conflict => (409, "Conflict."),
        ErrorCodes.RunInProgress => (409, "A run is in progress."),
        ErrorCodes.RunNotFinished => (409, "The run has not finished."),
        ErrorCodes.RunEnded => (409, "The run has already ended."),
        ErrorCodes.Busy => (429, "Too many imports at once."),
        ErrorCodes.TooManyRequests => (429, "Too many requests."),
        ErrorCodes.Unauthorized => (401, "An API key is required."),
        ErrorCodes.Forbidden => (403, "This key's role may not do that."),
        ErrorCodes.FileTooLarge => (413, "The file is too large."),
        ErrorCodes.UnsupportedMediaType or ErrorCodes.UnsupportedFormat => (415, "Unsupported format."),
        ErrorCodes.DatabaseUnavailable => (503, "The database is not available."),
        ErrorCodes.Internal => (500, "Internal error."),
        _ => (400, "Invalid request."),
    };

    /// <summary>A problem with our code and a plain-language detail.</summary>
    public static ProblemHttpResult Problem(int status, string code, string title, string? detail = null,
        IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        if (extensions is not null)
            foreach (var (k, v) in extensions) problem.Extensions[k] = v;
        return TypedResults.Problem(problem);
    }

    /// <summary>Writes a problem straight to the response (middleware, outside endpoint results).</summary>
    public static Task WriteAsync(HttpContext http, int status, string code, string title, string? detail = null, int? retryAfterSeconds = null)
    {
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        if (retryAfterSeconds is { } retry) problem.Extensions[RetryAfterExtension] = retry;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }).AsTask();
    }

    /// <summary>
    /// EF Core's execution strategy wraps a connection failure it deems transient in an InvalidOperationException
    /// ("likely due to a transient failure"); the database being down is the inner exception (found by
    /// bench/reliability.sh: an anonymous read during a PostgreSQL restart answered 500).
    /// </summary>
    private static Exception? Unwrapped(Exception? exception) =>
        exception is InvalidOperationException { InnerException: Npgsql.NpgsqlException or TimeoutException } wrapped ? wrapped.InnerException! : exception;

    /// <summary>Maps exceptions that are the client's doing (bad JSON, oversized body) to 4xx instead of 500.</summary>
    public static async ValueTask<bool> TryHandleClientErrorAsync(HttpContext http, Exception exception, IProblemDetailsService problems)
    {
        var (status, code, title) = Unwrapped(exception) switch
        {
            BadHttpRequestException { StatusCode: 413 } => (413, ErrorCodes.FileTooLarge, "The request body is too large."),
            BadHttpRequestException e => (e.StatusCode, ErrorCodes.BadRequest, "The request could not be read."),
            System.Text.Json.JsonException => (400, ErrorCodes.BadRequest, "The request body is not valid JSON."),
            // Class 22 (data exception: a NUL in text, a value out of range) and 23 (a constraint, e.g. a concurrent
            // duplicate) are about the request's data, not the database being down.
            Npgsql.PostgresException { SqlState: var s } when s.StartsWith("22", StringComparison.Ordinal) =>
                (422, ErrorCodes.InvalidParameter, "The database refused a value of the request."),
            Npgsql.PostgresException { SqlState: var s } when s.StartsWith("23", StringComparison.Ordinal) =>
                (409, ErrorCodes.Conflict, "The request conflicts with a concurrent change; try again."),
            Npgsql.NpgsqlException or TimeoutException => (503, ErrorCodes.DatabaseUnavailable, "The database is not available."),
            _ => (0, "", ""),
        };
        if (status == 0) return false;
        if (http.Response.HasStarted) return false; // a streamed body already went out: nothing sensible to add
        http.Response.StatusCode = status;
        // A database that is restarting comes back by itself (the pool reconnects): tell clients when to retry.
        if (status == 503) http.Response.Headers.RetryAfter = "5";
        var problem = new ProblemDetails { Status = status, Title = title };
        problem.Extensions["code"] = code;
        // A database that is restarting comes back by itself (the pool reconnects): tell clients when to retry.
        if (status == 503) problem.Extensions[RetryAfterExtension] = 5;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}

/// <summary>Routes client errors through <see cref="ProblemSetup.TryHandleClientErrorAsync"/>; the rest fall to the default 500.</summary>
public sealed class ClientErrorExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken) =>
        ProblemSetup.TryHandleClientErrorAsync(httpContext, exception, problems);
}
