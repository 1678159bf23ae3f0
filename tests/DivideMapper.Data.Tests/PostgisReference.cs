using Npgsql;

namespace DivideMapper.Data.Tests;

/// <summary>One settlement's figures as PostGIS computes them from the stored tables (see <see cref="PostgisReference.Sql"/>).</summary>
public sealed record ReferenceRow(
    long SettlementId, double AreaM2, double[] GapAreaM2ByRank, double[] CoveredShareByRank, double GapAreaAtTarget,
    double? MedianDownMbps, double? MedianUpMbps, double? MedianLatencyMs, long Tests, long Devices, bool Suppressed, int Facilities,
    string? Period);

/// <summary>
/// DESIGN §5 steps 1, 2 and 4 written once more, independently of Core, as one SQL statement on the stored tables of
/// a run's project: everything transformed with PROJ (ST_Transform) to the run's metric_srid; mobile footprints as
/// ST_Union of coverage polygons and ST_Buffer(site, coalesce(range_m, default), 'quad_segs=32') of mobile tech ≥ t,
/// the fixed footprint of fixed pieces alone; measurements of the profile's network (unknown ones only when no
/// measurement names a network) and of one period (the requested one, else the latest), by ST_Intersects on the
/// stored EPSG:4326 geometries, each weighted by tests × area(tile ∩ S) / area(tile) (points: tests); lower weighted
/// medians with window sums; counts ⌊Σ tests × share⌋ and ⌊Σ devices × share⌋.
/// </summary>
public static class PostgisReference
{
    /// <summary>Tech ranks as Core's <c>Tech</c> enum: 2G=2 … 5G=5, fixed=6. Index arrays of <see cref="ReferenceRow"/> by rank.</summary>
    public const string Sql = """
        WITH r0 AS (
            SELECT run.project_id, run.metric_srid AS srid, run.parameters->>'period' AS requested, p.min_devices, p.min_tests,
                   CASE upper(run.profile->>'targetTech') WHEN '2G' THEN 2 WHEN '3G' THEN 3 WHEN '4G' THEN 4
                        WHEN '5G' THEN 5 WHEN 'FIXED' THEN 6 END AS target,
                   run.profile->>'network' AS network
            FROM run JOIN project p ON p.id = run.project_id
            WHERE run.id = @run
        ),
        r1 AS (
            SELECT r0.*, coalesce(network, CASE WHEN target = 6 THEN 'fixed' ELSE 'mobile' END) AS judged,
                   NOT EXISTS (SELECT 1 FROM measurement k WHERE k.project_id = r0.project_id AND k.network <> 'unknown') AS assume
            FROM r0
        ),
        net AS (
            SELECT m.* FROM measurement m JOIN r1 ON m.project_id = r1.project_id
            WHERE (m.network = r1.judged OR (r1.assume AND m.network = 'unknown')) AND m.tests >= 0 AND m.devices >= 0
        ),
        r AS (
            SELECT r1.*, coalesce(requested, (SELECT max(period COLLATE "C") FROM net)) AS period FROM r1
        ),
        s AS (
            SELECT s.id, s.geom, ST_Transform(s.geom, r.srid) AS g
            FROM settlement s JOIN r ON s.project_id = r.project_id
        ),
        tech AS (
            SELECT tech, CASE upper(tech) WHEN '2G' THEN 2 WHEN '3G' THEN 3 WHEN '4G' THEN 4 WHEN '5G' THEN 5 WHEN 'FIXED' THEN 6 END AS rank,
                   CASE upper(tech) WHEN '2G' THEN 12000 WHEN '3G' THEN 4000 WHEN '4G' THEN 4000 WHEN '5G' THEN 500 ELSE 0 END AS default_range
            FROM (SELECT DISTINCT tech FROM coverage UNION SELECT DISTINCT tech FROM site) t
        ),
        piece AS (
            SELECT tech.rank, ST_Transform(c.geom, r.srid) AS g
            FROM coverage c JOIN r ON c.project_id = r.project_id JOIN tech USING (tech)
            UNION ALL
            SELECT x.rank, ST_Buffer(ST_Transform(x.geom, r.srid), x.range, 'quad_segs=32')
            FROM (SELECT site.project_id, site.geom, tech.rank, coalesce(site.range_m, tech.default_range) AS range
                  FROM site JOIN tech USING (tech)) x
            JOIN r ON x.project_id = r.project_id
            WHERE x.range > 0
        ),
        level AS (
            -- mobile t: pieces of mobile rank ≥ t; fixed (6): fixed pieces only
            SELECT s.id, s.g, t.rank,
                   (SELECT ST_Union(p.g) FROM piece p
                    WHERE (CASE WHEN t.rank = 6 THEN p.rank = 6 ELSE p.rank BETWEEN t.rank AND 5 END) AND ST_Intersects(p.g, s.g)) AS footprint
            FROM s CROSS JOIN (VALUES (2), (3), (4), (5), (6)) AS t(rank)
        ),
        area AS (
            SELECT id, rank, ST_Area(g) AS area_m2,
                   ST_Area(CASE WHEN footprint IS NULL THEN g ELSE ST_Difference(g, footprint) END) AS gap_m2,
                   CASE WHEN footprint IS NULL THEN 0 ELSE ST_Area(ST_Intersection(g, footprint)) END AS covered_m2
            FROM level
        ),
        hit0 AS (
            SELECT s.id, m.down_kbps, m.up_kbps, m.latency_ms, m.tests, m.devices,
                   CASE WHEN GeometryType(m.geom) IN ('POLYGON', 'MULTIPOLYGON')
                        THEN ST_Area(ST_Intersection(ST_Transform(m.geom, r.srid), s.g)) / ST_Area(ST_Transform(m.geom, r.srid))
                        ELSE 1 END AS share
            FROM s JOIN net m ON ST_Intersects(m.geom, s.geom)
            CROSS JOIN r
            WHERE (r.period IS NULL OR m.period = r.period)
        ),
        hit AS (SELECT * FROM hit0 WHERE share > 0),
        value AS (
            SELECT id, 'down' AS k, down_kbps AS v, tests * share AS w FROM hit
            UNION ALL SELECT id, 'up', up_kbps, tests * share FROM hit
            UNION ALL SELECT id, 'latency', latency_ms, tests * share FROM hit
        ),
        median AS (
            -- lower weighted median: the smallest v with 2 · (weight of values ≤ v) ≥ all weight (relative tolerance 1e-9)
            SELECT id, k, min(v) FILTER (WHERE 2 * cw >= tw * (1 - 1e-9)) AS v
            FROM (SELECT id, k, v,
                         sum(w) OVER (PARTITION BY id, k ORDER BY v RANGE UNBOUNDED PRECEDING) AS cw,
                         sum(w) OVER (PARTITION BY id, k) AS tw
                  FROM value
                  WHERE w > 0 AND v IS NOT NULL AND v NOT IN ('NaN', 'Infinity', '-Infinity')) x
            GROUP BY id, k
        ),
        total AS (
            SELECT s.id, floor(coalesce(sum(h.tests * h.share), 0) + 1e-6)::bigint AS tests,
                   floor(coalesce(sum(h.devices * h.share), 0) + 1e-6)::bigint AS devices
            FROM s LEFT JOIN hit h ON h.id = s.id GROUP BY s.id
        ),
        facilities AS (
            SELECT s.id, count(f.id)::int AS n
            FROM s LEFT JOIN facility f ON ST_Intersects(f.geom, s.geom) AND f.project_id = (SELECT project_id FROM r)
            GROUP BY s.id
        )
        SELECT a.id,
               max(a.area_m2) AS area_m2,
               array_agg(a.gap_m2 ORDER BY a.rank) AS gap_m2,
               array_agg(a.covered_m2 / a.area_m2 ORDER BY a.rank) AS covered_share,
               max(a.gap_m2) FILTER (WHERE a.rank = (SELECT target FROM r)) AS gap_at_target,
               (SELECT v / 1000.0 FROM median WHERE id = a.id AND k = 'down') AS down_mbps,
               (SELECT v / 1000.0 FROM median WHERE id = a.id AND k = 'up') AS up_mbps,
               (SELECT v FROM median WHERE id = a.id AND k = 'latency') AS latency_ms,
               t.tests, t.devices,
               t.devices < (SELECT min_devices FROM r) OR t.tests < (SELECT min_tests FROM r) AS suppressed,
               f.n AS facilities,
               (SELECT period FROM r) AS period
        FROM area a JOIN total t ON t.id = a.id JOIN facilities f ON f.id = a.id
        GROUP BY a.id, t.tests, t.devices, f.n
        ORDER BY a.id
        """;

    public static async Task<IReadOnlyList<ReferenceRow>> ComputeAsync(NpgsqlDataSource dataSource, long runId)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("run", runId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<ReferenceRow>();
        while (await reader.ReadAsync())
        {
            bool suppressed = reader.GetBoolean(10);
            double? Median(int i) => suppressed || reader.IsDBNull(i) ? null : reader.GetDouble(i);
            // Arrays come in rank order 2…6; pad so that [rank] indexes them like Core's (int)Tech.
            double[] ByRank(double[] values) => [0, 0, .. values];
            rows.Add(new ReferenceRow(reader.GetInt64(0), reader.GetDouble(1), ByRank(reader.GetFieldValue<double[]>(2)),
                ByRank(reader.GetFieldValue<double[]>(3)), reader.GetDouble(4), Median(5), Median(6), Median(7),
                reader.GetInt64(8), reader.GetInt64(9), suppressed, reader.GetInt32(11), reader.IsDBNull(12) ? null : reader.GetString(12)));
        }
        return rows;
    }
}
