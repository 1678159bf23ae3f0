using DivideMapper.Core.Outcomes;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using DivideMapper.Web.Problems;
using Microsoft.AspNetCore.RateLimiting;

namespace DivideMapper.Web.Hosting;

/// <summary>Limits per client (its key, or its address when anonymous), bound to "RateLimits".</summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Writes (every non-GET request) per client per minute. Default 60.</summary>
    [Range(1, 1_000_000)]
    public int WritesPerMinute { get; set; } = 60;

    /// <summary>Reads per client per minute (a map view makes about ten). Default 3000.</summary>
    [Range(1, 10_000_000)]
    public int ReadsPerMinute { get; set; } = 3000;

    /// <summary>Expensive reads (whole layers as GeoJSON, exports) per client per minute. Default 120.</summary>
    [Range(1, 1_000_000)]
    public int ExpensiveReadsPerMinute { get; set; } = 120;
}

/// <summary>
/// ASP.NET Core's rate limiter (DESIGN §8): a global limit per client on writes and on reads, and a stricter named
/// policy for expensive reads, which endpoints opt into with <c>.RequireRateLimiting(RateLimits.ExpensiveReads)</c>
/// (whole-run GeoJSON, exports, uncached tile rendering). A refusal is a 429 problem with Retry-After.
/// </summary>
public static class RateLimits
{
    public const string ExpensiveReads = "expensive-reads";

    public static IServiceCollection AddDivideMapperRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(RateLimitSettings.Section).Get<RateLimitSettings>() ?? new RateLimitSettings();
        Validator.ValidateObject(settings, new ValidationContext(settings), validateAllProperties: true);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
                await ProblemSetup.WriteAsync(context.HttpContext, 429, ErrorCodes.TooManyRequests, "Too many requests.",
                    $"This client sent more requests than the limit allows; retry in {retry} s.", Math.Max(1, retry));
            };
            // The named policy exists even when limits are off: endpoints name it, and an unknown policy fails every request.
            options.AddPolicy(ExpensiveReads, http => settings.Enabled
                ? RateLimitPartition.GetFixedWindowLimiter(ClientOf(http), _ => Window(settings.ExpensiveReadsPerMinute))
                : RateLimitPartition.GetNoLimiter(""));
            if (!settings.Enabled) return;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var write = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method);
                var perMinute = write ? settings.WritesPerMinute : settings.ReadsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter((write ? "w:" : "r:") + ClientOf(http), _ => Window(perMinute));
            });
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(int perMinute) => new()
    {
        PermitLimit = perMinute,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>The key (so one client behind a shared address is not throttled for another), else the remote address.</summary>
    private static string ClientOf(HttpContext http) =>
        http.User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? http.Connection.RemoteIpAddress?.ToString()
        ?? "unknown";

    internal static string Seconds(int s) => s.ToString(CultureInfo.InvariantCulture);
}
