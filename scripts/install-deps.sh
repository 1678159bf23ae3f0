#!/usr/bin/env bash
# Installs what DivideMapper needs and is missing: Debian packages, web/ npm packages, the .NET build.
# Non-interactive and idempotent: a second run installs nothing. `--test` adds what the tests need (chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

want=(postgresql-15 postgresql-15-postgis-3 gdal-bin)
# python3-owslib: the OGC API client the OGC tests read the served collections with, as a Python GIS user would.
[ "${1:-}" = "--test" ] && want+=(chromium python3-owslib)

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo -n"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# Debian's postgresql package starts its own "main" cluster on 5432; we never use it, so stop it to free memory.
if command -v pg_lsclusters >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q '^15 *main .*online'; then
  pg_ctlcluster 15 main stop 2>/dev/null || true
fi

# Web libraries come from npm (lock file committed), never from a CDN.
if [ -f web/package-lock.json ]; then
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    echo "Installing web/ npm packages" >&2
    (cd web && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
fi

if [ "${DM_SKIP_BUILD:-}" != "1" ]; then
  dotnet build DivideMapper.sln -c Release -v q --nologo "-clp:NoSummary;ErrorsOnly" >&2
fi
