using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Import;

/// <summary>What the analyst told us about a file (DESIGN §7 <c>dm import</c> flags) and the safety limits.</summary>
public sealed record ImportOptions
{
    public required DatasetRole Role { get; init; }

    /// <summary>EPSG code that wins over whatever CRS the file declares (<c>--srid</c>).</summary>
    public int? Srid { get; init; }

    /// <summary>Technology for coverage/sites when the file has no tech column (<c>--tech</c>).</summary>
    public Tech? Tech { get; init; }

    /// <summary>Range for sites whose range is 0 or blank (<c>--default-range-m</c>); null leaves the per-tech default to the analysis.</summary>
    public double? DefaultRangeM { get; init; }

    /// <summary>Period for measurements without a period column (<c>--period 2024Q1</c>).</summary>
    public string? Period { get; init; }

    /// <summary>
    /// Network of measurements without a network column (<c>--network fixed|mobile</c>); when null, the file name decides
    /// if it names one the way Ookla's files do (<c>..._fixed_tiles...</c>, <c>..._mobile_tiles...</c>), else unknown.
    /// </summary>
    public Network? Network { get; init; }

    /// <summary>Settlement kind (informal/formal) or facility kind (school, clinic…) when the file has none (<c>--kind</c>).</summary>
    public string? Kind { get; init; }

    /// <summary>Building footprints: people per building (times its floors, when known) (<c>--people-per-building</c>).</summary>
    public double? PeoplePerBuilding { get; init; }

    /// <summary>Building footprints: people per m² of floor area (footprint × floors) (<c>--people-per-m2</c>).</summary>
    public double? PeoplePerM2 { get; init; }

    /// <summary>
    /// The project area (DESIGN §7): rows of roles that clip (<see cref="Roles.RoleDeclaration.ClipToProjectArea"/>:
    /// coverage, sites, measurements, population) that do not intersect this lon/lat box — the project's settlements'
    /// box grown by <see cref="ClipMarginM"/> — are not stored and are counted in
    /// <see cref="ImportReport.OutsideProjectArea"/>; null keeps every row (up to <see cref="ImportLimits.MaxFeatures"/>).
    /// Set by the importer from the project, not by the analyst.
    /// </summary>
    public ClipBox? ClipBox { get; init; }

    /// <summary>Metres the settlements' box is grown by to make the project area (<c>--clip-margin-m</c>, default 2,000).</summary>
    public double ClipMarginM { get; init; } = DefaultClipMarginM;

    /// <summary>Store rows wherever they are (<c>--no-clip</c>): the importer sets no <see cref="ClipBox"/>.</summary>
    public bool NoClip { get; init; }

    /// <summary>The default clip margin, 2 km: coverage or tiles a little outside a settlement still matter at its edge.</summary>
    public const double DefaultClipMarginM = 2000;

    /// <summary>
    /// Attribute mapping overrides, target → source field (<c>--map name=NAME_1</c>); an empty source (<c>--map kind=</c>)
    /// maps nothing to that target. See <see cref="FieldMapping"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Mapping { get; init; } = new Dictionary<string, string>();

    /// <summary>Fix invalid polygons (GeometryFixer) and unclosed rings, reporting each fix.</summary>
    public bool Repair { get; init; }

    /// <summary>Accept the valid features and report the rest as skipped, instead of rejecting the file.</summary>
    public bool SkipInvalid { get; init; }

    public ImportLimits Limits { get; init; } = new();

    /// <summary>Parses <c>target=source</c> pairs as given on the command line.</summary>
    public static IReadOnlyDictionary<string, string> ParseMapping(IEnumerable<string> pairs)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
                throw new ArgumentException($"Mapping '{pair}' must look like target=source, e.g. name=NAME_1 (or kind= to map nothing).");
            map[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
        }
        return map;
    }
}

/// <summary>Caps that keep one hostile or mistaken upload from exhausting the server.</summary>
public sealed record ImportLimits
{
    public long MaxBytes { get; init; } = 512L * 1024 * 1024;
    public int MaxZipEntries { get; init; } = 1_000;
    public long MaxInflatedBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>An entry inflating beyond this many bytes at more than <see cref="MaxCompressionRatio"/> is a zip bomb.</summary>
    public long CompressionRatioCheckAbove { get; init; } = 10L * 1024 * 1024;
    public double MaxCompressionRatio { get; init; } = 500;
    public int MaxFeatures { get; init; } = 2_000_000;

    /// <summary>
    /// Rasters are decoded one strip or tile at a time; one block (a strip of a striped file) larger than this is
    /// refused, so memory stays bounded whatever the raster's size.
    /// </summary>
    public long MaxRasterBlockBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Problems listed in the report; the counts stay exact beyond it.</summary>
    public int MaxProblemsListed { get; init; } = 1_000;
}

/// <summary>A lon/lat box (EPSG:4326 degrees).</summary>
public sealed record ClipBox(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    private const double MetresPerDegree = 6_371_008.8 * Math.PI / 180; // on the mean Earth radius

    /// <summary>
    /// The box grown by <paramref name="marginM"/> metres on every side: north and south by latitude degrees, east and
    /// west by longitude degrees at the box's edge nearest a pole, where a degree of longitude is shortest — so no
    /// point within the margin is left out anywhere along the box (nearer the equator the margin is a little wider).
    /// </summary>
    public static ClipBox Around(double minLon, double minLat, double maxLon, double maxLat, double marginM)
    {
        var dLat = marginM / MetresPerDegree;
        var poleward = Math.Min(89, Math.Max(Math.Abs(minLat), Math.Abs(maxLat)) + dLat);
        var dLon = marginM / (MetresPerDegree * Math.Cos(poleward * Math.PI / 180));
        return new ClipBox(Math.Max(-180, minLon - dLon), Math.Max(-90, minLat - dLat), Math.Min(180, maxLon + dLon), Math.Min(90, maxLat + dLat));
    }

    /// <summary>This box grown by <paramref name="metres"/> (see <see cref="Around"/>); itself for 0.</summary>
    public ClipBox Grown(double metres) => metres > 0 ? Around(MinLon, MinLat, MaxLon, MaxLat, metres) : this;

    public bool Intersects(double minLon, double minLat, double maxLon, double maxLat) =>
        minLon <= MaxLon && maxLon >= MinLon && minLat <= MaxLat && maxLat >= MinLat;

    /// <summary>Whether the envelope of <paramref name="e"/> touches the box (a cheap first test, never a false "no").</summary>
    public bool Intersects(Envelope e) => Intersects(e.MinX, e.MinY, e.MaxX, e.MaxY);

    /// <summary>
    /// Whether the geometry (EPSG:4326) touches the box: a polygon that overlaps it is kept whole. The envelope decides
    /// most rows; only one that straddles the box's edge is tested exactly (a long diagonal polygon's envelope may reach
    /// the box while the polygon itself does not).
    /// </summary>
    public bool Intersects(Geometry geometry)
    {
        var e = geometry.EnvelopeInternal;
        if (!Intersects(e)) return false;
        if (geometry is Point || (e.MinX >= MinLon && e.MaxX <= MaxLon && e.MinY >= MinLat && e.MaxY <= MaxLat)) return true;
        return geometry.Intersects(geometry.Factory.ToGeometry(new Envelope(MinLon, MaxLon, MinLat, MaxLat)));
    }

    /// <summary>[minLon, minLat, maxLon, maxLat], as reports give it.</summary>
    public double[] ToArray() => [MinLon, MinLat, MaxLon, MaxLat];
}
