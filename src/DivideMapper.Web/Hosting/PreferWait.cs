using Microsoft.Extensions.Primitives;

namespace DivideMapper.Web.Hosting;

/// <summary>
/// The <c>wait</c> preference of RFC 7240 (<c>Prefer: wait=10</c>, also <c>Prefer: respond-async, wait=10</c>): how
/// long a client would rather wait for a run to end than get 202 and poll. Capped so a request never holds a
/// connection for long.
/// </summary>
public static class PreferWait
{
    public const int MaxSeconds = 120;
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// True when the client prefers an asynchronous answer (<c>Prefer: respond-async</c>, RFC 7240 §4.1): an upload
    /// then answers 202 with an import job to poll instead of holding the request until the import has ended.
    /// </summary>
    public static bool RespondAsync(StringValues prefer) =>
        prefer.Any(header => header is not null && header.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(token => token.Equals("respond-async", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The requested seconds (1..<see cref="MaxSeconds"/>), or null without a usable wait preference.</summary>
    public static int? Seconds(StringValues prefer)
    {
        foreach (var header in prefer)
        {
            if (header is null) continue;
            foreach (var token in header.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = token.IndexOf('=');
                if (eq < 0 || !token[..eq].Trim().Equals("wait", StringComparison.OrdinalIgnoreCase)) continue;
                if (int.TryParse(token[(eq + 1)..].Trim().Trim('"'), System.Globalization.NumberStyles.None,
                        System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
                    return Math.Min(seconds, MaxSeconds);
            }
        }
        return null;
    }
}
