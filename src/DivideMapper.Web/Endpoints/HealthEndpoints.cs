using DivideMapper.Data;
using DivideMapper.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace DivideMapper.Web.Endpoints;

public static class HealthEndpoints
{
    public sealed record DatabaseHealth(string State, string Mode, string? Postgres, string? Postgis, bool Migrated, string? Error);
    public sealed record Health(string Status, string Version, DatabaseHealth Database);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth)
            .WithName("Health").WithTags("Service")
            .WithSummary("Service and database state, with the PostgreSQL and PostGIS versions.");
        return app;
    }

    /// <summary>200 when the database answers and PostGIS is there; 503 otherwise, with the reason.</summary>
    internal static async Task<Results<Ok<Health>, JsonHttpResult<Health>>> GetHealth(
        IServiceProvider services, DatabaseStartup startup, CancellationToken cancellationToken)
    {
        var version = AppVersion.Current;
        var dataSource = services.GetService<NpgsqlDataSource>();
        if (dataSource is null)
            return Unavailable(version, new DatabaseHealth("down", startup.Mode, null, null, false, startup.Error ?? "No database configured."));
        try
        {
            var server = await ServerVersions.ReadAsync(dataSource, cancellationToken);
            var db = new DatabaseHealth("ok", startup.Mode, server.Postgres, server.Postgis, startup.Migrated, startup.Error);
            return startup.Migrated ? TypedResults.Ok(new Health("ok", version, db)) : Unavailable(version, db with { State = "unmigrated" });
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The reason is useful to an operator; it names no secret (the connection string is never echoed).
            return Unavailable(version, new DatabaseHealth("down", startup.Mode, null, null, startup.Migrated, e.Message));
        }
    }

    private static JsonHttpResult<Health> Unavailable(string version, DatabaseHealth db) =>
        TypedResults.Json(new Health("unavailable", version, db), statusCode: StatusCodes.Status503ServiceUnavailable);
}
