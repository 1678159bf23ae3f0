using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Access;
using DivideMapper.Web.Access;
using DivideMapper.Web.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace DivideMapper.Web.Endpoints;

/// <summary>API keys and the audit trail (admin only, DESIGN §8).</summary>
public static class KeyEndpoints
{
    public sealed record CreateKey(string? Role, string? Label);

    /// <summary>The new key: <c>token</c> is shown this once and cannot be recovered.</summary>
    public sealed record CreatedKey(long Id, string Role, string? Label, string Token);

    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys").WithTags("Keys").RequireAdmin();
        keys.MapGet("/", ListAsync).WithSummary("All API keys (never their secrets), revoked ones with their revocation time.");
        keys.MapPost("/", CreateAsync).Audited("key.create")
            .WithSummary("Create a key: role viewer, analyst or admin, optional label. The token is in this answer only.");
        keys.MapDelete("/{id:long}", RevokeAsync).Audited("key.revoke").WithSummary("Revoke a key at once.");
        app.MapGet("/api/audit", AuditAsync).WithTags("Keys").RequireAdmin()
            .WithSummary("The newest audit entries (who, what, when, target, outcome); limit 1–1000, default 100.");
        return app;
    }

    internal static async Task<Ok<List<ApiKeyInfo>>> ListAsync(NpgsqlDataSource dataSource, CancellationToken ct) =>
        TypedResults.Ok(await ApiKeys.ListAsync(dataSource, ct));

    internal static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> CreateAsync(CreateKey body, HttpContext http,
        NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (!AccessRoles.TryParse(body.Role, out var role))
            return ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Invalid role.", $"role must be one of {string.Join(", ", AccessRoles.Slugs)}.");
        if (body.Label is { Length: > 200 })
            return ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Label too long.", "A label has at most 200 characters.");
        var key = await ApiKeys.CreateAsync(dataSource, role, body.Label?.Replace('\0', ' '), AccessControl.ActorOf(http.User), ct);
        // The token must not be cached by anything between us and the admin.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/keys/{key.Id}", new CreatedKey(key.Id, role.ToSlug(), key.Label, key.Token));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(long id, NpgsqlDataSource dataSource, CancellationToken ct) =>
        await ApiKeys.RevokeAsync(dataSource, id, ct)
            ? TypedResults.NoContent()
            : ProblemSetup.Problem(404, ErrorCodes.NotFound, "Unknown key.", $"There is no active key {id}.");

    internal static async Task<Results<Ok<List<AuditLog.AuditRow>>, ProblemHttpResult>> AuditAsync(NpgsqlDataSource dataSource,
        CancellationToken ct, int? limit = null)
    {
        if (limit is < 1 or > 1000)
            return ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Invalid limit.", "limit must be 1–1000.");
        return TypedResults.Ok(await AuditLog.RecentAsync(dataSource, limit ?? 100, ct));
    }
}
