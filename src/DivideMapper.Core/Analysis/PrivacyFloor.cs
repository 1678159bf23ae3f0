namespace DivideMapper.Core.Analysis;

/// <summary>
/// The privacy rule of DESIGN §6, in one place: an aggregate built from fewer than <see cref="MinDevices"/> devices
/// or fewer than <see cref="MinTests"/> tests is withheld. The map, tiles, OGC API, exports and CLI all ask
/// <see cref="Withholds"/>.
/// </summary>
/// <param name="MinDevices">Smallest device count an aggregate may be built from (default 10).</param>
/// <param name="MinTests">Smallest test count an aggregate may be built from (default 20).</param>
public sealed record PrivacyFloor(int MinDevices = PrivacyFloor.DefaultMinDevices, int MinTests = PrivacyFloor.DefaultMinTests)
{
    /// <summary>Default <see cref="MinDevices"/>.</summary>
    public const int DefaultMinDevices = 10;

    /// <summary>Default <see cref="MinTests"/>.</summary>
    public const int DefaultMinTests = 20;

    /// <summary>The project default, 10 devices and 20 tests.</summary>
    public static PrivacyFloor Default { get; } = new();

    /// <summary>True when an aggregate of <paramref name="devices"/> devices and <paramref name="tests"/> tests must be withheld.</summary>
    public bool Withholds(long devices, long tests) => devices < MinDevices || tests < MinTests;
}
