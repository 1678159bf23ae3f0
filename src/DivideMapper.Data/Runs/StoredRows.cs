using DivideMapper.Core.Analysis;
using DivideMapper.Core.Domain;
using DivideMapper.Data.Model;
using SettlementRow = DivideMapper.Core.Analysis.SettlementRow;

namespace DivideMapper.Data.Runs;

/// <summary>Stored result rows back into Core's <see cref="SettlementRow"/>, for run comparison.</summary>
public static class StoredRows
{
    public static SettlementRow ToCore(SettlementResultRow r) => new(
        r.SettlementId, r.Name, SettlementKinds.TryParse(r.Kind, out var kind) ? kind : SettlementKind.Unknown, r.AreaM2, r.Population,
        r.CoveredShare2g, r.CoveredShare3g, r.CoveredShare4g, r.CoveredShare5g, r.CoveredShareFixed, r.GapAreaM2, r.GapShare, r.GapPopulation,
        r.MedianDownMbps, r.MedianUpMbps, r.MedianLatencyMs, r.Tests, r.Devices, r.Suppressed, r.NearestSiteM, r.Facilities,
        r.FacilitiesUnconnected,
        GapClasses.TryParse(r.GapClass, out var gapClass) ? gapClass : throw new InvalidOperationException($"Stored gap class '{r.GapClass}' is unknown."),
        r.GapScore, r.Rank, r.Profile, r.Period);
}
