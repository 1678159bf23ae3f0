-- Per-settlement speed medians baseline in PostGIS (DESIGN §5 step 4, §9 "points → per-settlement medians").
--
-- For every settlement S, over the measurements that intersect S (points or Ookla tiles):
--   weighted counts of tests and devices, and weighted LOWER medians of down, up and latency: weight each value by
--   tests × the share of its tile inside S (points: tests), sort ascending, and take the smallest value at which the
--   running weight reaches half the total (2 × running ≥ total × (1 − 1e-9)). Rows without tests carry no weight.
--   Below the privacy floor (devices < min_devices or tests < min_tests) the medians are withheld.
--
-- Input tables (EPSG:4326; bench/baselines/load_postgis.sh fills them, and DivideMapper's own database has the
-- same names and columns):
--   settlement(id, project_id, geom geometry(MultiPolygon,4326))
--   measurement(period text, down_kbps, up_kbps, latency_ms, tests int, devices int, project_id, geom geometry(Geometry,4326))
-- Output: table bench_medians_postgis, one row per settlement with at least one measurement.
--
-- psql variables: period ('' = all, default; a DivideMapper run analyses one), min_devices (10), min_tests (20),
--   project_id (0 = all rows), srid (metric CRS of the tile shares, 32737).
--   psql -v period=2024Q1 -f bench/baselines/medians_postgis.sql
\if :{?period} \else \set period '' \endif
\if :{?min_devices} \else \set min_devices 10 \endif
\if :{?min_tests} \else \set min_tests 20 \endif
\if :{?srid} \else \set srid 32737 \endif
\if :{?project_id} \else \set project_id 0 \endif
\set ON_ERROR_STOP on
\timing on

-- Intersection is tested in EPSG:4326 so the GiST index on measurement.geom is used; for points and
-- settlement-sized polygons this matches the metric-CRS answer except for points within micrometres of an edge.
SET client_min_messages = warning;
DROP TABLE IF EXISTS pg_temp.hits;
-- Method 2 (docs/method.md §4): a tile weighs tests × area(tile ∩ S) / area(tile) in the metric CRS (:srid), a point
-- its tests; counts are ⌊Σ tests × share⌋ and ⌊Σ devices × share⌋.
CREATE TEMP TABLE hits AS
SELECT id, down, up, latency, tests * share AS tests, devices * share AS devices FROM (
    SELECT s.id, m.down_kbps::double precision AS down, m.up_kbps::double precision AS up,
           m.latency_ms::double precision AS latency, m.tests, m.devices,
           CASE WHEN GeometryType(m.geom) IN ('POLYGON', 'MULTIPOLYGON')
                THEN ST_Area(ST_Intersection(ST_Transform(m.geom, :srid), ST_Transform(s.geom, :srid))) / ST_Area(ST_Transform(m.geom, :srid))
                ELSE 1 END AS share
    FROM settlement s
    JOIN measurement m ON ST_Intersects(m.geom, s.geom)
    WHERE (:'period' = '' OR m.period = :'period') AND m.tests > 0
      AND (:project_id = 0 OR (s.project_id = :project_id AND m.project_id = :project_id))) x
WHERE share > 0;

DROP TABLE IF EXISTS bench_medians_postgis;
CREATE UNLOGGED TABLE bench_medians_postgis AS
WITH totals AS (
    SELECT id, floor(sum(tests) + 1e-6)::bigint AS tests, floor(sum(devices) + 1e-6)::bigint AS devices FROM hits GROUP BY id
),
down AS (
    SELECT DISTINCT ON (id) id, down AS v FROM (
        SELECT id, down, 2 * sum(tests) OVER w AS twice_running, sum(tests) OVER (PARTITION BY id) AS total
        FROM hits WHERE down IS NOT NULL
        WINDOW w AS (PARTITION BY id ORDER BY down ROWS UNBOUNDED PRECEDING)) x
    WHERE twice_running >= total * (1 - 1e-9) ORDER BY id, down
),
up AS (
    SELECT DISTINCT ON (id) id, up AS v FROM (
        SELECT id, up, 2 * sum(tests) OVER w AS twice_running, sum(tests) OVER (PARTITION BY id) AS total
        FROM hits WHERE up IS NOT NULL
        WINDOW w AS (PARTITION BY id ORDER BY up ROWS UNBOUNDED PRECEDING)) x
    WHERE twice_running >= total * (1 - 1e-9) ORDER BY id, up
),
latency AS (
    SELECT DISTINCT ON (id) id, latency AS v FROM (
        SELECT id, latency, 2 * sum(tests) OVER w AS twice_running, sum(tests) OVER (PARTITION BY id) AS total
        FROM hits WHERE latency IS NOT NULL
        WINDOW w AS (PARTITION BY id ORDER BY latency ROWS UNBOUNDED PRECEDING)) x
    WHERE twice_running >= total * (1 - 1e-9) ORDER BY id, latency
)
SELECT t.id AS settlement_id,
       CASE WHEN NOT suppressed THEN d.v END AS median_down_kbps,
       CASE WHEN NOT suppressed THEN u.v END AS median_up_kbps,
       CASE WHEN NOT suppressed THEN l.v END AS median_latency_ms,
       t.tests, t.devices, suppressed
FROM totals t
CROSS JOIN LATERAL (SELECT t.devices < :min_devices OR t.tests < :min_tests AS suppressed) p
LEFT JOIN down d ON d.id = t.id
LEFT JOIN up u ON u.id = t.id
LEFT JOIN latency l ON l.id = t.id;

\timing off
SELECT count(*) AS settlements, count(*) FILTER (WHERE suppressed) AS suppressed,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY median_down_kbps) AS median_of_medians_down_kbps
FROM bench_medians_postgis;
