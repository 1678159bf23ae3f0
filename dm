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
exec dotnet "$dll" "$@"
