namespace DivideMapper.Formats.Import;

/// <summary>
/// The stable problem codes of an import report, in one place. They are part of the contract with the CLI, the
/// HTTP API (RFC 9457 <c>code</c>) and stored reports: add new ones, never rename.
/// </summary>
public static class ProblemCodes
{
    // Geometry, per feature.
    public const string InvalidGeometry = "invalid-geometry";
    public const string SelfIntersection = "self-intersection";
    public const string UnclosedRing = "unclosed-ring";
    public const string EmptyGeometry = "empty-geometry";
    public const string NonFiniteCoordinate = "non-finite-coordinate";
    public const string WrongGeometryType = "wrong-geometry-type";
    public const string OutOfRangeCoordinate = "out-of-range-coordinate";
    public const string PossiblySwappedAxes = "possibly-swapped-axes";
    public const string QuadkeyMismatch = "quadkey-mismatch";

    // Attributes, per feature.
    public const string DuplicateId = "duplicate-id";
    public const string MissingAttribute = "missing-attribute";
    public const string InvalidValue = "invalid-value";
    public const string MalformedRecord = "malformed-record";
    public const string Encoding = "encoding";

    // The file as a whole.
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
    public const string CorruptRaster = "corrupt-raster";
    public const string UnsupportedRaster = "unsupported-raster";

    /// <summary>Every code above, for documentation and tests.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        InvalidGeometry, SelfIntersection, UnclosedRing, EmptyGeometry, NonFiniteCoordinate, WrongGeometryType,
        OutOfRangeCoordinate, PossiblySwappedAxes, QuadkeyMismatch, DuplicateId, MissingAttribute, InvalidValue,
        MalformedRecord, Encoding, UnknownCrs, UnreadableFile, UnsupportedFormat, FileTooLarge, ZipBomb,
        UnsafeZipEntry, TooManyFeatures, MismatchedRecordCount, NoGeometryColumn, NoFeatures, CorruptRaster, UnsupportedRaster,
    ];
}
