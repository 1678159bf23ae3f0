#!/usr/bin/env bash
# Loads sample-data/ into the project "sample" once (a marker in .data/ records it) and runs the default analysis
# for each of its two quarters.
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
# The sample city is public: the map shows it to anonymous visitors (DESIGN §4).
./dm visibility --project sample public >&2
# The default profile (UMC; its 10 Mbit/s target judges fixed tests, which the sample has none of: covered settlements
# show "not enough evidence"), then giga-20 (mobile tests) per quarter: the baseline, then the latest quarter, which
# the map opens on and can compare.
./dm analyze --project sample >&2
./dm analyze --project sample --profile giga-20 --period 2024Q1 >&2
./dm analyze --project sample --profile giga-20 --period 2024Q3 >&2
touch "$marker"
