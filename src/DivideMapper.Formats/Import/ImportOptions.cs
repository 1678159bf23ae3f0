using DivideMapper.Core.Domain;

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

    /// <summary>Problems listed in the report; the counts stay exact beyond it.</summary>
    public int MaxProblemsListed { get; init; } = 1_000;
}
