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
    /// <summary>
    /// The DESIGN §5 result columns in their documented order, without <c>run_id</c> (storage adds it): the one
    /// declaration that storage (COPY), the layer catalogue (OGC, tiles, exports), the CLI and REST read.
    /// </summary>
    public static IReadOnlyList<ResultColumn> Columns { get; } =
    [
        new("settlement_id", ResultValueKind.Id, "Settlement id (stable across runs of the project).", r => r.SettlementId),
        new("name", ResultValueKind.Text, "Settlement name.", r => r.Name),
        new("kind", ResultValueKind.Text, "informal, formal or unknown.", r => r.Kind.ToSlug()),
        new("area_m2", ResultValueKind.Real, "Settlement area in m² (metric CRS of the run).", r => r.AreaM2),
        new("population", ResultValueKind.Real, "People living in the settlement.", r => r.Population, Nullable: true),
        new("covered_share_2g", ResultValueKind.Real, "Share 0–1 of the area covered by 2G or better.", r => r.CoveredShare2G),
        new("covered_share_3g", ResultValueKind.Real, "Share 0–1 of the area covered by 3G or better.", r => r.CoveredShare3G),
        new("covered_share_4g", ResultValueKind.Real, "Share 0–1 of the area covered by 4G or better.", r => r.CoveredShare4G),
        new("covered_share_5g", ResultValueKind.Real, "Share 0–1 of the area covered by 5G.", r => r.CoveredShare5G),
        new("covered_share_fixed", ResultValueKind.Real, "Share 0–1 of the area covered by fixed broadband.", r => r.CoveredShareFixed),
        new("gap_area_m2", ResultValueKind.Real, "Area in m² without the profile's target technology.", r => r.GapAreaM2),
        new("gap_share", ResultValueKind.Real, "gap_area_m2 / area_m2.", r => r.GapShare),
        new("gap_population", ResultValueKind.Real, "People living in the gap.", r => r.GapPopulation, Nullable: true),
        new("median_down_mbps", ResultValueKind.Real, "Weighted median download speed, Mbit/s; null when withheld.", r => r.MedianDownMbps, true, true),
        new("median_up_mbps", ResultValueKind.Real, "Weighted median upload speed, Mbit/s; null when withheld.", r => r.MedianUpMbps, true, true),
        new("median_latency_ms", ResultValueKind.Real, "Weighted median latency, ms; null when withheld.", r => r.MedianLatencyMs, true, true),
        new("tests", ResultValueKind.Count, "Speed tests behind the medians; null when withheld.", r => r.Tests, true, true),
        new("devices", ResultValueKind.Count, "Devices behind the medians; null when withheld.", r => r.Devices, true, true),
        new("suppressed", ResultValueKind.Boolean, "True when the privacy floor withholds the medians and their counts.", r => r.Suppressed),
        new("nearest_site_m", ResultValueKind.Real, "Distance in m to the nearest cell site.", r => r.NearestSiteM, Nullable: true),
        new("facilities", ResultValueKind.Count, "Facilities (schools, clinics…) inside the settlement.", r => r.Facilities),
        new("facilities_unconnected", ResultValueKind.Count, "Facilities known to be unconnected.", r => r.FacilitiesUnconnected),
        new("gap_class", ResultValueKind.Text, "no_coverage, insufficient_evidence, covered_slow or served.", r => r.GapClass.ToSlug()),
        new("gap_score", ResultValueKind.Real, "Gap score 0–100, comparable across runs of the project.", r => r.GapScore),
        new("rank", ResultValueKind.Count, "Rank within the run, 1 = largest gap.", r => r.Rank),
        new("profile", ResultValueKind.Text, "Threshold profile id the row was judged by.", r => r.Profile),
        new("period", ResultValueKind.Text, "Measurement period analysed (e.g. 2024Q1).", r => r.Period, Nullable: true),
    ];

    /// <summary>The column names in DESIGN §5 order, without <c>run_id</c>.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } = [.. Columns.Select(c => c.Name)];

    /// <summary>
    /// The values in <see cref="ColumnNames"/> order, as CSV/GeoJSON/OGC properties: enums as their slugs
    /// (<c>informal</c>, <c>no_coverage</c>), nulls kept.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, object?>> ToColumns()
    {
        var columns = new KeyValuePair<string, object?>[Columns.Count];
        for (int i = 0; i < columns.Length; i++) columns[i] = new(Columns[i].Name, Columns[i].Value(this));
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
