#!/usr/bin/env bash
# DESIGN §9 clip benchmark: a world-wide Ookla-like quarter of mobile tiles clipped to one city.
# `./dm import WORLD.parquet --role measurements` (default clip margin 2 km around the project's settlements) against
# `ogr2ogr -f PostgreSQL … /vsizip/WORLD.zip -spat <the same box>` (Ookla's other distribution, a zipped Shapefile) into
# the same PostGIS: one untimed warm-up of each, then N interleaved timed repetitions; prints the medians, the ratio
# against the 1.2 target, the peak RSS (/usr/bin/time) of each side and the tiles each side stored.
#
#   bench/world.sh [--tiles 4000000] [--reps 3] [--row-group 1048576] [--shuffled] [--db CONNINFO] [--dbname NAME]
#
# The workload (bench/out/world-N/, generated when missing; fixed seed): `dm bench world-file` writes N random z16 world
# tiles plus the W1 city's tiles (bench/out/w1/speed_tiles_2024q3.csv) in Ookla's Parquet schema, and the same rows
# as CSV; ogr2ogr turns that CSV into a Shapefile (EPSG:4326 polygons, the same fields), zipped with deflate as Ookla
# ships it. The W1 settlements are imported once (untimed) into the project bench-world, whose box + 2 km is the clip.
# --tiles 400000 and 4000000 give the 10× memory check (DESIGN §9: a 10× larger file needs ≤ 1.5× the peak RSS).
# Without --db it uses the embedded cluster of ./dm (started on demand), database NAME (default bench_world).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
tiles=4000000 reps=3 rowgroup=1048576 shuffled="" conninfo="" dbname=bench_world
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tiles) tiles=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --row-group) rowgroup=$2; shift 2 ;;
    --shuffled) shuffled=--shuffled; shift ;;
    --db) conninfo=$2; shift 2 ;;
    --dbname) dbname=$2; shift 2 ;;
    *) echo "usage: bench/world.sh [--tiles N] [--reps N] [--row-group N] [--shuffled] [--db CONNINFO] [--dbname NAME]" >&2; exit 2 ;;
  esac
done

city=bench/out/w1
[[ -f "$city/speed_tiles_2024q3.csv" ]] || ./dm sample --seed 42 --size w1 --out "$city" >/dev/null
data="bench/out/world-$tiles"
[[ "$rowgroup" == 1048576 ]] || data+="-rg$rowgroup"
[[ -z "$shuffled" ]] || data+="-shuffled"
name=2024-07-01_performance_mobile_tiles
parquet="$data/$name.parquet" zip="$data/$name.zip"
csv="$data/$name.csv"
if [[ ! -f "$parquet" || ! -f "$zip" ]]; then
  if [[ ! -f "$parquet" || ! -f "$csv" ]]; then
    echo "generating $tiles world tiles + the W1 city's in $data" >&2
    ./dm bench world-file --tiles "$tiles" --row-group "$rowgroup" --city "$city/speed_tiles_2024q3.csv" --out "$data" --name "$name" $shuffled >&2
  fi
  # Ookla's zipped Shapefile: one folder of the layer's name, polygons in EPSG:4326, the same attribute fields.
  rm -rf "$data/shp" "$zip"; mkdir -p "$data/shp/$name"
  ogr2ogr -f "ESRI Shapefile" "$data/shp/$name/$name.shp" "$csv" -nln "$name" -oo GEOM_POSSIBLE_NAMES=tile \
    -oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=YES -oo QUOTED_FIELDS_AS_STRING=YES -a_srs EPSG:4326 -nlt POLYGON
  (cd "$data/shp" && zip -q -r "../$name.zip" "$name")
  rm -rf "$data/shp" "$csv"
fi
# Rows in the file: the DBF header's record count (bytes 4–7, little-endian).
rows=$( (unzip -p "$zip" "$name/$name.dbf" || true) | head -c 8 | od -An -tu4 -j4 | tr -d ' ')

# shellcheck source=bench/bench-db.sh
source "$here/bench/bench-db.sh"
bench_database bench_world_tiles

project=bench-world
if [[ "$(psql "$db" -qAtc "SELECT count(*) FROM settlement s JOIN project p ON p.id = s.project_id WHERE p.slug = '$project'" 2>/dev/null || echo 0)" == 0 ]]; then
  ./dm import "$city/settlements.geojson" --project "$project" --role settlements >/dev/null
fi
# The clip box of dm (ProjectArea.ClipBoxAsync → ClipBox.Around): the settlements' box grown by 2 km, in degrees of
# latitude on the mean Earth radius and degrees of longitude at the box's poleward edge.
read -r xmin ymin xmax ymax < <(psql "$db" -qAt -F' ' -c "
  WITH e AS (SELECT ST_Extent(s.geom)::geometry AS g FROM settlement s JOIN project p ON p.id = s.project_id WHERE p.slug = '$project'),
       m AS (SELECT g, 2000 / (6371008.8 * pi() / 180) AS dlat FROM e),
       k AS (SELECT g, dlat, 2000 / (6371008.8 * pi() / 180 * cos(radians(least(89, greatest(abs(ST_YMin(g)), abs(ST_YMax(g))) + dlat)))) AS dlon FROM m)
  SELECT ST_XMin(g) - dlon, ST_YMin(g) - dlat, ST_XMax(g) + dlon, ST_YMax(g) + dlat FROM k")

ogr_args=(-f PostgreSQL "PG:$db" "/vsizip/$here/$zip/$name/$name.shp" -spat "$xmin" "$ymin" "$xmax" "$ymax" -nln bench_world_tiles -overwrite
  -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -gt unlimited --config PG_USE_COPY YES)
dm_args=(import "$parquet" --project "$project" --role measurements --period 2024Q3 --json)
timed() { /usr/bin/time -f "%e %M" -o "$stats" "$@"; read -r secs rss <"$stats"; }
reset_dm() { psql "$db" -qc "DELETE FROM dataset d USING project p WHERE p.id = d.project_id AND p.slug = '$project' AND d.role = 'measurements'" -c "VACUUM measurement" >/dev/null; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
json() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r$1)" "$out"; }

out="$(mktemp)" stats="$(mktemp)"
trap 'rm -f "$out" "$stats"' EXIT
echo "clip benchmark: $parquet ($(du -h "$parquet" | cut -f1)) vs $zip ($(du -h "$zip" | cut -f1)), $rows rows; box $xmin $ymin $xmax $ymax; $reps interleaved repetitions, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
reset_dm; ./dm "${dm_args[@]}" >"$out"; ogr2ogr "${ogr_args[@]}"; reset_dm   # warm-up: page cache, dm migrations, catalog caches
dm_times=() ogr_times=() ratios=() dm_rss=() ogr_rss=()
for ((i = 1; i <= reps; i++)); do
  timed ./dm "${dm_args[@]}" >"$out"; d=$secs; dm_rss+=("$rss")
  stored=$(json "['imported']") outside=$(json "['outsideProjectArea']")
  in_db=$(psql "$db" -qAtc "SELECT count(*) FROM measurement m JOIN project p ON p.id = m.project_id WHERE p.slug = '$project'")
  reset_dm
  timed ogr2ogr "${ogr_args[@]}"; o=$secs; ogr_rss+=("$rss")
  ogr_stored=$(psql "$db" -qAtc "SELECT count(*) FROM bench_world_tiles")
  dm_times+=("$d") ogr_times+=("$o") ratios+=("$(echo "$d / $o" | bc -l)")
  printf 'rep %d: dm %.2f s, %d MB, stored %s (in db %s), outside %s (sum %s of %s)  ogr2ogr %.2f s, %d MB, stored %s  ratio %.2f\n' \
    "$i" "$d" "$((dm_rss[-1] / 1024))" "$stored" "$in_db" "$outside" "$((stored + outside))" "$rows" "$o" "$((ogr_rss[-1] / 1024))" "$ogr_stored" \
    "$(echo "$d / $o" | bc -l)" >&2
done
dm_med=$(printf '%s\n' "${dm_times[@]}" | median)
ogr_med=$(printf '%s\n' "${ogr_times[@]}" | median)
ratio=$(echo "$dm_med / $ogr_med" | bc -l)
paired=$(printf '%s\n' "${ratios[@]}" | median)
verdict=$(echo "$ratio <= 1.2" | bc -l | sed 's/1/met/;s/0/MISSED/')
printf 'median (%s rows): dm import %.2f s, ogr2ogr -spat %.2f s, ratio %.2f (median of the paired ratios %.2f; target <= 1.2: %s); peak RSS dm %d MB, ogr2ogr %d MB; load %s\n' \
  "$rows" "$dm_med" "$ogr_med" "$ratio" "$paired" "$verdict" "$(($(printf '%s\n' "${dm_rss[@]}" | sort -n | tail -1) / 1024))" \
  "$(($(printf '%s\n' "${ogr_rss[@]}" | sort -n | tail -1) / 1024))" "$(cut -d' ' -f1-3 /proc/loadavg)"
