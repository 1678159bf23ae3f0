using System.Diagnostics.CodeAnalysis;

namespace DivideMapper.Sample;

/// <summary>
/// How big a sample city is. <see cref="Small"/> is the committed sample; <see cref="W1"/> is benchmark
/// workload W1 of DESIGN §9; <see cref="W1x4"/> is four times W1 (the linear-cost check of DESIGN §9); <see cref="W2"/> is
/// ten times W1 for scale tests.
/// </summary>
/// <param name="Name">The name used on the command line: small, w1, w1x4, w2.</param>
/// <param name="ExtentMeters">Side of the square city, in metres.</param>
/// <param name="Settlements">Settlement polygons (informal and formal).</param>
/// <param name="InformalShare">Share of settlements that are informal.</param>
/// <param name="CoverageAreas">Operator coverage polygons (one irregular disk per cell footprint).</param>
/// <param name="Sites">Cell sites (OpenCelliD rows).</param>
/// <param name="SpeedPoints">Point speed measurements across both periods (0: none written).</param>
/// <param name="Facilities">Schools and clinics.</param>
/// <param name="Rivers">River polylines; informal settlements cluster along them.</param>
/// <param name="RailLines">Rail polylines; informal settlements cluster along them too.</param>
public sealed record SampleSize(
    string Name,
    double ExtentMeters,
    int Settlements,
    double InformalShare,
    int CoverageAreas,
    int Sites,
    int SpeedPoints,
    int Facilities,
    int Rivers,
    int RailLines)
{
    /// <summary>Zoom of the Ookla-style speed tiles (Ookla publishes zoom 16, ≈ 610 m at the equator).</summary>
    public int TileZoom { get; init; } = 16;

    /// <summary>≈ 4 × 4 km, 25 settlements; a few hundred kB of files. The committed sample (seed 42).</summary>
    public static SampleSize Small { get; } = new("small", 4_000, 25, 0.6, 160, 80, 0, 20, 1, 1);

    /// <summary>Benchmark workload W1 (DESIGN §9): 40 × 40 km, 2,000 settlements, 20,000 coverage disks, 200,000 speed points, 20,000 sites.</summary>
    public static SampleSize W1 { get; } = new("w1", 40_000, 2_000, 0.6, 20_000, 20_000, 200_000, 1_500, 3, 2);

    /// <summary>
    /// Four times W1 at W1's density (DESIGN §9 "W1 × 4 takes ≤ 4.4× W1's time"): 80 × 80 km, 8,000 settlements, 80,000
    /// coverage disks, 80,000 sites, 800,000 speed points, 6,000 facilities; rivers and rails doubled (each is twice as long).
    /// </summary>
    public static SampleSize W1x4 { get; } = new("w1x4", 80_000, 8_000, 0.6, 80_000, 80_000, 800_000, 6_000, 6, 4);

    /// <summary>Ten times W1 on a 120 × 120 km region: 20,000 settlements, 200,000 coverage, 1,000,000 speed points, 100,000 sites.</summary>
    public static SampleSize W2 { get; } = new("w2", 120_000, 20_000, 0.6, 200_000, 100_000, 1_000_000, 15_000, 8, 5);

    public static IReadOnlyList<SampleSize> All { get; } = [Small, W1, W1x4, W2];

    /// <summary>The accepted names, for help text: small, w1, w1x4, w2.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    /// <summary>Reads "small", "w1", "w1x4" or "w2" (any case, surrounding spaces ignored).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SampleSize? size)
    {
        var name = text?.Trim();
        size = All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        return size is not null;
    }

    public static SampleSize Parse(string text) =>
        TryParse(text, out var size)
            ? size
            : throw new FormatException($"Unknown sample size '{text}'; expected one of: {string.Join(", ", Names)}.");

    public override string ToString() => Name;
}
