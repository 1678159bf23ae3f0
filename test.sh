#!/usr/bin/env bash
# Installs what is missing, starts a throwaway PostGIS cluster on a free port in a temp folder, runs every test
# project (unit, PostGIS integration, HTTP, browser), always stops the cluster, and ends with "N passed, N failed".
# Optional, for development: `./test.sh Web Data` runs only the test projects whose names contain those words, and
# DM_TEST_FILTER passes a `dotnet test --filter` expression (e.g. DM_TEST_FILTER='FullyQualifiedName~Tiles').
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh --test

work="$(mktemp -d /tmp/dividemapper-test.XXXXXX)"
chmod 755 "$work"
pgdata="$work/pg"
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
port="$(./dm free-port)"  # the same FreePort helper the tests and the bench use

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  as_postgres "$pgbin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

mkdir -p "$pgdata"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdata"
as_postgres "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Throwaway cluster: durability off for speed; loopback only.
as_postgres "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
  -o "-p $port -k $pgdata -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
echo "Throwaway PostGIS cluster on 127.0.0.1:$port" >&2

export DIVIDEMAPPER_TEST_DB="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
# Tests must never touch the developer's embedded cluster.
export DIVIDEMAPPER_DATA_DIR="$work/data"
unset DIVIDEMAPPER_DB

results="$work/results"
status=0
only=("$@")
filter=()
[ -n "${DM_TEST_FILTER:-}" ] && filter=(--filter "$DM_TEST_FILTER")
for project in tests/*.Tests/*.csproj; do
  name="$(basename "$project" .csproj)"
  if [ ${#only[@]} -gt 0 ]; then
    keep=0
    for word in "${only[@]}"; do case "$name" in *"$word"*) keep=1 ;; esac; done
    [ $keep -eq 1 ] || continue
  fi
  echo "== $name" >&2
  dotnet test "$project" -c Release --no-build --nologo -v q \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" "${filter[@]}" || status=1
done

summary="$(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    skipped += int(c.get("notExecuted", 0))
line = f"{passed} passed, {failed} failed"
if skipped: line += f", {skipped} skipped"
print(line)
PY
)"
echo "$summary"
case "$summary" in 0\ passed*) status=1 ;; esac
case "$summary" in *", 0 failed"*) ;; *) status=1 ;; esac
exit $status
