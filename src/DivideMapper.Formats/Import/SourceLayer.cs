using DivideMapper.Core.Outcomes;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Import;

/// <summary>One feature as a reader found it: geometry in the file's CRS (null when absent or unreadable) and raw attributes.</summary>
internal sealed class SourceFeature(int index, Geometry? geometry, FeatureAttributes attributes, string? id = null)
{
    public SourceFeature(int index, Geometry? geometry, Dictionary<string, object?> attributes, string? id = null)
        : this(index, geometry, new FeatureAttributes(attributes), id)
    {
    }

    /// <summary>1-based feature number or data row number, as the analyst would count it.</summary>
    public int Index { get; } = index;
    public Geometry? Geometry { get; set; } = geometry;
    public FeatureAttributes Attributes { get; } = attributes;
    public string? Id { get; set; } = id;

    /// <summary>Set when the geometry could not even be built (reason already reported as a problem).</summary>
    public bool GeometryFailed { get; set; }
}

/// <summary>What a reader hands to the pipeline: features in the source CRS, the declared CRS, and what went wrong.</summary>
internal sealed class SourceLayer
{
    public required string Format { get; set; }

    /// <summary>The features kept in memory: all of them, unless the reader handed them over to a row stream.</summary>
    public List<SourceFeature> Features { get; } = [];

    /// <summary>Every feature read, kept or handed over.</summary>
    public int FeatureCount => Features.Count + _handedOver;

    /// <summary>The first feature read (the pipeline recognises Ookla tiles by its fields).</summary>
    public SourceFeature? First => _first ?? (Features.Count > 0 ? Features[0] : null);

    private int _handedOver;
    private SourceFeature? _first;

    /// <summary>
    /// Adds a feature read; one handed over to the pipeline's row stream (<see cref="ReadContext.BeginRows"/>) is only
    /// counted, not kept, so a streamed file of any size needs the memory of a few rows.
    /// </summary>
    public void Add(SourceFeature feature, bool handedOver)
    {
        if (!handedOver)
        {
            Features.Add(feature);
            return;
        }
        _first ??= feature;
        _handedOver++;
    }

    /// <summary>The CRS the file declares (a legacy GeoJSON crs name, .prj WKT, GDAL's WKT), or null.</summary>
    public string? DeclaredCrs { get; set; }

    /// <summary>A CRS already resolved by the reader (GDAL output it reprojected itself), wins over <see cref="DeclaredCrs"/>.</summary>
    public Crs.SourceCrs? ResolvedCrs { get; set; }

    public List<string> Warnings { get; } = [];

    /// <summary>Rows a reader left out before validation because they lie outside the project area (streamed formats).</summary>
    public long OutsideProjectArea { get; set; }
    /// <summary>The id field name the reader found (for messages), if any.</summary>
    public string? IdField { get; set; }

    /// <summary>
    /// Set by a reader that streamed rows on what the beginning of the file showed (<see cref="ReadContext.StreamOnPrefix"/>)
    /// when the rest contradicted it: its rows and problems do not stand, and the pipeline reads the file again without
    /// that shortcut.
    /// </summary>
    public bool PrefixMisled { get; set; }
}

/// <summary>What every reader gets: the analyst's options, the shared problem list and a private temp folder.</summary>
internal sealed class ReadContext(string fileName, ImportOptions options, ProblemList problems, string tempDirectory, CancellationToken cancellationToken)
{
    /// <summary>The name the analyst knows the file by (the upload's name, not our temp path).</summary>
    public string FileName { get; } = fileName;
    public ImportOptions Options { get; } = options;
    public ProblemList Problems { get; } = problems;
    public string TempDirectory { get; } = tempDirectory;
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Where readers report rows read and bytes consumed, every 1,024 rows (never per row: see <see cref="ImportProgress"/>).</summary>
    public ImportProgress Progress { get; init; } = new();

    /// <summary>
    /// Set by the pipeline to validate rows while they are still being read: a reader whose rows all have exactly the
    /// given field names, in the given CRS, calls it once before the first row and hands each finished row to what it
    /// returns (null: don't). Readers whose files declare no CRS pass WGS 84; one that declares a CRS passes what
    /// <see cref="ResolveCrsAsync"/> gave. The reader adds a row it handed over with <see cref="SourceLayer.Add"/>
    /// (counted, not kept) and must not change it afterwards; the pipeline reads the file again, without streaming, if
    /// it needs every row at the end.
    /// </summary>
    public Func<IReadOnlyList<string>, Crs.SourceCrs, Action<SourceFeature>?>? BeginRows { get; set; }

    /// <summary>
    /// Set with <see cref="BeginRows"/>: resolves the CRS the layer declares (<see cref="SourceLayer.DeclaredCrs"/>,
    /// WGS 84 when none) before its first row, so that a reader of a file with a declared CRS (a Shapefile's .prj) can
    /// stream too. The pipeline uses this same result after reading (its warnings and an unknown-crs problem are
    /// reported then, in the usual order); null means unknown: don't stream.
    /// </summary>
    public Func<SourceLayer, Task<Crs.SourceCrs?>>? ResolveCrsAsync { get; set; }

    /// <summary>
    /// Set with <see cref="BeginRows"/>: whether the rows handed over so far still stand when the file's field names are
    /// <c>fields</c> (those given to <see cref="BeginRows"/> and, after them, new ones a later row brought). False when
    /// the new names change the field mapping.
    /// </summary>
    public Func<IReadOnlyList<string>, bool>? RowsStandWithFields { get; set; }

    /// <summary>
    /// Whether a reader may start streaming on what a bounded prefix of the file shows (a GeoJSON FeatureCollection's
    /// field names and the absence of a crs member) and set <see cref="SourceLayer.PrefixMisled"/> when the rest
    /// contradicts it. Off when the pipeline reads the file again after that happened.
    /// </summary>
    public bool StreamOnPrefix { get; init; } = true;

    /// <summary>Stops reading with a too-many-features problem once the cap is passed.</summary>
    public bool OverFeatureCap(int count)
    {
        if (count <= Options.Limits.MaxFeatures) return false;
        Problems.File(ErrorCodes.TooManyFeatures,
            $"the file has more than {Options.Limits.MaxFeatures:N0} features, the most one import takes; split it into smaller files.");
        return true;
    }
}
