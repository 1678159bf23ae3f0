using DivideMapper.Core.Outcomes;
using System.Security.Claims;
using DivideMapper.Data.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace DivideMapper.Web.Access;

/// <summary>
/// The one access-control mechanism of the API (DESIGN §8). Endpoints declare what they need in one line:
/// <code>
/// group.MapPost("/", Create).RequireAnalyst().Audited("project.create");   // writes: a role, and an audit row
/// group.MapDelete("/{slug}", Delete).RequireAdmin().Audited("project.delete");
/// app.MapGet("/tiles/{slug}/{layer}/{z}/{x}/{y}.mvt", Tile).RequireProjectRead();          // project from {slug}
/// app.MapGet("/api/runs/{id:long}/export", Export).RequireRunRead();                      // project of run {id}
/// app.MapGet("/ogc/collections/{collectionId}/items", Items)
///    .RequireProjectRead(http => ProjectReadFilter.SlugOfCollection(http, "collectionId")); // "{slug}.results"
/// </code>
/// Reads of public projects need no key; private ones need a viewer key or better; an unknown or private project
/// looks the same to a reader without the right key (404). A read endpoint without RequireProjectRead is public to
/// everyone: the role × endpoint test (tests/DivideMapper.Web.Tests/Access) fails for any endpoint that has a
/// project or run in its route and neither check.
/// </summary>
public static class AccessControl
{
    public const string ViewerPolicy = "viewer";
    public const string AnalystPolicy = "analyst";
    public const string AdminPolicy = "admin";

    public static IServiceCollection AddDivideMapperAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ViewerPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => Has(c.User, AccessRole.Viewer)))
            .AddPolicy(AnalystPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => Has(c.User, AccessRole.Analyst)))
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => Has(c.User, AccessRole.Admin)));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditedAuthorizationResultHandler>();
        services.AddOptions<AccessSettings>().Bind(configuration.GetSection(AccessSettings.Section));
        return services;
    }

    /// <summary>Authentication, the refusal of bad keys and key-bearing query strings, then authorization.</summary>
    public static WebApplication UseDivideMapperAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(async (http, next) =>
        {
            foreach (var name in KeyQueryNames)
                if (http.Request.Query.ContainsKey(name))
                {
                    await Problems.ProblemSetup.WriteAsync(http, 400, ErrorCodes.InvalidParameter, "Keys go in the Authorization header.",
                        $"'{name}' in the query string is refused: query strings end up in logs and Referer headers. Send Authorization: Bearer <key>.");
                    return;
                }
            if (http.Request.Headers.Authorization.Count > 0 && http.User.Identity?.IsAuthenticated != true)
            {
                await http.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName);
                return;
            }
            await next(http);
        });
        // After authentication (limits are per key) and before authorization (refused floods are limited too).
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    private static readonly string[] KeyQueryNames = ["api_key", "apikey", "api-key", "access_token"];

    public static TBuilder RequireViewer<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ViewerPolicy);

    public static TBuilder RequireAnalyst<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(AnalystPolicy);

    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(AdminPolicy);

    /// <summary>The role of the request's key, or null for an anonymous request.</summary>
    public static AccessRole? RoleOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && AccessRoles.TryParse(user.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    public static bool Has(ClaimsPrincipal user, AccessRole needed) => RoleOf(user) is { } role && role.Includes(needed);

    /// <summary>May this request read private projects (a viewer key or better)?</summary>
    public static bool ReadsPrivate(ClaimsPrincipal user) => Has(user, AccessRole.Viewer);

    /// <summary>Who, for the audit table: "key:12 (label)" or "anonymous".</summary>
    public static string ActorOf(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? $"{id} ({user.FindFirstValue(ClaimTypes.Name)})" : "anonymous";
}

/// <summary>Settings bound to "Access".</summary>
public sealed class AccessSettings
{
    public const string Section = "Access";

    /// <summary>Where the first start writes an admin key (mode 600); default .data/admin.key.</summary>
    public string? AdminKeyFile { get; set; }

    /// <summary>Write a first admin key when no active admin key exists (default true).</summary>
    public bool BootstrapAdminKey { get; set; } = true;
}

/// <summary>Writes refused attempts at audited endpoints to the audit table, then answers as the default handler does.</summary>
internal sealed class AuditedAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if ((result.Challenged || result.Forbidden) && context.GetEndpoint()?.Metadata.GetMetadata<AuditedAttribute>() is { } audited)
            await AuditFilter.WriteAsync(context, audited.Action, context.Request.Path, result.Challenged ? 401 : 403, "refused: " + policy.Requirements.Count + " requirement(s) not met");
        await _default.HandleAsync(next, context, policy, result);
    }
}
