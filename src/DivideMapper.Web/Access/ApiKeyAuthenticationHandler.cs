using DivideMapper.Core.Outcomes;
using System.Security.Claims;
using System.Text.Encodings.Web;
using DivideMapper.Data.Access;
using DivideMapper.Web.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DivideMapper.Web.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer dm_…</c> API keys (DESIGN §8) and nothing else: no cookies (so no CSRF:
/// a page on another origin cannot make the browser attach a key) and no key in the query string (it would end up
/// in logs and Referer headers). No header means anonymous; a header that does not hold a valid key is refused with
/// 401 even where anonymous access would do, so a client with a revoked or mistyped key learns so at once.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "dm:key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Send the API key as Authorization: Bearer <key>.");
        var token = header["Bearer ".Length..].Trim();
        if (Context.RequestServices.GetService<NpgsqlDataSource>() is not { } dataSource)
            return AuthenticateResult.Fail("Keys cannot be checked: the service runs without its database.");
        // A database error propagates: the exception handler answers 503 with Retry-After, not 401.
        if (await ApiKeys.VerifyAsync(dataSource, token, Context.RequestAborted) is not { } key)
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, $"key:{key.Id}"),
            new Claim(KeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Role, key.Role.ToSlug()),
            new Claim(ClaimTypes.Name, key.Label ?? $"key {key.Id}"),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await Context.AuthenticateAsync(SchemeName)).Failure?.Message;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteAsync(401, ErrorCodes.Unauthorized, "An API key is required.",
            failure ?? "Send a key with the needed role as Authorization: Bearer <key> (./dm keys create --role analyst).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteAsync(403, ErrorCodes.Forbidden, "This key's role may not do that.",
            $"The key has the role '{Context.User.FindFirstValue(ClaimTypes.Role)}'; {RequiredRole(Context)} is needed.");

    private static string RequiredRole(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>()?.Policy ?? "another role";

    private Task WriteAsync(int status, string code, string title, string detail)
    {
        Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        return Context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem }).AsTask();
    }
}
