using DivideMapper.Core.Outcomes;
using DivideMapper.Web.Problems;
using Microsoft.AspNetCore.Mvc;

namespace DivideMapper.Web.Hosting;

/// <summary>
/// When the database could not even be reached at start, every data route answers 503 with a problem instead of
/// failing on a missing service; /health, the map page and the docs still work and say why.
/// </summary>
public static class DatabaseUnavailable
{
    private static readonly string[] DataRoutes = ["/api", "/ogc", "/tiles"];

    public static WebApplication UseDatabaseUnavailable(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (!DataRoutes.Any(r => http.Request.Path.StartsWithSegments(r)))
            {
                await next(http);
                return;
            }
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            var problem = new ProblemDetails
            {
                Status = 503,
                Title = "The database is not available.",
                Detail = "The service started without its database; see /health.",
            };
            problem.Extensions["code"] = ErrorCodes.DatabaseUnavailable;
            problem.Extensions[ProblemSetup.RetryAfterExtension] = 30;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
        });
        return app;
    }
}
