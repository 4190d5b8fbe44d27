"""Derive data/geo/countries.geojson from Natural Earth 1:50m (npm `world-atlas@2`).

Usage: python scripts/build_countries.py PATH/TO/countries-50m.json

`npm pack world-atlas@2` fetches the package; this script reads its TopoJSON
with GDAL, clips it to the atlas region, simplifies it and writes the
committed GeoJSON with ISO alpha-3 codes. Run it again to rebuild the file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

# Southern China (to Shandong) down to Indonesia and Timor-Leste.
REGION = box(88.0, -12.0, 142.0, 38.5)
# ISO 3166-1 numeric -> alpha-3 for the countries that fall in the region.
NUMERIC_TO_ALPHA3 = {
    "156": "CHN",
    "418": "LAO",
    "764": "THA",
    "704": "VNM",
    "116": "KHM",
    "104": "MMR",
    "458": "MYS",
    "360": "IDN",
    "702": "SGP",
    "608": "PHL",
    "096": "BRN",
    "626": "TLS",
    "050": "BGD",
    "356": "IND",
    "064": "BTN",
    "524": "NPL",
    "158": "TWN",
    "410": "KOR",
    "408": "PRK",
    "392": "JPN",
    "598": "PNG",
    "036": "AUS",
    "144": "LKA",
    "583": "FSM",
    "585": "PLW",
    "446": "MAC",
    "344": "HKG",
}
OUT = Path(__file__).resolve().parents[1] / "data" / "geo" / "countries.geojson"
sys.path.insert(0, str(OUT.parents[2]))  # run as a script: the atlas package beside it
from atlas.files import write_atomic  # noqa: E402 (every writer of data files writes atomically)


def main(topojson_path: str) -> None:
    world = gpd.read_file(topojson_path, layer="countries")
    # Drop the unnamed-id remnants (e.g. "Indian Ocean Ter.", no ISO code).
    world = world[world["id"].notna() & world.intersects(REGION)].copy()
    world["geometry"] = world.geometry.intersection(REGION).simplify(0.02)
    world = world[~world.geometry.is_empty]
    world["iso_a3"] = world["id"].map(NUMERIC_TO_ALPHA3)
    missing = world[world["iso_a3"].isna()]
    if len(missing):
        sys.exit(f"no alpha-3 code for numeric ids {sorted(map(str, missing['id']))}")
    world = world[["iso_a3", "name", "geometry"]].sort_values("iso_a3")
    data = json.loads(world.to_json(drop_id=True))
    for feat in data["features"]:
        feat["geometry"] = _round(feat["geometry"])
    write_atomic(OUT, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({len(world)} countries, {OUT.stat().st_size:,} bytes)")


def _round(geom: dict) -> dict:
    def r(c):
        return [round(c[0], 3), round(c[1], 3)] if isinstance(c[0], float) else [r(x) for x in c]

    return {"type": geom["type"], "coordinates": r(geom["coordinates"])}


if __name__ == "__main__":
    main(sys.argv[1])
