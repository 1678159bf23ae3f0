#!/usr/bin/env bash
# The DivideMapper command line (DESIGN §7). Builds itself when the sources are newer than the binary.
# Logs go to stderr, results to stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dll="$here/src/DivideMapper.Cli/bin/Release/net10.0/dm.dll"
if [ ! -f "$dll" ] || [ -n "$(find "$here/src" "$here/Directory.Packages.props" -newer "$dll" \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' -o -name '*.props' \) -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
  dotnet build "$here/src/DivideMapper.Cli" -c Release -v q --nologo "-clp:NoSummary;ErrorsOnly" >&2
fi
exec dotnet "$dll" "$@"
