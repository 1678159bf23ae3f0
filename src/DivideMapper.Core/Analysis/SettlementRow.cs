using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;

namespace DivideMapper.Core.Analysis;

/// <summary>
/// One settlement's result: exactly the DESIGN §5 result columns except <c>run_id</c>, which storage adds.
/// Shares are 0–1, areas m² in the metric CRS, speeds Mbit/s, latency ms.
/// </summary>
/// <remarks>Medians are null when there is nothing to take a median of; medians and the evidence counts
/// <see cref="Tests"/> and <see cref="Devices"/> are null together when the privacy floor withholds them
/// (<see cref="Suppressed"/>, DESIGN §6), so a stored or published row cannot leak them.</remarks>
public sealed record SettlementRow(
    long SettlementId,
    string Name,
    SettlementKind Kind,
    double AreaM2,
    double? Population,
    double CoveredShare2G,
    double CoveredShare3G,
    double CoveredShare4G,
    double CoveredShare5G,
    double CoveredShareFixed,
    double GapAreaM2,
    double GapShare,
    double? GapPopulation,
    double? MedianDownMbps,
    double? MedianUpMbps,
    double? MedianLatencyMs,
    long? Tests,
    long? Devices,
    bool Suppressed,
    double? NearestSiteM,
    int Facilities,
    int FacilitiesUnconnected,
    GapClass GapClass,
    double GapScore,
    int Rank,
    string Profile,
    string? Period)
{
    /// <summary>The column names in DESIGN §5 order, without <c>run_id</c>.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } =
    [
        "settlement_id", "name", "kind", "area_m2", "population",
        "covered_share_2g", "covered_share_3g", "covered_share_4g", "covered_share_5g", "covered_share_fixed",
        "gap_area_m2", "gap_share", "gap_population",
        "median_down_mbps", "median_up_mbps", "median_latency_ms",
        "tests", "devices", "suppressed", "nearest_site_m",
        "facilities", "facilities_unconnected", "gap_class", "gap_score", "rank", "profile", "period",
    ];

    /// <summary>
    /// The values in <see cref="ColumnNames"/> order, as CSV/GeoJSON/OGC properties: enums as their slugs
    /// (<c>informal</c>, <c>no_coverage</c>), nulls kept.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, object?>> ToColumns()
    {
        object?[] values =
        [
            SettlementId, Name, Kind.ToSlug(), AreaM2, Population,
            CoveredShare2G, CoveredShare3G, CoveredShare4G, CoveredShare5G, CoveredShareFixed,
            GapAreaM2, GapShare, GapPopulation,
            MedianDownMbps, MedianUpMbps, MedianLatencyMs,
            Tests, Devices, Suppressed, NearestSiteM,
            Facilities, FacilitiesUnconnected, GapClass.ToSlug(), GapScore, Rank, Profile, Period,
        ];
        var columns = new KeyValuePair<string, object?>[values.Length];
        for (int i = 0; i < values.Length; i++) columns[i] = new(ColumnNames[i], values[i]);
        return columns;
    }

    /// <summary>Covered share of F(<paramref name="tech"/>): mobile ≥ tech for 2G–5G, fixed broadband alone for fixed.</summary>
    public double CoveredShare(Tech tech) => tech switch
    {
        Tech.G2 => CoveredShare2G,
        Tech.G3 => CoveredShare3G,
        Tech.G4 => CoveredShare4G,
        Tech.G5 => CoveredShare5G,
        Tech.Fixed => CoveredShareFixed,
        _ => throw new ArgumentOutOfRangeException(nameof(tech), tech, "Unknown technology."),
    };
}

/// <summary>A settlement's row plus its gap polygon and the explanation of its numbers.</summary>
/// <param name="Row">The result columns.</param>
/// <param name="Gap">G = S − F(T) in EPSG:4326, always a MultiPolygon (empty when fully covered); its metric area is <see cref="SettlementRow.GapAreaM2"/>.</param>
/// <param name="Explain">Inputs, the deciding rule, thresholds and score components.</param>
public sealed record SettlementResult(SettlementRow Row, MultiPolygon Gap, Explain Explain);
