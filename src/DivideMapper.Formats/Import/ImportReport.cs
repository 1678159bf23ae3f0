using System.Text.Json;
using System.Text.Json.Serialization;
using DivideMapper.Core.Outcomes;

namespace DivideMapper.Formats.Import;

/// <summary>
/// The validation report of one import: stored on the dataset (jsonb) and printed by the CLI and API.
/// Serialise with <see cref="JsonOptions"/> (camelCase).
/// </summary>
public sealed record ImportReport
{
    public required string File { get; init; }
    public required string Role { get; init; }

    /// <summary>geojson, shapefile, csv, opencellid-csv, gpkg, fgb, kml …; null when the format was not recognised.</summary>
    public string? Format { get; init; }

    /// <summary>Features read from the file.</summary>
    public int Features { get; init; }

    /// <summary>Features with at least one problem.</summary>
    public int Rejected { get; init; }

    /// <summary>Rejected features left out because the import ran with SkipInvalid.</summary>
    public int Skipped { get; init; }

    /// <summary>Rows handed on for storage (0 when not accepted).</summary>
    public int Imported { get; init; }

    public bool Accepted { get; init; }

    /// <summary>"EPSG:32737", or the name in the .prj when it has no EPSG code.</summary>
    public string? SourceCrs { get; init; }

    /// <summary>Geometry type of the rows: MultiPolygon, Point, Polygon …</summary>
    public string? GeometryType { get; init; }

    /// <summary>SHA-256 of the uploaded bytes, lower-case hex.</summary>
    public string? Sha256 { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
    public IReadOnlyList<ImportProblem> Problems { get; init; } = [];
    public IReadOnlyList<ImportRepair> Repairs { get; init; } = [];

    /// <summary>Population layers: how people were counted (a raster's cells, a value per feature, or the building rule).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PopulationRule { get; init; }

    /// <summary>A raster import: its grid, nodata and what was kept (null for vector files).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RasterSummary? Raster { get; init; }

    /// <summary>
    /// Valid rows (raster cells) not stored because they lie outside the project area (DESIGN §7: the settlements' box
    /// plus the clip margin); 0 when nothing was clipped.
    /// </summary>
    public long OutsideProjectArea { get; init; }

    /// <summary>The project area the rows were clipped to; null when the import did not clip (settlements, facilities,
    /// <c>--no-clip</c>, or a project without settlements yet).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProjectAreaSummary? ProjectArea { get; init; }

    /// <summary>Problems found beyond <see cref="ImportLimits.MaxProblemsListed"/>, counted but not listed.</summary>
    public int ProblemsNotListed { get; init; }

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? new JsonSerializerOptions(JsonOptions) { WriteIndented = true } : JsonOptions);

    public static ImportReport? FromJson(string json) => JsonSerializer.Deserialize<ImportReport>(json, JsonOptions);
}

/// <summary>
/// One thing wrong with the file or a feature. <see cref="Feature"/> is the 1-based feature index or row number,
/// null for the file as a whole; <see cref="Code"/> is one of <see cref="ErrorCodes"/>.
/// </summary>
public sealed record ImportProblem(
    int? Feature,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field,
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProblemLocation? Location = null);

/// <summary>Where a problem is, in the file's own coordinates (x = easting/longitude).</summary>
public sealed record ProblemLocation(double X, double Y)
{
    public override string ToString() => FormattableString.Invariant($"({X:0.######} {Y:0.######})");
}

/// <summary>A fix made because the import ran with Repair: what was wrong (a problem code) and what was done.</summary>
public sealed record ImportRepair(
    int Feature,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    string Code,
    string Message);

/// <summary>The project area of a clipped import: [minLon, minLat, maxLon, maxLat] (EPSG:4326) and the margin it adds.</summary>
public sealed record ProjectAreaSummary(double[] Bbox, double MarginM);

/// <summary>What a raster import read: the grid, and how many cells were kept, empty, nodata or outside the clip area.</summary>
public sealed record RasterSummary(
    int Width,
    int Height,
    string SampleType,
    string Layout,
    string? Compression,
    double? NoData,
    long CellsRead,
    long CellsKept,
    long CellsNoData,
    long CellsEmpty,
    long CellsOutsideClip,
    double PeopleKept,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? ClipBox);
