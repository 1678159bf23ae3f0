using DivideMapper.Core.Domain;

namespace DivideMapper.Core.Analysis;

/// <summary>
/// Which measurements a run judges (DESIGN §5.4): those of the profile's network and of ONE period. Periods are never
/// pooled (a device testing every quarter would count once per quarter and weaken the privacy floor, and medians
/// would mix quarters), and fixed and mobile tests are never mixed.
/// </summary>
/// <remarks>
/// <para>Network: measurements whose network is the profile's. Measurements of unknown network are used only when
/// the input holds no measurement of a known network at all (a plain speed-test file without a network column);
/// the run then says so (<c>measurement-network-assumed</c>). Otherwise they are left out
/// (<c>measurement-network-unknown</c>); measurements of the other network are left out and counted
/// (<c>measurement-other-network</c>).</para>
/// <para>Period: the requested one, or else the latest period (ordinal order: 2024Q1 &lt; 2024Q3, 2024-03 &lt; 2024-09)
/// among the measurements of the network. Measurements without a period are used only when none has a period.</para>
/// </remarks>
internal sealed record MeasurementSelection(Network Network, string? Period, IReadOnlyList<Measurement> Selected, IReadOnlyList<AnalysisProblem> Notes)
{
    public static MeasurementSelection Choose(IReadOnlyList<Measurement> all, Network network, string? requestedPeriod)
    {
        var notes = new List<AnalysisProblem>();
        bool anyKnown = all.Any(m => m.Network != Network.Unknown);
        bool assumeUnknown = !anyKnown && all.Count > 0;
        var ofNetwork = all.Where(m => m.Network == network || (assumeUnknown && m.Network == Network.Unknown)).ToList();
        if (assumeUnknown)
            notes.Add(Note("measurement-network-assumed",
                $"No measurement says which network it ran on; all {all.Count} were taken as {network.ToSlug()} tests, the network this profile judges. Import with --network fixed|mobile to be sure."));
        else
        {
            int unknown = all.Count(m => m.Network == Network.Unknown);
            if (unknown > 0)
                notes.Add(Note("measurement-network-unknown", $"{unknown} measurements of unknown network were left out: this profile judges {network.ToSlug()} tests."));
            int other = all.Count(m => m.Network != Network.Unknown && m.Network != network);
            if (other > 0)
                notes.Add(Note("measurement-other-network",
                    $"{other} {(network == Network.Fixed ? "mobile" : "fixed")} measurements were left out: this profile judges {network.ToSlug()} tests only."));
        }

        string? period = requestedPeriod ?? ofNetwork.Select(m => m.Period).Where(p => p is not null).Max(StringComparer.Ordinal);
        var selected = period is null
            ? ofNetwork
            : ofNetwork.Where(m => string.Equals(m.Period, period, StringComparison.Ordinal)).ToList();
        if (period is not null)
        {
            int withoutPeriod = ofNetwork.Count(m => m.Period is null);
            if (withoutPeriod > 0)
                notes.Add(Note("measurement-without-period", $"{withoutPeriod} measurements without a period were left out: the run analyses period {period} only."));
            int otherPeriods = ofNetwork.Count(m => m.Period is not null && m.Period != period);
            if (otherPeriods > 0)
                notes.Add(Note("measurement-other-period", $"{otherPeriods} measurements of other periods were left out: the run analyses period {period} only (periods are never pooled)."));
        }
        return new MeasurementSelection(network, period, selected, notes);
    }

    private static AnalysisProblem Note(string code, string message) => new("measurements", 0, code, message);
}
