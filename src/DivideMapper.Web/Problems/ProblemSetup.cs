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
            if (!problem.Extensions.ContainsKey("code"))
                problem.Extensions["code"] = CodeForStatus(problem.Status ?? context.HttpContext.Response.StatusCode, context.Exception);
        });

    private static string CodeForStatus(int status, Exception? exception) => status switch
    {
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status400BadRequest => ErrorCodes.BadRequest,
        StatusCodes.Status409Conflict => ErrorCodes.Conflict,
        StatusCodes.Status413PayloadTooLarge => ErrorCodes.FileTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
        StatusCodes.Status503ServiceUnavailable => ErrorCodes.DatabaseUnavailable,
        _ when exception is Npgsql.NpgsqlException => ErrorCodes.DatabaseUnavailable,
        _ => status >= 500 ? ErrorCodes.Internal : ErrorCodes.BadRequest,
    };

    /// <summary>An expected refusal from Data or Core as a problem: the status its code has over HTTP, its message as the detail.</summary>
    public static ProblemHttpResult Refused(Refusal refusal, string? title = null)
    {
        var (status, defaultTitle) = StatusFor(refusal.Code);
        return Problem(status, refusal.Code, title ?? defaultTitle, refusal.Message);
    }

    /// <summary>The HTTP status and default title of a code of the one catalogue (<see cref="ErrorCodes"/>).</summary>
    public static (int Status, string Title) StatusFor(string code) => code switch
    {
        ErrorCodes.UnknownProject => (404, "Unknown project."),
        ErrorCodes.UnknownRun => (404, "Unknown run."),
        ErrorCodes.NotFound => (404, "Not found."),
        ErrorCodes.UnknownProfile => (400, "Unknown profile."),
        ErrorCodes.InvalidProfile => (400, "Invalid profile."),
        ErrorCodes.NoData => (422, "Nothing to analyse."),
        ErrorCodes.InvalidFile => (422, "The file was not imported."),
        ErrorCodes.Conflict => (409, "Conflict."),
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

    /// <summary>Maps exceptions that are the client's doing (bad JSON, oversized body) to 4xx instead of 500.</summary>
    public static async ValueTask<bool> TryHandleClientErrorAsync(HttpContext http, Exception exception, IProblemDetailsService problems)
    {
        var (status, code, title) = exception switch
        {
            BadHttpRequestException { StatusCode: 413 } => (413, ErrorCodes.FileTooLarge, "The request body is too large."),
            BadHttpRequestException e => (e.StatusCode, ErrorCodes.BadRequest, "The request could not be read."),
            Npgsql.NpgsqlException => (503, ErrorCodes.DatabaseUnavailable, "The database is not available."),
            _ => (0, "", ""),
        };
        if (status == 0) return false;
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title };
        problem.Extensions["code"] = code;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}

/// <summary>Routes client errors through <see cref="ProblemSetup.TryHandleClientErrorAsync"/>; the rest fall to the default 500.</summary>
public sealed class ClientErrorExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken) =>
        ProblemSetup.TryHandleClientErrorAsync(httpContext, exception, problems);
}
