#!/usr/bin/env bash
# The DivideMapper command line (DESIGN §7). Logs go to stderr, results to stdout.
# Runs a ReadyToRun publish of src/DivideMapper.Cli in src/DivideMapper.Cli/bin/dm/ (precompiled, so each command
# starts without JIT-compiling its libraries), published again whenever a source is newer than the last publish.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/src/DivideMapper.Cli/bin/dm"
dll="$out/dm.dll"
stamp="$out/.published"   # dm.dll itself is not rewritten when only a library's sources changed
if [ ! -f "$dll" ] || [ ! -f "$stamp" ] || [ -n "$(find "$here/src" "$here/Directory.Packages.props" "$here/Directory.Build.props" -newer "$stamp" \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' -o -name '*.props' \) -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
  dotnet publish "$here/src/DivideMapper.Cli" -c Release --use-current-runtime -o "$out" -v q --nologo "-clp:NoSummary;ErrorsOnly" >&2
  touch "$stamp"
fi
# analyze is one long, CPU-bound command: let the runtime start optimising hot methods at once instead of after the
# default 100 ms without new tier-0 methods, which start-up keeps postponing. Whole `dm analyze` on W1 star shapes,
# idle machine: 5.4-5.9 s -> 4.2-5.3 s; short commands lose 60-190 ms with it, so it is set for analyze only.
[ "${1:-}" = analyze ] && export DOTNET_TC_CallCountingDelayMs=0
exec dotnet "$dll" "$@"
