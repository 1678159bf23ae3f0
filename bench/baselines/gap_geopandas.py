#!/usr/bin/python3
"""Gap analysis baseline in GeoPandas (DESIGN §9: "≥ 3× faster than GeoPandas overlay").

Same method as gap_postgis.sql and DivideMapper (DESIGN §5 steps 1–2): for each target tech T in 2G..5G the
footprint F(T) is the union of coverage polygons and cell-site disks of mobile tech >= T (fixed is its own footprint), in a metric CRS; each
settlement's gap is settlement − F(T), computed with geopandas.overlay(how="difference").

Reads the files of a generated city (./dm sample --size w1 --out DIR): settlements.geojson, coverage.zip and
cell_sites.csv. Prints one JSON document with the elapsed seconds (reading included, as DivideMapper's
measurement includes loading) and totals per tech. --out FILE also writes settlement_id,tech,area_m2,gap_area_m2.

Runs on Debian's python3-geopandas (bench/install-baselines.sh), hence /usr/bin/python3 rather than any
python3 first on PATH.
"""
import argparse
import json
import os
import sys
import time
import warnings

import geopandas as gpd
import pandas as pd
import shapely

RADIO_RANK = {"GSM": 2, "UMTS": 3, "LTE": 4, "NR": 5}
TECH_RANK = {"2G": 2, "3G": 3, "4G": 4, "5G": 5, "FIXED": 6}


def union_all(series):
    # geopandas >= 1.0 has union_all(); Debian bookworm ships 0.12 with unary_union.
    return series.union_all() if hasattr(series, "union_all") else series.unary_union


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", help="directory written by ./dm sample")
    parser.add_argument("--srid", type=int, default=32737, help="metric CRS (default 32737, UTM 37S)")
    parser.add_argument("--quad-segs", type=int, default=32, help="segments per quarter circle for site disks (32, as DivideMapper)")
    parser.add_argument("--out", help="CSV file for per-settlement results")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=DeprecationWarning)

    started = time.perf_counter()
    crs = f"EPSG:{args.srid}"
    settlements = gpd.read_file(os.path.join(args.directory, "settlements.geojson")).to_crs(crs)
    settlements = settlements[["id", "geometry"]].rename(columns={"id": "settlement_id"})
    coverage = gpd.read_file("zip://" + os.path.abspath(os.path.join(args.directory, "coverage.zip"))).to_crs(crs)
    coverage["rank"] = coverage["tech"].str.upper().map(TECH_RANK)
    sites = pd.read_csv(os.path.join(args.directory, "cell_sites.csv"))
    disks = gpd.GeoDataFrame(
        {"rank": sites["radio"].map(RADIO_RANK)},
        geometry=gpd.points_from_xy(sites["lon"], sites["lat"], crs="EPSG:4326"),
    ).to_crs(crs)
    disks["geometry"] = disks.buffer(sites["range"].to_numpy(), resolution=args.quad_segs)
    footprints = pd.concat([coverage[["rank", "geometry"]], disks[disks.geometry.area > 0]], ignore_index=True)
    loaded = time.perf_counter()

    rows = []
    totals = {}
    for rank, tech in ((2, "2G"), (3, "3G"), (4, "4G"), (5, "5G")):
        footprint = gpd.GeoDataFrame(geometry=[union_all(footprints[(footprints["rank"] >= rank) & (footprints["rank"] <= 5)].geometry)], crs=crs)
        gaps = gpd.overlay(settlements, footprint, how="difference", keep_geom_type=True)
        gap_area = gaps.assign(gap_area_m2=gaps.area).groupby("settlement_id")["gap_area_m2"].sum()
        result = settlements.assign(tech=tech, area_m2=settlements.area)
        result["gap_area_m2"] = result["settlement_id"].map(gap_area).fillna(0.0)
        rows.append(result[["settlement_id", "tech", "area_m2", "gap_area_m2"]])
        totals[tech] = round(float(result["gap_area_m2"].sum()), 1)
    finished = time.perf_counter()

    results = pd.concat(rows, ignore_index=True)
    if args.out:
        results.to_csv(args.out, index=False)
    json.dump(
        {
            "baseline": "geopandas-overlay",
            "directory": args.directory,
            "settlements": int(len(settlements)),
            "footprint_polygons": int(len(footprints)),
            "elapsed_s": round(finished - started, 3),
            "load_s": round(loaded - started, 3),
            "analysis_s": round(finished - loaded, 3),
            "gap_area_m2": totals,
            "versions": {"geopandas": gpd.__version__, "shapely": shapely.__version__, "python": sys.version.split()[0]},
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
