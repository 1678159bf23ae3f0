#!/usr/bin/env bash
# DESIGN §9 import benchmark: `./dm import FILE --role measurements` against `ogr2ogr -f PostgreSQL`
# on the same file into the same PostGIS, side by side: one untimed warm-up of each, then N interleaved timed
# repetitions (dm, ogr2ogr, dm, ogr2ogr …); prints the medians, the ratio against the target and the peak RSS
# (/usr/bin/time) of each side.
#
#   bench/import.sh [--size w1|w2|small] [--format csv|geojson|shp] [--rows N] [--reps N] [--db CONNINFO] [--dbname NAME]
#
# Without --rows the file is the workload's speed_points.csv (or it converted by ogr2ogr to GeoJSON / a zipped
# Shapefile). --rows N generates N speed points instead (fixed seed, a 40 × 40 km city), e.g. 200000 and 2000000
# for the 10× memory check (DESIGN §9: a 10× larger file needs ≤ 1.5× the peak RSS).
#
# --db is a libpq conninfo ('host=127.0.0.1 port=5432 user=postgres dbname=postgres'); the bench creates and
# uses a database NAME (default bench_import) on that server for both tools. Without --db it uses the embedded cluster of
# ./dm (started on demand). Each repetition starts from an empty measurement table on both sides: ogr2ogr with
# -overwrite, dm after deleting the previous bench project (untimed). Times are wall clock of the whole command,
# process start-up included.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
size=w1 reps=5 conninfo="" dbname=bench_import format=csv rows=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --format) format=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --db) conninfo=$2; shift 2 ;;
    --dbname) dbname=$2; shift 2 ;;
    *) echo "usage: bench/import.sh [--size w1|w2|small] [--format csv|geojson|shp] [--rows N] [--reps N] [--db CONNINFO] [--dbname NAME]" >&2; exit 2 ;;
  esac
done

if [[ -n "$rows" ]]; then
  data="bench/out/points-$rows"
  csv="$data/speed_points.csv"
  if [[ ! -f "$csv" ]]; then
    echo "generating $rows speed points in $csv" >&2
    mkdir -p "$data"
    awk -v n="$rows" 'BEGIN { srand(42); OFS = ",";
      print "id,period,avg_d_kbps,avg_u_kbps,avg_lat_ms,tests,devices,lon,lat";
      for (i = 1; i <= n; i++)
        printf "%d,2024Q%d,%d,%d,%d,%d,%d,%.6f,%.6f\n", i, (i % 2 ? 3 : 1), 500 + int(rand() * 150000), 100 + int(rand() * 40000),
          5 + int(rand() * 120), 1 + int(rand() * 30), 1 + int(rand() * 10), 36.6 + rand() * 0.4, -1.5 + rand() * 0.4 }' >"$csv"
  fi
else
  data="bench/out/$size"
  csv="$data/speed_points.csv"
  if [[ ! -f "$csv" ]]; then
    echo "generating workload $size in $data" >&2
    ./dm sample --seed 42 --size "$size" --out "$data" >/dev/null
  fi
fi
points() { ogr2ogr "$@" "$csv" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo AUTODETECT_TYPE=YES -a_srs EPSG:4326; }
case "$format" in
  csv) file="$csv" ogr_in="$csv" ;;
  geojson)
    file="$data/speed_points.geojson" ogr_in="$file"
    # RFC 7946 output: WGS 84 without a crs member, as most GeoJSON in the wild.
    [[ -f "$file" ]] || points -f GeoJSON -lco RFC7946=YES -lco WRITE_BBOX=NO "$file" -sql "SELECT id, period, avg_d_kbps, avg_u_kbps, avg_lat_ms, tests, devices FROM speed_points" ;;
  shp)
    file="$data/speed_points.zip" ogr_in="/vsizip/$here/$file/speed_points.shp"
    if [[ ! -f "$file" ]]; then
      rm -rf "$data/shp"; mkdir -p "$data/shp"
      points -f "ESRI Shapefile" "$data/shp/speed_points.shp" -sql "SELECT id, period, avg_d_kbps, avg_u_kbps, avg_lat_ms, tests, devices FROM speed_points"
      (cd "$data/shp" && zip -q -0 "../speed_points.zip" speed_points.*)
    fi ;;
  *) echo "--format is csv, geojson or shp" >&2; exit 2 ;;
esac

# shellcheck source=bench/bench-db.sh
source "$here/bench/bench-db.sh"
bench_database bench_points

# The baseline: points from lon/lat, typed columns (AUTODETECT_TYPE, as dm stores numbers, not text), EPSG:4326,
# serial primary key, GiST index (ogr2ogr creates it before the COPY), text COPY, one transaction (-gt unlimited,
# as dm's import is all or nothing).
if [[ "$format" == csv ]]; then
  ogr_args=(-f PostgreSQL "PG:$db" "$ogr_in" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo AUTODETECT_TYPE=YES
    -a_srs EPSG:4326 -nln bench_points -overwrite -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -gt unlimited
    --config PG_USE_COPY YES)
else
  ogr_args=(-f PostgreSQL "PG:$db" "$ogr_in" -nln bench_points -overwrite -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST
    -gt unlimited --config PG_USE_COPY YES)
fi
ogr() { ogr2ogr "${ogr_args[@]}"; }
dm_import() { ./dm import "$file" --project bench-import --role measurements >/dev/null 2>"$log"; }
# One timed run: wall seconds and peak RSS (kB) of the command, from GNU time.
timed() { /usr/bin/time -f "%e %M" -o "$stats" "$@"; read -r secs rss <"$stats"; }
reset_dm() { ./dm delete project bench-import >/dev/null 2>&1 || true; }   # drops the dataset's partition
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

log="$(mktemp)" stats="$(mktemp)"
trap 'rm -f "$log" "$stats"' EXIT
echo "import benchmark: $file ($(du -h "$file" | cut -f1), $(($(wc -l <"$csv") - 1)) points), $reps interleaved repetitions, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
reset_dm; dm_import; ogr; reset_dm   # warm-up: page cache, dm migrations, catalog caches
dm_times=() ogr_times=() ratios=() dm_rss=() ogr_rss=()
for ((i = 1; i <= reps; i++)); do
  timed ./dm import "$file" --project bench-import --role measurements >/dev/null 2>"$log"; d=$secs; dm_rss+=("$rss"); reset_dm
  timed ogr2ogr "${ogr_args[@]}"; o=$secs; ogr_rss+=("$rss")
  dm_times+=("$d") ogr_times+=("$o") ratios+=("$(echo "$d / $o" | bc -l)")
  printf 'rep %d: dm %.2f s, %d MB (%s)  ogr2ogr %.2f s, %d MB  ratio %.2f\n' "$i" "$d" "$((dm_rss[-1] / 1024))" \
    "$(grep -o 'Read and validated.*' "$log" | tr -d '\n')" "$o" "$((ogr_rss[-1] / 1024))" "$(echo "$d / $o" | bc -l)" >&2
done
dm_med=$(printf '%s\n' "${dm_times[@]}" | median)
ogr_med=$(printf '%s\n' "${ogr_times[@]}" | median)
ratio=$(echo "$dm_med / $ogr_med" | bc -l)
paired=$(printf '%s\n' "${ratios[@]}" | median)
target=1.2
verdict=$(echo "$ratio <= $target" | bc -l | sed 's/1/met/;s/0/MISSED/')
printf 'median (%s): dm import %.2f s, ogr2ogr %.2f s, ratio %.2f (median of the paired ratios %.2f; target <= %s: %s); peak RSS dm %d MB, ogr2ogr %d MB; load %s\n' \
  "$format" "$dm_med" "$ogr_med" "$ratio" "$paired" "$target" "$verdict" "$(($(printf '%s\n' "${dm_rss[@]}" | sort -n | tail -1) / 1024))" \
  "$(($(printf '%s\n' "${ogr_rss[@]}" | sort -n | tail -1) / 1024))" "$(cut -d' ' -f1-3 /proc/loadavg)"
