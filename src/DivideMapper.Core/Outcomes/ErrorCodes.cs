namespace DivideMapper.Core.Outcomes;

/// <summary>
/// Every stable error code of DivideMapper, in one place: the <c>code</c> of an import report's problems, of an
/// RFC 9457 problem over HTTP, and of a <see cref="Refusal"/> the CLI turns into its message and exit code. Clients
/// and stored reports depend on them: add new ones, never rename. Each client maps a code to its own status
/// (Web: <c>ProblemStatus</c>; CLI: <c>ExitCodes.For</c>).
/// </summary>
public static class ErrorCodes
{
    // Requests, any client.
    public const string NotFound = "not-found";
    public const string BadRequest = "bad-request";
    public const string InvalidParameter = "invalid-parameter";
    /// <summary>An OGC API filter that is not CQL2-text the server accepts (syntax, unknown property, type mismatch).</summary>
    public const string InvalidFilter = "invalid-filter";
    public const string Conflict = "conflict";
    public const string DatabaseUnavailable = "database-unavailable";
    public const string Internal = "internal-error";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string InvalidFile = "invalid-file";

    // Access and load (DESIGN §8).
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string TooManyRequests = "too-many-requests";
    /// <summary>All import slots are taken; retry after the Retry-After.</summary>
    public const string Busy = "busy";
    /// <summary>The project already has a run in progress (one run per project at a time).</summary>
    public const string RunInProgress = "run-in-progress";

    // Runs as jobs (DESIGN §8): a failed run's error_code, and what its endpoints answer.
    /// <summary>The run's results were asked for before it finished (queued, running or failed).</summary>
    public const string RunNotFinished = "run-not-finished";
    /// <summary>Cancelling a run that has already finished or failed.</summary>
    public const string RunEnded = "run-ended";
    /// <summary>A failed run's code: it was cancelled (POST /api/runs/{id}/cancel).</summary>
    public const string Cancelled = "cancelled";
    /// <summary>A failed run's code: the process running it stopped (killed, or shut down) before it finished.</summary>
    public const string Interrupted = "interrupted";
    /// <summary>A failed run's code: the analysis or the storing of its results threw.</summary>
    public const string AnalysisFailed = "analysis-failed";

    // What a request names and we do not have, or cannot use.
    public const string UnknownProject = "unknown-project";
    public const string UnknownRun = "unknown-run";
    /// <summary>An import job id this server does not hold for the caller's key (never started, expired, or another key's).</summary>
    public const string UnknownImport = "unknown-import";
    public const string UnknownProfile = "unknown-profile";
    public const string InvalidProfile = "invalid-profile";
    /// <summary>Nothing to analyse (a project without settlements).</summary>
    public const string NoData = "no-data";

    // Import problems: geometry, per feature.
    public const string InvalidGeometry = "invalid-geometry";
    public const string SelfIntersection = "self-intersection";
    public const string UnclosedRing = "unclosed-ring";
    public const string EmptyGeometry = "empty-geometry";
    public const string NonFiniteCoordinate = "non-finite-coordinate";
    public const string WrongGeometryType = "wrong-geometry-type";
    public const string OutOfRangeCoordinate = "out-of-range-coordinate";
    public const string PossiblySwappedAxes = "possibly-swapped-axes";
    public const string QuadkeyMismatch = "quadkey-mismatch";

    // Import problems: attributes, per feature.
    public const string DuplicateId = "duplicate-id";
    public const string MissingAttribute = "missing-attribute";
    public const string InvalidValue = "invalid-value";
    public const string MalformedRecord = "malformed-record";
    public const string Encoding = "encoding";

    // Import problems: the file as a whole.
    public const string UnknownCrs = "unknown-crs";
    public const string UnreadableFile = "unreadable-file";
    public const string UnsupportedFormat = "unsupported-format";
    public const string FileTooLarge = "file-too-large";
    public const string ZipBomb = "zip-bomb";
    public const string UnsafeZipEntry = "unsafe-zip-entry";
    public const string TooManyFeatures = "too-many-features";
    public const string MismatchedRecordCount = "mismatched-record-count";
    public const string NoGeometryColumn = "no-geometry-column";
    public const string NoFeatures = "no-features";
    /// <summary>A raster whose tiles or strips cannot be decoded (corrupt or truncated).</summary>
    public const string CorruptRaster = "corrupt-raster";
    /// <summary>A raster we do not read (sample type, warped grid, a strip too large to stream).</summary>
    public const string UnsupportedRaster = "unsupported-raster";

    /// <summary>The codes an import report's problems may carry, for documentation and tests.</summary>
    public static IReadOnlyList<string> ImportProblems { get; } =
    [
        InvalidGeometry, SelfIntersection, UnclosedRing, EmptyGeometry, NonFiniteCoordinate, WrongGeometryType,
        OutOfRangeCoordinate, PossiblySwappedAxes, QuadkeyMismatch, DuplicateId, MissingAttribute, InvalidValue,
        MalformedRecord, Encoding, UnknownCrs, UnreadableFile, UnsupportedFormat, FileTooLarge, ZipBomb,
        UnsafeZipEntry, TooManyFeatures, MismatchedRecordCount, NoGeometryColumn, NoFeatures, CorruptRaster, UnsupportedRaster,
    ];
}
