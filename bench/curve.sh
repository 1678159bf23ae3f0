#!/usr/bin/env bash
# The single-node cost curve of docs/scale.md (DESIGN §9 "cost grows linearly; memory stays bounded"): for each size
# (default W1 → W1×4 → W2, seed 42), imports the workload with `dm import` into its own project on one throwaway
# PostGIS cluster (default settings, like `dm bench analysis`), then times the whole `dm analyze --project P --json`
# as a user runs it: one untimed warm-up, then N runs, each the wall clock and peak RSS (GNU time) of the process,
# with the command's own phase split (DIVIDEMAPPER_PHASE_TIMES). Imports are timed once each, with their peak RSS.
#
#   bench/curve.sh [--sizes "w1 w1x4 w2"] [--reps 3] [--shapes organic|star] [--keep]
#
# Prints one table and writes bench/out/curve-<date>.tsv. The cluster is stopped and deleted unless --keep.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
sizes="w1 w1x4 w2" reps=3 shapes=organic keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --shapes) shapes=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: bench/curve.sh [--sizes \"w1 w1x4 w2\"] [--reps N] [--shapes organic|star] [--keep]" >&2; exit 2 ;;
  esac
done

./dm profiles >/dev/null   # publishes dm if its sources changed
dm=("$here/dm")   # the command as a user runs it (launcher and published dm); an array, not a function: GNU time runs it

work="$(mktemp -d /tmp/dividemapper-curve.XXXXXX)"
chmod 755 "$work"
pgdata="$work/pg"
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
port="$("${dm[@]}" free-port)"
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_postgres "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
  if [[ $keep -eq 0 ]]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT INT TERM
mkdir -p "$pgdata"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdata"
as_postgres "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# PostgreSQL defaults (fsync on, shared_buffers 128 MB), loopback only: the settings `dm bench analysis` measures with.
as_postgres "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 -o "-p $port -k $pgdata -c listen_addresses=127.0.0.1" start >/dev/null
export DIVIDEMAPPER_DB="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
export DIVIDEMAPPER_DATA_DIR="$work/data"
phases="$work/phases.json"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# "wall_s peak_kb" of one command (GNU time), its stdout discarded; a failed command stops the script.
timed() {
  if ! /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err"; then
    tail -5 "$work/err" >&2; echo "failed: $*" >&2; kill -TERM $$; exit 1
  fi
  tail -1 "$work/time"
}

out="bench/out/curve-$(date +%Y%m%d-%H%M%S).tsv"
mkdir -p bench/out
printf 'size\tsettlements\tcoverage\tsites\tpoints\timport_s\timport_peak_mb\tanalyze_s\tanalyze_min_s\tanalyze_max_s\tanalyze_peak_mb\tphases\tload_before\tload_after\n' >"$out"
echo "curve: sizes $sizes ($shapes shapes), $reps timed runs each, PostgreSQL defaults on 127.0.0.1:$port, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for size in $sizes; do
  folder="bench/out/$size$([[ $shapes == organic ]] || echo "-$shapes")"
  if [[ ! -f "$folder/settlements.geojson" ]]; then
    echo "generating $size ($shapes) into $folder" >&2
    "${dm[@]}" sample --seed 42 --size "$size" --shapes "$shapes" --out "$folder" >/dev/null
  fi
  load_before="$(cut -d' ' -f1 /proc/loadavg)"
  project="curve-$size"
  import_s=0 import_peak=0
  for spec in settlements:settlements.geojson coverage:coverage.zip sites:cell_sites.csv measurements:speed_points.csv facilities:facilities.gpkg; do
    role=${spec%%:*} file="$folder/${spec#*:}"
    [[ -f "$file" ]] || { echo "  $size: no ${file##*/}, skipped" >&2; continue; }
    read -r s kb < <(timed "${dm[@]}" import "$file" --project "$project" --role "$role")
    echo "  $size import $role: ${s} s, peak $((kb / 1024)) MB" >&2
    import_s=$(awk -v a="$import_s" -v b="$s" 'BEGIN {print a + b}')
    (( kb > import_peak )) && import_peak=$kb
  done
  DIVIDEMAPPER_PHASE_TIMES="$phases" timed "${dm[@]}" analyze --project "$project" --json >/dev/null   # warm-up: page cache, metric CRS chosen
  walls=() peaks=() phase_lines=()
  for ((i = 1; i <= reps; i++)); do
    read -r s kb < <(DIVIDEMAPPER_PHASE_TIMES="$phases" timed "${dm[@]}" analyze --project "$project" --json)
    walls+=("$s") peaks+=("$kb") phase_lines+=("$s $(tr -d ' \n' <"$phases")")
    echo "  $size analyze #$i: ${s} s, peak $((kb / 1024)) MB" >&2
  done
  wall=$(printf '%s\n' "${walls[@]}" | median)
  peak=$(printf '%s\n' "${peaks[@]}" | median)
  # The phase split of the median run.
  split=$(printf '%s\n' "${phase_lines[@]}" | sort -g | awk -v n="${#phase_lines[@]}" 'NR == int((n + 1) / 2) {print $2}')
  counts=$(psql "host=127.0.0.1 port=$port user=postgres dbname=postgres" -qAtF $'\t' -c "
    SELECT (SELECT count(*) FROM settlement s JOIN project p ON p.id = s.project_id WHERE p.slug = '$project'),
           (SELECT count(*) FROM coverage c JOIN project p ON p.id = c.project_id WHERE p.slug = '$project'),
           (SELECT count(*) FROM site t JOIN project p ON p.id = t.project_id WHERE p.slug = '$project'),
           (SELECT count(*) FROM measurement m JOIN project p ON p.id = m.project_id WHERE p.slug = '$project')")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$counts" "$import_s" "$((import_peak / 1024))" "$wall" \
    "$(printf '%s\n' "${walls[@]}" | sort -g | head -1)" "$(printf '%s\n' "${walls[@]}" | sort -g | tail -1)" \
    "$((peak / 1024))" "$split" "$load_before	$(cut -d' ' -f1 /proc/loadavg)" >>"$out"
done
column -t -s $'\t' "$out"
echo "written: $out" >&2
