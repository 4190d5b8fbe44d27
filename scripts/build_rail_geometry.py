"""Trace rail lines of the atlas on OpenStreetMap track (HOT exports, ODbL).

    python scripts/build_rail_geometry.py                       # data/raw/osm/*.geojson -> data/geo/rail_corridors.geojson
    python scripts/build_rail_geometry.py --from-hot DIR        # first refresh data/raw/osm/ from full HOT exports in DIR

The inputs are the Humanitarian OpenStreetMap Team's railway exports per country
(`hotosm_<iso3>_railways_lines_geojson.geojson`). `--from-hot` keeps, per
country, only the ways that a target below selects (by name, inside its
corridor box), so that data/raw/osm/ stays small and the build runs offline.

For each target the selected ways become a graph (networkx): a node per shared
vertex, an edge per segment weighted by its length on the WGS84 ellipsoid, and
gaps up to GAP_KM between loose ends bridged. The line is the shortest path
between the graph nodes nearest the target's two ends, simplified to about
SIMPLIFY_M and written into the feature with `geometry_precision: traced`.
Where only part of a line is traced (the Lao half of the China–Laos Railway),
the feature becomes a MultiLineString whose `part_precisions` and `part_names`
say which part is which; the other part keeps its vertices.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
from pathlib import Path

import networkx as nx
import shapely
from pyproj import Geod
from shapely.geometry import LineString, mapping, shape

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script: the atlas package beside it
from atlas.files import write_atomic  # noqa: E402 (every writer of data files writes atomically)

RAW = REPO / "data" / "raw" / "osm"
LAYER = REPO / "data" / "geo" / "rail_corridors.geojson"
GEOD = Geod(ellps="WGS84")
GAP_KM = 15.0  # loose ends closer than this are joined straight: the exports lack some long tunnel and bridge ways (up to ~12 km)
GAP_PENALTY = 3.0
SIMPLIFY_M = 50
KEEP = ("osm_id", "name", "name:en", "railway")


@dataclasses.dataclass(frozen=True)
class Target:
    """A stretch of one atlas line, traced between two points on the ways that `names` select."""

    feature_id: str
    countries: tuple[str, ...]  # HOT file codes (iso3, lower case)
    start: tuple[float, float]  # lon, lat near the first end
    end: tuple[float, float]
    box: tuple[float, float, float, float]  # w, s, e, n: the corridor the ways must lie in
    names: tuple[str, ...] = ()  # `name` or `name:en` values to keep; empty: every rail way in the box
    part: int | None = None  # which part of a MultiLineString this stretch replaces
    part_names: tuple[str, ...] = ()
    keep_in: str | None = None  # first build of a part: the old vertices inside this country become the other part
    untraced_tail: tuple[float, float] | None = None  # the export has no track beyond `end`: a schematic last part to here
    # the export lacks a longer stretch in the middle: links up to this long are allowed, and each one
    # longer than GAP_KM becomes its own schematic part between traced parts (named in `part_names`)
    max_gap_km: float = GAP_KM


TARGETS = (
    # the Lao half of the China–Laos Railway; the Chinese half stays drawn through its stations
    Target(
        "china_laos_railway",
        ("lao",),
        start=(101.6720, 21.1841),
        end=(102.7250, 18.0520),
        box=(101.4, 17.9, 102.9, 21.3),
        names=("Vientiane–Boten Railway", "ທາງລົດໄຟ ລາວ-ຈີນ"),
        part=1,
        part_names=("Kunming–Mohan (China)", "Boten–Vientiane (Laos)"),
        keep_in="CHN",
    ),
    # Nong Khai over the Friendship Bridge to Thanaleng and Khamsavath
    Target(
        "thailand_laos_railway",
        ("tha", "lao"),
        start=(102.7420, 17.8690),
        end=(102.67472, 17.95750),
        box=(102.60, 17.80, 102.80, 18.00),
    ),
    # the Vietnamese half of the Nanning–Hanoi route; the Chinese half stays schematic
    Target(
        "nanning_hanoi_railway",
        ("vnm",),
        start=(106.6967, 21.9458),
        end=(105.8800, 21.0500),
        box=(105.75, 20.95, 106.80, 22.05),
        names=("Hanoi - Dong Dang Railway", "Đường sắt Hà Nội - Đồng Đăng"),
        part=1,
        part_names=("Nanning–Pingxiang (China)", "Dong Dang–Hanoi (Vietnam)"),
        keep_in="CHN",
    ),
    # the existing metre-gauge line that the CRBC upgrade study covers
    Target(
        "china_cambodia_railway",
        ("khm",),
        start=(104.9160, 11.5700),
        end=(102.9250, 13.5810),
        box=(102.4, 11.4, 105.1, 13.8),
        names=("Phnom Penh - Poipet Railway",),
        untraced_tail=(102.5600, 13.6600),
        part_names=("Phnom Penh–Sisophon", "Sisophon–Poipet (no track in the export)"),
    ),
    # the existing metre-gauge lines a journey Kunming–Singapore can take today
    Target(
        "thai_northeastern_line",
        ("tha",),
        start=(100.5405, 13.8040),
        end=(102.7420, 17.8690),
        box=(100.3, 13.6, 103.0, 18.0),
        names=(
            "Northern-Northeastern Line",
            "ทางรถไฟสายเหนือ-ตะวันออกเฉียงเหนือ",
            "ทางรถไฟสายเหนือ/ตะวันออกเฉียงเหนือ",
            "ทางรถไฟสายเหนือ/ตะวันออกฉียงเหนือ",
            "Northeastern Line",
            "สายตะวันออกเฉียงเหนือ",
            "Kaeng Khoi - Bua Yai segment",
            "สายแก่งคอย - บัวใหญ่",
        ),
        max_gap_km=40.0,
        # the export holds the Kaeng Khoi–Bua Yai chord more whole than the line through Nakhon Ratchasima
        part_names=(
            "Bangkok–Kaeng Khoi chord, km 0–176",
            "km 176–192 (no track in the export)",
            "km 192–303",
            "km 303–319 (no track in the export)",
            "km 319–Nong Khai",
        ),
    ),
    Target(
        "thai_southern_line",
        ("tha",),
        start=(100.5405, 13.8040),
        end=(100.3173, 6.6625),
        box=(98.0, 6.3, 101.0, 14.0),
        names=("Southern Line", "สายใต้", "ทางรถไฟสายใต้", "Hat Yai Junction-Padang Besar Line", "สายชุมทางหาดใหญ่–ปาดังเบซาร์"),
    ),
    Target(
        "ktm_west_coast_line",
        ("mys",),
        start=(100.3173, 6.6625),
        end=(102.6117, 2.5832),
        box=(100.0, 2.4, 102.8, 6.8),
        names=("KTM",),
    ),
    # the KTM line that the Gemas–Johor Bahru double-tracking rebuilds; the export lacks Paloh–Kluang
    Target(
        "gemas_jb_edtp",
        ("mys",),
        start=(102.6117, 2.5832),
        end=(103.7578, 1.4655),
        box=(102.2, 1.3, 103.9, 2.8),
        names=("KTM",),
        max_gap_km=30.0,
        part_names=("Gemas–Paloh", "Paloh–Kluang (no track in the export)", "Kluang–Johor Bahru"),
    ),
)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000.0


def selects(target: Target, props: dict, geom) -> bool:
    if props.get("railway") != "rail":
        return False
    unnamed = not props.get("name") and not props.get("name:en")  # bridges and tunnels are often mapped without the line's name
    if target.names and not unnamed and props.get("name") not in target.names and props.get("name:en") not in target.names:
        return False
    return shapely.intersects(geom, shapely.box(*target.box))


def refresh_raw(hot_dir: Path) -> None:
    """Keep, per country, only the ways some target selects, with their OSM ids and names."""
    RAW.mkdir(parents=True, exist_ok=True)
    for iso3 in sorted({c for t in TARGETS for c in t.countries}):
        src = next(hot_dir.glob(f"hotosm_{iso3}_railways_lines_geojson.geojson"))
        doc = json.loads(src.read_text(encoding="utf-8"))
        kept = []
        for f in doc["features"]:
            geom = shape(f["geometry"])
            if any(iso3 in t.countries and selects(t, f["properties"], geom) for t in TARGETS):
                props = {k: f["properties"].get(k) for k in KEEP}
                kept.append({"type": "Feature", "properties": props, "geometry": mapping(geom)})
        out = {"type": "FeatureCollection", "name": src.stem, "features": kept}
        write_atomic(RAW / f"hotosm_{iso3}_railways_selected.geojson", json.dumps(out, ensure_ascii=False) + "\n")
        print(f"{iso3}: kept {len(kept)} of {len(doc['features'])} ways")


def graph_of(lines: list[LineString], max_gap_km: float = GAP_KM) -> nx.Graph:
    g = nx.Graph()
    for line in lines:
        pts = [(round(x, 7), round(y, 7)) for x, y in line.coords]
        for a, b in zip(pts, pts[1:], strict=False):
            if a != b:
                g.add_edge(a, b, weight=km(a, b))
    # close gaps: link the pieces by their closest vertices, shortest links first (a spanning forest
    # over the pieces), each link at most GAP_KM; a link costs GAP_PENALTY times its length, so the
    # path takes it only where the export has no track
    pieces = [list(c) for c in nx.connected_components(g)]
    trees = [shapely.STRtree([shapely.Point(n) for n in piece]) for piece in pieces]
    links = []
    for i, piece in enumerate(pieces):
        for j in range(i + 1, len(pieces)):
            near = trees[j].nearest([shapely.Point(n) for n in piece])
            pairs = [(km(a, pieces[j][k]), a, pieces[j][k]) for a, k in zip(piece, near, strict=True)]
            d, a, b = min(pairs)
            if d <= max_gap_km:
                links.append((d, a, b, i, j))
    forest = nx.utils.UnionFind(range(len(pieces)))
    for d, a, b, i, j in sorted(links):
        if forest[i] != forest[j]:
            forest.union(i, j)
            g.add_edge(a, b, weight=d * GAP_PENALTY, gap=True)
    return g


def simplified(coords: list) -> LineString:
    line = LineString(coords)
    tol = SIMPLIFY_M / 111_320 / math.cos(math.radians(line.centroid.y))  # metres -> degrees of longitude here
    return shapely.simplify(line, tol, preserve_topology=True)


def trace_parts(target: Target) -> list[tuple[str, LineString]]:
    """The traced path as (precision, line) parts: one traced part, or, where a link longer than
    GAP_KM was needed (only with a larger `max_gap_km`), traced parts with a schematic part for each such link."""
    path, g = _path(target)
    parts: list[tuple[str, list]] = [("traced", [path[0]])]
    for p, q in zip(path, path[1:], strict=False):
        if g.edges[p, q].get("gap") and km(p, q) > GAP_KM:
            parts += [("schematic", [p, q]), ("traced", [q])]
        else:
            parts[-1][1].append(q)
    return [(prec, simplified(c) if prec == "traced" else LineString(c)) for prec, c in parts]


def _path(target: Target, ways: list | None = None) -> tuple[list, nx.Graph]:
    if ways is None:
        ways = []
        for iso3 in target.countries:
            doc = json.loads((RAW / f"hotosm_{iso3}_railways_selected.geojson").read_text(encoding="utf-8"))
            ways += [shape(f["geometry"]) for f in doc["features"] if selects(target, f["properties"], shape(f["geometry"]))]
    g = graph_of(ways, target.max_gap_km)

    def nearest(p):
        return min(g.nodes, key=lambda n: (n[0] - p[0]) ** 2 + (n[1] - p[1]) ** 2)

    a, b = nearest(target.start), nearest(target.end)
    for label, want, got in (("start", target.start, a), ("end", target.end, b)):
        if km(want, got) > 5:
            raise SystemExit(f"{target.feature_id}: no track within 5 km of its {label} {want} (nearest {got})")
    path = nx.shortest_path(g, a, b, weight="weight")
    gaps = [km(p, q) for p, q in zip(path, path[1:], strict=False) if g.edges[p, q].get("gap")]
    if gaps:
        print(f"{target.feature_id}: {len(gaps)} gap(s) bridged straight, longest {max(gaps):.1f} km, {sum(gaps):.1f} km in all")
    return path, g


def countries() -> dict:
    doc = json.loads((REPO / "data" / "geo" / "countries.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["iso_a3"]: shape(f["geometry"]) for f in doc["features"]}


def length_km(line: LineString) -> float:
    return abs(GEOD.geometry_length(line)) / 1000.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from-hot", type=Path, help="a folder of full HOT railway exports to refresh data/raw/osm/ from")
    args = ap.parse_args()
    if args.from_hot:
        refresh_raw(args.from_hot)
    layer = json.loads(LAYER.read_text(encoding="utf-8"))
    by_id = {f["properties"]["id"]: f for f in layer["features"]}
    for t in TARGETS:
        feat, props = by_id[t.feature_id], by_id[t.feature_id]["properties"]
        pieces = trace_parts(t)
        if len(pieces) > 1:  # traced parts around the stretches the export lacks (only with a larger max_gap_km)
            coords = [[[round(x, 5), round(y, 5)] for x, y in line.coords] for _, line in pieces]
            feat["geometry"] = {"type": "MultiLineString", "coordinates": coords}
            props["geometry_precision"] = "traced"
            props["part_precisions"], props["part_names"] = [prec for prec, _ in pieces], list(t.part_names)
            km_by = {prec: sum(length_km(line) for p, line in pieces if p == prec) for prec, _ in pieces}
            print(
                f"{t.feature_id}: {len(pieces)} parts, traced {km_by.get('traced', 0):,.1f} km, schematic {km_by.get('schematic', 0):,.1f} km"
            )
            continue
        line = LineString([(round(x, 5), round(y, 5)) for x, y in pieces[0][1].coords])
        if t.untraced_tail:
            coords = [list(c) for c in line.coords]
            feat["geometry"] = {"type": "MultiLineString", "coordinates": [coords, [coords[-1], list(t.untraced_tail)]]}
            props["geometry_precision"] = "traced"
            props["part_precisions"], props["part_names"] = ["traced", "schematic"], list(t.part_names)
            print(f"{t.feature_id}: traced to {coords[-1]}, {length_km(line):,.1f} km; schematic on to {t.untraced_tail}")
            continue
        if t.part is None:
            feat["geometry"] = mapping(line)
            props["geometry_precision"] = "traced"
            print(f"{t.feature_id}: traced, {len(line.coords)} vertices, {length_km(line):,.1f} km")
            continue
        geom, traced = feat["geometry"], [list(c) for c in line.coords]
        if geom["type"] == "MultiLineString":  # a rebuild: replace the traced part, keep the other
            other = geom["coordinates"][1 - t.part]
            old = props["part_precisions"][1 - t.part]
        else:  # the first build: the old vertices inside `keep_in` become the other part
            outline = countries()[t.keep_in].buffer(0.02)
            other = [c for c in geom["coordinates"] if outline.contains(shapely.Point(c))]
            old = props["geometry_precision"]
        feat["geometry"] = {"type": "MultiLineString", "coordinates": [other, traced] if t.part == 1 else [traced, other]}
        props["part_precisions"] = [old, "traced"] if t.part == 1 else ["traced", old]
        props["part_names"] = list(t.part_names)
        print(f"{t.feature_id}: part {t.part} traced, {len(line.coords)} vertices, {length_km(line):,.1f} km; other part {old}")
    write_atomic(LAYER, json.dumps(layer, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
