#!/usr/bin/env bash
# DESIGN §9 import benchmark: `./dm import speed_points.csv --role measurements` against `ogr2ogr -f PostgreSQL`
# on the same file into the same PostGIS, side by side: one untimed warm-up of each, then N interleaved timed
# repetitions (dm, ogr2ogr, dm, ogr2ogr …); prints the medians and the ratio against the 1.5× target.
#
#   bench/import.sh [--size w1|w2|small] [--reps N] [--db CONNINFO] [--dbname NAME]
#
# --db is a libpq conninfo ('host=127.0.0.1 port=5432 user=postgres dbname=postgres'); the bench creates and
# uses a database NAME (default bench_import) on that server for both tools. Without --db it uses the embedded cluster of
# ./dm (started on demand). Each repetition starts from an empty measurement table on both sides: ogr2ogr with
# -overwrite, dm after deleting the previous bench project (untimed). Times are wall clock of the whole command,
# process start-up included.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
size=w1 reps=5 conninfo="" dbname=bench_import
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --db) conninfo=$2; shift 2 ;;
    --dbname) dbname=$2; shift 2 ;;
    *) echo "usage: bench/import.sh [--size w1|w2|small] [--reps N] [--db CONNINFO] [--dbname NAME]" >&2; exit 2 ;;
  esac
done

data="bench/out/$size"
if [[ ! -f "$data/speed_points.csv" ]]; then
  echo "generating workload $size in $data" >&2
  ./dm sample --seed 42 --size "$size" --out "$data" >/dev/null
fi
file="$data/speed_points.csv"

if [[ -z "$conninfo" ]]; then
  unset DIVIDEMAPPER_DB
  ./dm projects >/dev/null   # builds dm if needed and starts the embedded cluster
  datadir="${DIVIDEMAPPER_DATA_DIR:-$here/.data}"
  conninfo="host=127.0.0.1 port=${DIVIDEMAPPER_PG_PORT:-55432} user=dividemapper password=$(cat "$datadir/pg.password") dbname=dividemapper"
fi
export PGOPTIONS="-c client_min_messages=warning"
psql "$conninfo" -qAtc "SELECT 1 FROM pg_database WHERE datname = '$dbname'" | grep -q 1 \
  || psql "$conninfo" -qc "CREATE DATABASE $dbname"
db="$(sed -E 's/(^| )dbname=[^ ]*//' <<<"$conninfo") dbname=$dbname"
psql "$db" -qc "CREATE EXTENSION IF NOT EXISTS postgis"
if [[ -n "${datadir:-}" ]]; then
  # Embedded cluster: dm and ogr2ogr both work as the app's owner role (no superuser), as in production.
  psql "$db" -qc "DROP TABLE IF EXISTS bench_points" -c "ALTER DATABASE $dbname OWNER TO dividemapper_app"
  db="$(sed -E 's/(^| )(user|password)=[^ ]*//g' <<<"$db") user=dividemapper_app password=$(cat "$datadir/pg.app.password")"
fi

# The same server for dm, as an Npgsql connection string.
npgsql=""
for kv in $db; do
  k=${kv%%=*} v=${kv#*=}
  case "$k" in
    host) npgsql+="Host=$v;" ;; port) npgsql+="Port=$v;" ;; user) npgsql+="Username=$v;" ;;
    password) npgsql+="Password=$v;" ;; dbname) npgsql+="Database=$v;" ;;
  esac
done
export DIVIDEMAPPER_DB="$npgsql"

# The baseline: points from lon/lat, typed columns (AUTODETECT_TYPE, as dm stores numbers, not text), EPSG:4326,
# serial primary key, GiST index (ogr2ogr creates it before the COPY), text COPY, one transaction (-gt unlimited,
# as dm's import is all or nothing).
ogr() {
  ogr2ogr -f PostgreSQL "PG:$db" "$file" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo AUTODETECT_TYPE=YES \
    -a_srs EPSG:4326 -nln bench_points -overwrite -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -gt unlimited \
    --config PG_USE_COPY YES
}
dm_import() { ./dm import "$file" --project bench-import --role measurements >/dev/null 2>"$log"; }
reset_dm() { psql "$db" -qc "DELETE FROM project WHERE slug = 'bench-import'" -c "VACUUM measurement" >/dev/null 2>&1 || true; }
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "import benchmark: $file ($(wc -l <"$file") lines), $reps interleaved repetitions, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
reset_dm; dm_import; ogr; reset_dm   # warm-up: page cache, dm migrations, catalog caches
dm_times=() ogr_times=() ratios=()
for ((i = 1; i <= reps; i++)); do
  t0=$(now); dm_import; t1=$(now); reset_dm
  t2=$(now); ogr; t3=$(now)
  d=$(echo "$t1 - $t0" | bc) o=$(echo "$t3 - $t2" | bc)
  dm_times+=("$d") ogr_times+=("$o") ratios+=("$(echo "$d / $o" | bc -l)")
  printf 'rep %d: dm %.2f s (%s)  ogr2ogr %.2f s  ratio %.2f\n' "$i" "$d" \
    "$(grep -o 'Read and validated.*' "$log" | tr -d '\n')" "$o" "$(echo "$d / $o" | bc -l)" >&2
done
dm_med=$(printf '%s\n' "${dm_times[@]}" | median)
ogr_med=$(printf '%s\n' "${ogr_times[@]}" | median)
ratio=$(echo "$dm_med / $ogr_med" | bc -l)
paired=$(printf '%s\n' "${ratios[@]}" | median)
verdict=$(echo "$ratio <= 1.5" | bc -l | sed 's/1/met/;s/0/MISSED/')
printf 'median: dm import %.2f s, ogr2ogr %.2f s, ratio %.2f (median of the paired ratios %.2f; target <= 1.50: %s); load %s\n' \
  "$dm_med" "$ogr_med" "$ratio" "$paired" "$verdict" "$(cut -d' ' -f1-3 /proc/loadavg)"
