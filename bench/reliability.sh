#!/usr/bin/env bash
# Fault and load scenarios on loopback (issue 12 item 8): a throwaway embedded cluster and server of their own,
# bounded loops, then one line of figures per scenario. Usage: bench/reliability.sh [--uploads N] [--readers N]
# Needs a built checkout (./run.sh or ./test.sh once). Nothing leaves 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d /tmp/dm-reliability.XXXXXX)"
export DIVIDEMAPPER_DATA_DIR="$work/data"
export DIVIDEMAPPER_PG_PORT="$(./dm free-port)"
http_port="$(./dm free-port)"
export DM_RELIABILITY_URL="http://127.0.0.1:$http_port"
export DM_RELIABILITY_WORK="$work"
export RateLimits__Enabled=false
cleanup() {
  status=$?
  [ -f "$work/server.pid" ] && kill "$(cat "$work/server.pid")" 2>/dev/null || true
  pg="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pg/pg_ctl" -D "$work/data/pg" -m immediate stop >/dev/null 2>&1 || true
  else "$pg/pg_ctl" -D "$work/data/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  # The server's log outlives a failed run (the figures name what failed; the log says why).
  [ "$status" != 0 ] && [ -f "$work/server.log" ] && cp "$work/server.log" "/tmp/dm-reliability-server-$$.log" \
    && echo "server log kept: /tmp/dm-reliability-server-$$.log" >&2
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/data" "$work/tmp"
# The server's temp files (uploads, import staging) go here, so scenario 3 can count what a killed server left.
export TMPDIR="$work/tmp"
[ "$(id -u)" = 0 ] && chmod 755 "$work"
# Not exec: the EXIT trap must outlive Python, or the cluster and the temp folder stay behind.
/usr/bin/python3 bench/reliability.py "$@"
