#!/usr/bin/env bash
# Sets up everything missing, starts the embedded PostGIS cluster (.data/pg), migrates, loads sample-data/ once,
# and serves the map at http://127.0.0.1:5080 (override with DM_URLS).
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh
./scripts/load-sample.sh
exec ./dm serve --urls "${DM_URLS:-http://127.0.0.1:5080}"
