-- Gap analysis baseline in PostGIS (DESIGN §5 steps 1–2, §9 "gap analysis, 4 techs").
--
-- For every settlement S and target tech T in 2G, 3G, 4G, 5G:
--   F(T)          = union of coverage polygons and site disks of tech >= T, in a metric CRS
--   gap polygon   = S − F(T)             (per settlement: ST_Union of what touches S, then ST_Difference)
--   covered_share = 1 − area(gap) / area(S)
--
-- Input tables (EPSG:4326, as in the DESIGN §4 data model; bench/baselines/load_postgis.sh fills them, and
-- DivideMapper's own database has the same names and columns):
--   settlement(id, project_id, geom geometry(MultiPolygon,4326))
--   coverage(tech text, project_id, geom geometry(MultiPolygon,4326))       tech: 2G 3G 4G 5G fixed
--   site(tech text, range_m double precision, project_id, geom geometry(Point,4326))
--   A site without range_m gets the DESIGN §4 default for its tech: 2G 12 km, 3G 4 km, 4G 4 km, 5G 500 m.
-- Output: table bench_gap_postgis(settlement_id, tech, area_m2, gap_area_m2, covered_share), one row per
-- settlement × tech, and a one-line summary.
--
-- psql variables: srid (metric CRS, default 32737 = UTM 37S, the sample city's zone), quad_segs (segments
-- per quarter circle for site disks, default 32 = DivideMapper's AnalysisInput.DefaultDiskQuadrantSegments; the
-- PostGIS default of 8 would differ from DivideMapper's areas by far more than 1e-6) and project_id (default 0 = all rows; set it to run on one project of
-- DivideMapper's database).
--   psql -v srid=32737 -v quad_segs=32 -f bench/baselines/gap_postgis.sql
\if :{?srid} \else \set srid 32737 \endif
\if :{?quad_segs} \else \set quad_segs 32 \endif
\if :{?project_id} \else \set project_id 0 \endif
\set ON_ERROR_STOP on
\timing on

-- Everything is projected once and indexed, as DivideMapper projects once before analysing; this is part of
-- the measured work.
SET client_min_messages = warning;
DROP TABLE IF EXISTS pg_temp.s_m, pg_temp.f_m;
CREATE TEMP TABLE s_m AS
SELECT id, ST_Transform(geom, :srid) AS g FROM settlement WHERE (:project_id = 0 OR project_id = :project_id);
CREATE TEMP TABLE f_m AS
SELECT CASE upper(tech) WHEN '2G' THEN 2 WHEN '3G' THEN 3 WHEN '4G' THEN 4 WHEN '5G' THEN 5 WHEN 'FIXED' THEN 6 END AS rank,
       ST_Transform(geom, :srid) AS g
FROM coverage
WHERE (:project_id = 0 OR project_id = :project_id)
UNION ALL
SELECT CASE upper(tech) WHEN '2G' THEN 2 WHEN '3G' THEN 3 WHEN '4G' THEN 4 WHEN '5G' THEN 5 WHEN 'FIXED' THEN 6 END,
       ST_Buffer(ST_Transform(geom, :srid),
                 COALESCE(range_m, CASE upper(tech) WHEN '2G' THEN 12000 WHEN '3G' THEN 4000 WHEN '4G' THEN 4000 WHEN '5G' THEN 500 END),
                 'quad_segs=' || :quad_segs)
FROM site
WHERE (:project_id = 0 OR project_id = :project_id)
  AND COALESCE(range_m, CASE upper(tech) WHEN '2G' THEN 12000 WHEN '3G' THEN 4000 WHEN '4G' THEN 4000 WHEN '5G' THEN 500 END) > 0;
CREATE INDEX ON f_m USING gist (g);
CREATE INDEX ON s_m USING gist (g);
ANALYZE s_m;
ANALYZE f_m;

DROP TABLE IF EXISTS bench_gap_postgis;
CREATE UNLOGGED TABLE bench_gap_postgis AS
SELECT s.id AS settlement_id,
       t.label AS tech,
       ST_Area(s.g) AS area_m2,
       ST_Area(COALESCE(ST_Difference(s.g, u.footprint), s.g)) AS gap_area_m2
FROM s_m s
CROSS JOIN (VALUES (2, '2G'), (3, '3G'), (4, '4G'), (5, '5G')) AS t(rank, label)
LEFT JOIN LATERAL (
    SELECT ST_Union(f.g) AS footprint
    FROM f_m f
    WHERE f.rank BETWEEN t.rank AND 5 AND ST_Intersects(f.g, s.g) -- mobile tech ≥ t; fixed (6) is not mobile coverage
) u ON true;
ALTER TABLE bench_gap_postgis ADD COLUMN covered_share double precision;
UPDATE bench_gap_postgis SET covered_share = CASE WHEN area_m2 > 0 THEN 1 - gap_area_m2 / area_m2 END;

\timing off
SELECT tech, count(*) AS settlements, round(sum(gap_area_m2)::numeric, 1) AS gap_area_m2,
       round(avg(covered_share)::numeric, 4) AS mean_covered_share
FROM bench_gap_postgis GROUP BY tech ORDER BY tech;
