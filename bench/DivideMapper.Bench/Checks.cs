using System.Globalization;
using DivideMapper.Core.Analysis;
using DivideMapper.Core.Domain;
using Npgsql;

namespace DivideMapper.Bench;

/// <summary>The bench's correctness side: the baselines must have computed the same numbers as Core.</summary>
internal static class Checks
{
    /// <summary>
    /// Core's settlement area and gap area at 2G…5G against bench_gap_postgis (left by the last gap_postgis.sql run):
    /// |Δ area| / area and |Δ gap| / area (DESIGN §9: ≤ 1e-6 for every row).
    /// </summary>
    public static async Task<AreaCheck> AreasAsync(NpgsqlDataSource dataSource, AnalysisResult core, CancellationToken ct)
    {
        var postgis = new Dictionary<(long, string), (double Area, double Gap)>();
        await using (var command = dataSource.CreateCommand("SELECT settlement_id, tech, area_m2, gap_area_m2 FROM bench_gap_postgis"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                postgis[(reader.GetInt64(0), reader.GetString(1))] = (reader.GetDouble(2), reader.GetDouble(3));

        int rows = 0, over = 0, missing = 0;
        double maxArea = 0, maxGap = 0;
        var target = core.Profile.TargetTech;
        foreach (var s in core.Settlements)
        {
            var r = s.Row;
            foreach (var (tech, share) in new[] { (Tech.G2, r.CoveredShare2G), (Tech.G3, r.CoveredShare3G), (Tech.G4, r.CoveredShare4G), (Tech.G5, r.CoveredShare5G) })
            {
                if (!postgis.TryGetValue((r.SettlementId, tech.ToLabel()), out var p))
                {
                    missing++;
                    continue;
                }
                // The row keeps the exact gap only at the target; elsewhere area × (1 − share), exact to ~1e-16 of the area.
                double gap = tech == target ? r.GapAreaM2 : r.AreaM2 * (1 - share);
                double areaDiff = Math.Abs(r.AreaM2 - p.Area) / p.Area;
                double gapDiff = Math.Abs(gap - p.Gap) / p.Area;
                maxArea = Math.Max(maxArea, areaDiff);
                maxGap = Math.Max(maxGap, gapDiff);
                if (areaDiff > AnalysisBenchmark.AreaTolerance || gapDiff > AnalysisBenchmark.AreaTolerance) over++;
                rows++;
            }
        }
        // A row only one side has counts as over the tolerance.
        return new AreaCheck(rows, maxArea, maxGap, over + missing + (postgis.Count - rows), AnalysisBenchmark.AreaTolerance);
    }

    /// <summary>Core's medians, sums and suppression against bench_medians_postgis (exact).</summary>
    public static async Task<MedianCheck> MediansAsync(NpgsqlDataSource dataSource, AnalysisResult core, CancellationToken ct)
    {
        var bySettlement = core.Settlements.ToDictionary(s => s.Row.SettlementId, s => s.Row);
        var seen = new HashSet<long>();
        var examples = new List<string>();
        int mismatches = 0;
        await using (var command = dataSource.CreateCommand(
            "SELECT settlement_id, median_down_kbps, median_up_kbps, median_latency_ms, tests, devices, suppressed FROM bench_medians_postgis"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                long id = reader.GetInt64(0);
                seen.Add(id);
                double? Value(int i, double divisor) => reader.IsDBNull(i) ? null : reader.GetDouble(i) / divisor;
                bool suppressed = reader.GetBoolean(6);
                // Below the floor Core withholds the counts with the medians (DESIGN §6).
                var postgis = (Value(1, 1000.0), Value(2, 1000.0), Value(3, 1), suppressed ? (long?)null : reader.GetInt64(4),
                    suppressed ? (long?)null : reader.GetInt64(5), suppressed);
                var r = bySettlement.GetValueOrDefault(id);
                var ours = r is null ? default : (r.MedianDownMbps, r.MedianUpMbps, r.MedianLatencyMs, r.Tests, r.Devices, r.Suppressed);
                if (r is not null && ours.Equals(postgis)) continue;
                mismatches++;
                if (examples.Count < 5) examples.Add(string.Create(CultureInfo.InvariantCulture, $"settlement {id}: Core {ours}, PostGIS {postgis}"));
            }
        // Settlements with measurements that the baseline did not list (it drops rows without tests).
        foreach (var r in bySettlement.Values.Where(r => r.Tests > 0 && !seen.Contains(r.SettlementId)))
        {
            mismatches++;
            if (examples.Count < 5) examples.Add($"settlement {r.SettlementId}: Core has {r.Tests} tests, PostGIS no row");
        }
        return new MedianCheck(seen.Count, mismatches, examples);
    }
}
