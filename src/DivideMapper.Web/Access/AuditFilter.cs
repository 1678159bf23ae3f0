using DivideMapper.Data.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace DivideMapper.Web.Access;

/// <summary>Endpoint metadata: this endpoint writes, and its audit rows name <see cref="Action"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AuditedAttribute(string action) : Attribute
{
    public string Action { get; } = action;
}

/// <summary>
/// Records every write in the audit table (DESIGN §8): who (the key, or anonymous), what (the action), when (the
/// database clock), the target (the created resource's location, else the request path), the project and the
/// outcome (HTTP status). Refused attempts are recorded by <see cref="AuditedAuthorizationResultHandler"/>.
/// </summary>
public static class AuditFilter
{
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new AuditedAttribute(action));
        builder.AddEndpointFilter(async (context, next) =>
        {
            object? result;
            try
            {
                result = await next(context);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await TryWriteAsync(context.HttpContext, action, context.HttpContext.Request.Path, 500, e.GetType().Name);
                throw;
            }
            var (status, location) = Describe(result);
            await TryWriteAsync(context.HttpContext, action, location ?? context.HttpContext.Request.Path, status, null, ProjectOf(location));
            return result;
        });
        return builder;
    }

    internal static async Task WriteAsync(HttpContext http, string action, string target, int outcome, string? detail, string? project = null)
    {
        if (http.RequestServices.GetService<NpgsqlDataSource>() is not { } dataSource) return;
        project ??= http.Request.RouteValues.TryGetValue("slug", out var slug) ? slug?.ToString() : null;
        await AuditLog.WriteAsync(dataSource, new AuditRecord(AccessControl.ActorOf(http.User), action, target, project, outcome, detail),
            CancellationToken.None);
    }

    /// <summary>An audit row that cannot be written (database gone mid-request) is logged, and the answer still goes out.</summary>
    private static async Task TryWriteAsync(HttpContext http, string action, string target, int outcome, string? detail, string? project = null)
    {
        try
        {
            await WriteAsync(http, action, target, outcome, detail, project);
        }
        catch (NpgsqlException e)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DivideMapper.Audit")
                .LogError(e, "Audit row not written: {Action} {Target} by {Actor} → {Outcome}", action, target, AccessControl.ActorOf(http.User), outcome);
        }
    }

    /// <summary>The project of a created resource's location (/api/projects/{slug}…), for writes without a slug in their route.</summary>
    private static string? ProjectOf(string? location) =>
        location is not null && location.StartsWith("/api/projects/", StringComparison.Ordinal)
            ? location["/api/projects/".Length..].Split('/')[0]
            : null;

    /// <summary>The status code and, for a 201, the new resource's location, looking through Results&lt;…&gt; unions.</summary>
    private static (int Status, string? Location) Describe(object? result)
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200;
        var location = result?.GetType().GetProperty("Location")?.GetValue(result) as string;
        return (status, location);
    }
}
