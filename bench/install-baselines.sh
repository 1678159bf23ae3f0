#!/usr/bin/env bash
# Installs what the benchmark baselines need beyond DivideMapper itself: Debian's python3-geopandas for
# bench/baselines/gap_geopandas.py, with python3-rtree (the spatial index its overlay needs). Non-interactive; does nothing when it is already there.
# PostGIS and gdal-bin come with DivideMapper's own setup (DESIGN §3).
set -euo pipefail

if /usr/bin/python3 -c 'import geopandas, rtree' 2>/dev/null; then
    echo "python3-geopandas: already installed ($(/usr/bin/python3 -c 'import geopandas; print(geopandas.__version__)'))"
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-baselines: run as root or install sudo" >&2; exit 1; }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y --no-install-recommends python3-geopandas python3-rtree
/usr/bin/python3 -c 'import geopandas; print("python3-geopandas: installed", geopandas.__version__)'
