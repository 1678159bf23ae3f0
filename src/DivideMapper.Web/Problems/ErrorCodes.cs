namespace DivideMapper.Web.Problems;

/// <summary>
/// Stable machine-readable codes carried as the <c>code</c> member of every RFC 9457 problem we return.
/// Clients may switch on them; never rename one.
/// </summary>
public static class ErrorCodes
{
    public const string NotFound = "not-found";
    public const string BadRequest = "bad-request";
    public const string InvalidParameter = "invalid-parameter";
    public const string Conflict = "conflict";
    public const string DatabaseUnavailable = "database-unavailable";
    public const string Internal = "internal-error";
    public const string FileTooLarge = "file-too-large";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string InvalidFile = "invalid-file";
    public const string UnknownProfile = "unknown-profile";
    public const string NoData = "no-data";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string TooManyRequests = "too-many-requests";
    public const string Busy = "busy";
    public const string RunInProgress = "run-in-progress";
    public const string InvalidHost = "invalid-host";
}
