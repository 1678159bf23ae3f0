#!/usr/bin/env bash
# Loads a generated city (./dm sample --size w1 --out DIR) into the plain tables the baseline SQL reads:
# settlement, coverage, site, measurement (named and typed as in DivideMapper's database), all in EPSG:4326
# with GiST indexes. Uses ogr2ogr and psql.
#   bench/baselines/load_postgis.sh DIR 'host=127.0.0.1 port=55432 dbname=bench user=postgres'
set -euo pipefail
dir=${1:?usage: load_postgis.sh DIR CONNINFO}
conninfo=${2:?usage: load_postgis.sh DIR CONNINFO}
pg="PG:${conninfo}"
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
common=(-overwrite -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST --config PG_USE_COPY YES)

psql "$conninfo" -v ON_ERROR_STOP=1 -qc 'CREATE EXTENSION IF NOT EXISTS postgis'
ogr2ogr -f PostgreSQL "$pg" "$dir/settlements.geojson" -nln settlement -nlt MULTIPOLYGON -lco FID=id -preserve_fid "${common[@]}"
ogr2ogr -f PostgreSQL "$pg" "/vsizip/$dir/coverage.zip" -nln coverage -nlt MULTIPOLYGON -t_srs EPSG:4326 "${common[@]}"
ogr2ogr -f PostgreSQL "$pg" "$dir/cell_sites.csv" -nln site_raw -nlt POINT -a_srs EPSG:4326 \
    -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo AUTODETECT_TYPE=YES "${common[@]}"
psql "$conninfo" -v ON_ERROR_STOP=1 -q <<'SQL'
DROP TABLE IF EXISTS site;
CREATE TABLE site AS
SELECT CASE radio WHEN 'GSM' THEN '2G' WHEN 'UMTS' THEN '3G' WHEN 'LTE' THEN '4G' WHEN 'NR' THEN '5G' END AS tech,
       range::double precision AS range_m, mcc::text || '-' || lpad(net::text, 2, '0') AS operator, geom
FROM site_raw;
CREATE INDEX ON site USING gist (geom);
DROP TABLE site_raw;
SQL
if [[ -f "$dir/speed_points.csv" ]]; then
    ogr2ogr -f PostgreSQL "$pg" "$dir/speed_points.csv" -nln measurement_raw -nlt POINT -a_srs EPSG:4326 \
        -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo AUTODETECT_TYPE=YES "${common[@]}"
    psql "$conninfo" -v ON_ERROR_STOP=1 -q <<'SQL'
DROP TABLE IF EXISTS measurement;
CREATE TABLE measurement AS
SELECT period, avg_d_kbps::double precision AS down_kbps, avg_u_kbps::double precision AS up_kbps,
       avg_lat_ms::double precision AS latency_ms, tests, devices,
       NULL::text AS quadkey, geom
FROM measurement_raw;
CREATE INDEX ON measurement USING gist (geom);
DROP TABLE measurement_raw;
SQL
fi
# project_id 1 everywhere, so the baseline SQL reads these tables and DivideMapper's database alike.
psql "$conninfo" -v ON_ERROR_STOP=1 -q <<'SQL'
ALTER TABLE settlement ADD COLUMN IF NOT EXISTS project_id bigint NOT NULL DEFAULT 1;
ALTER TABLE coverage ADD COLUMN IF NOT EXISTS project_id bigint NOT NULL DEFAULT 1;
ALTER TABLE site ADD COLUMN IF NOT EXISTS project_id bigint NOT NULL DEFAULT 1;
ALTER TABLE IF EXISTS measurement ADD COLUMN IF NOT EXISTS project_id bigint NOT NULL DEFAULT 1;
ANALYZE;
SQL
