#!/usr/bin/python3
"""Writes sample-data/population.tif and sample-data/buildings.geojson from sample-data/settlements.geojson.

Deterministic (no randomness beyond a fixed formula), CC0 like the rest of sample-data. Needs Debian's python3-gdal
(/usr/bin/python3). Run from the repository root:  /usr/bin/python3 sample-data/tools/make_population.py

population.tif: people per cell, 0.001° cells (≈ 110 m, WorldPop-like), Float32, deflate, tiled, nodata -99999 (as
WorldPop). Inside settlements people follow a smooth density pattern, scaled per settlement so that the zonal count
(Σ cell people × share of the cell inside the settlement) equals the settlement's population in settlements.geojson;
cells shared by neighbours add both shares, so counts agree to within a few percent. Cells touching no settlement hold
a sparse background (0–3 people) or nodata at the far edges.

buildings.geojson: ~100 footprints (6–14 m, 1–3 floors) in each of the three largest informal settlements, each with
kind=building and a population value; a settlement's buildings hold its population, shared by floor area.
"""
import json
import math
import os
import struct

from osgeo import gdal, ogr, osr

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CELL = 0.001


def density(lon, lat):
    return 1.0 + 0.6 * math.sin(lon * 2500.0) * math.cos(lat * 1900.0)


def main():
    with open(os.path.join(ROOT, "settlements.geojson"), encoding="utf-8") as f:
        settlements = json.load(f)["features"]
    geoms = [ogr.CreateGeometryFromJson(json.dumps(s["geometry"])) for s in settlements]
    env = [min(g.GetEnvelope()[0] for g in geoms), max(g.GetEnvelope()[1] for g in geoms),
           min(g.GetEnvelope()[2] for g in geoms), max(g.GetEnvelope()[3] for g in geoms)]
    margin = 0.01
    x0 = math.floor((env[0] - margin) / CELL) * CELL
    y0 = math.ceil((env[3] + margin) / CELL) * CELL
    cols = int(math.ceil((env[1] + margin - x0) / CELL))
    rows = int(math.ceil((y0 - (env[2] - margin)) / CELL))
    grid = [[0.0] * cols for _ in range(rows)]
    touched = [[False] * cols for _ in range(rows)]

    def cell(c, r):
        x, y = x0 + c * CELL, y0 - r * CELL
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for px, py in ((x, y), (x + CELL, y), (x + CELL, y - CELL), (x, y - CELL), (x, y)):
            ring.AddPoint_2D(px, py)
        poly = ogr.Geometry(ogr.wkbPolygon)
        poly.AddGeometry(ring)
        return poly

    for s, g in zip(settlements, geoms):
        pop = s["properties"].get("population") or 0
        minx, maxx, miny, maxy = g.GetEnvelope()
        c0, c1 = int((minx - x0) / CELL), int((maxx - x0) / CELL)
        r0, r1 = int((y0 - maxy) / CELL), int((y0 - miny) / CELL)
        shares = []
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                poly = cell(c, r)
                if not poly.Intersects(g):
                    continue
                frac = poly.Intersection(g).GetArea() / poly.GetArea()
                if frac > 0:
                    shares.append((c, r, frac, density(x0 + (c + 0.5) * CELL, y0 - (r + 0.5) * CELL)))
        total = sum(frac * w for _, _, frac, w in shares)
        for c, r, frac, w in shares:
            grid[r][c] += pop * w / total
            touched[r][c] = True

    for r in range(rows):
        for c in range(cols):
            if touched[r][c]:
                continue
            edge = min(r, c, rows - 1 - r, cols - 1 - c)
            grid[r][c] = -99999.0 if edge < 2 else float((r * 7 + c * 13) % 4)

    path = os.path.join(ROOT, "population.tif")
    mem = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal.GDT_Float32)
    mem.SetGeoTransform((x0, CELL, 0, y0, 0, -CELL))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    mem.SetProjection(srs.ExportToWkt())
    band = mem.GetRasterBand(1)
    band.SetNoDataValue(-99999)
    band.WriteRaster(0, 0, cols, rows, b"".join(struct.pack("<%df" % cols, *row) for row in grid))
    gdal.GetDriverByName("GTiff").CreateCopy(path, mem, options=["COMPRESS=DEFLATE", "TILED=YES", "BLOCKXSIZE=64", "BLOCKYSIZE=64"])

    informal = sorted((s for s in settlements if s["properties"].get("kind") == "informal"),
                      key=lambda s: -(s["properties"].get("population") or 0))[:3]
    features = []
    for s in informal:
        g = ogr.CreateGeometryFromJson(json.dumps(s["geometry"]))
        minx, maxx, miny, maxy = g.GetEnvelope()
        lat = (miny + maxy) / 2
        m = 1.0 / 111195.0  # degrees per metre of latitude
        buildings = []
        i = 0
        while len(buildings) < 100 and i < 20000:
            i += 1
            u = (i * 0.6180339887) % 1.0
            v = (i * 0.7548776662) % 1.0
            cx, cy = minx + u * (maxx - minx), miny + v * (maxy - miny)
            w = (6 + (i * 5) % 9) * m / math.cos(math.radians(lat))
            h = (6 + (i * 3) % 9) * m
            ring = ogr.Geometry(ogr.wkbLinearRing)
            for px, py in ((cx, cy), (cx + w, cy), (cx + w, cy + h), (cx, cy + h), (cx, cy)):
                ring.AddPoint_2D(round(px, 7), round(py, 7))
            poly = ogr.Geometry(ogr.wkbPolygon)
            poly.AddGeometry(ring)
            if not g.Contains(poly) or any(poly.Intersects(b) for b, _ in buildings):
                continue
            buildings.append((poly, 1 + i % 3))
        floor_area = sum(b.GetArea() * floors for b, floors in buildings)
        pop = s["properties"]["population"]
        for b, floors in buildings:
            features.append({"type": "Feature", "properties": {
                "kind": "building", "floors": floors, "settlement": s["properties"]["name"],
                "population": round(pop * b.GetArea() * floors / floor_area, 4)},
                "geometry": json.loads(b.ExportToJson())})
    with open(os.path.join(ROOT, "buildings.geojson"), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, separators=(",", ":"))
        f.write("\n")
    print(f"population.tif {cols}x{rows}, buildings.geojson {len(features)} footprints")


if __name__ == "__main__":
    main()
