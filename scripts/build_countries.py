"""Derive data/geo/countries.geojson from Natural Earth 1:50m (npm `world-atlas`, version pinned).

    python scripts/build_countries.py                      # the pinned countries-50m.json, fetched into .cache/ -> data/geo/
    python scripts/build_countries.py PATH/TO/countries-50m.json [--out-dir DIR]

With no PATH the input is the world-atlas file pinned (version and SHA-256) in
data/README.md: taken from the git-ignored .cache/ if it is there with that
SHA-256, else fetched with `npm pack` and checked. Without npm (or without the
network) the script says so and builds nothing; a different SHA-256 is an error.
The script reads the TopoJSON with GDAL, clips it to the atlas region,
simplifies it and writes the committed GeoJSON with ISO alpha-3 codes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
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
CACHE = OUT.parents[2] / ".cache"
sys.path.insert(0, str(OUT.parents[2]))  # run as a script: the atlas package beside it
sys.path.insert(0, str(OUT.parents[2] / "scripts"))
from pins import read_pins, sha256  # noqa: E402

from atlas.files import write_atomic  # noqa: E402 (every writer of data files writes atomically)


def pinned_input() -> tuple[str, str]:
    """(`world-atlas@<version>/countries-50m.json`, its SHA-256) from data/README.md."""
    rows = [(path, digest) for path, (_, digest) in read_pins().items() if path.startswith("world-atlas@")]
    if len(rows) != 1:
        raise SystemExit(f"data/README.md: expected one pinned world-atlas file, found {len(rows)}")
    return rows[0]


def fetch(cache: Path = CACHE) -> Path | None:
    """The pinned file in `cache`, fetched with npm if it is not there; None (said why) without npm or network."""
    pin, digest = pinned_input()
    target = cache / pin
    if not (target.exists() and sha256(target) == digest):
        if shutil.which("npm") is None:
            print(f"countries: npm not found, so {pin} cannot be fetched: skipped (countries.geojson left as it is)")
            return None
        package, member = pin.split("/", 1)
        with tempfile.TemporaryDirectory() as tmp:
            run = subprocess.run(["npm", "pack", package, "--pack-destination", tmp, "--silent"], capture_output=True, text=True)
            if run.returncode != 0:
                print(f"countries: `npm pack {package}` failed: skipped ({run.stderr.strip().splitlines()[-1:]})")
                return None
            with tarfile.open(next(Path(tmp).glob("*.tgz"))) as tgz:
                data = tgz.extractfile(f"package/{member}").read()
        write_atomic(target, data)
        if sha256(target) != digest:
            raise SystemExit(f"{target}: expected SHA-256 {digest} (data/README.md), found {sha256(target)}")
    return target


def main(topojson_path: str | Path, out: Path = OUT) -> None:
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
    write_atomic(out, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({len(world)} countries, {out.stat().st_size:,} bytes)")


def _round(geom: dict) -> dict:
    def r(c):
        return [round(c[0], 3), round(c[1], 3)] if isinstance(c[0], float) else [r(x) for x in c]

    return {"type": geom["type"], "coordinates": r(geom["coordinates"])}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, help="a countries-50m.json (default: the pinned one, fetched into .cache/)")
    ap.add_argument("--out-dir", type=Path, default=OUT.parent, help="where to write countries.geojson (default data/geo/)")
    args = ap.parse_args()
    src = args.path or fetch()
    if src is not None:
        main(src, args.out_dir / OUT.name)
