#!/usr/bin/env bash
# Loads sample-data/ into the project "sample" once (a marker in .data/ records it) and runs the default analysis.
set -euo pipefail
cd "$(dirname "$0")/.."
marker=".data/sample-loaded"
[ -f "$marker" ] && exit 0
[ -f sample-data/load.txt ] || { echo "No sample-data/load.txt; nothing to load." >&2; exit 0; }
mkdir -p .data
# load.txt: one "ROLE FILE [extra dm import options]" per line, in import order.
while read -r role file extra; do
  case "$role" in ''|'#'*) continue ;; esac
  echo "Loading sample-data/$file as $role" >&2
  # shellcheck disable=SC2086
  ./dm import "sample-data/$file" --project sample --role "$role" $extra >&2
done < sample-data/load.txt
./dm analyze --project sample >&2
touch "$marker"
