"""Trace rail lines of the atlas on OpenStreetMap track (HOT exports, ODbL).

    python scripts/build_rail_geometry.py                  # data/raw/osm/ -> data/geo/derived/rail_traced.geojson
    python scripts/build_rail_geometry.py --out-dir DIR    # the same, written into DIR (the test builds into a temporary folder)
    python scripts/build_rail_geometry.py --from-hot DIR   # first refresh data/raw/osm/ from full HOT exports in DIR

What to trace is data: `data/build/rail_targets.json`, one object per target with
the fields of `Target` below (and a free-text `note`); `load_targets` checks it.

The inputs are the Humanitarian OpenStreetMap Team's railway exports per country
(`hotosm_<iso3>_railways_lines_geojson.geojson`). `--from-hot` keeps, per
country, only the ways that a target selects (by name, inside its corridor
box), so that data/raw/osm/ stays small and the build runs offline.

For each target the selected ways become a graph (networkx): a node per shared
vertex, an edge per segment weighted by its length on the WGS84 ellipsoid, and
gaps up to GAP_KM between loose ends bridged. The line is the shortest path
between the graph nodes nearest the target's two ends, simplified to about
SIMPLIFY_M, with `geometry_precision: traced`. Where only part of a line is
traced (the Lao half of the China–Laos Railway), the line becomes a
MultiLineString whose `part_precisions` and `part_names` say which part is
which; the other part is the hand-drawn line's vertices inside `keep_in`.

The output is one feature per traced line (id, geometry_precision,
part_precisions, part_names, geometry) in data/geo/derived/rail_traced.geojson;
the loader lays it over the feature of the same id. The hand-edited
data/geo/rail_corridors.geojson is read (for the hand part a part target keeps)
and never written.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import shapely
from pydantic import ConfigDict, TypeAdapter, ValidationError
from pyproj import Geod
from shapely.geometry import LineString, mapping, shape

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script: the atlas package beside it
from atlas.files import write_atomic  # noqa: E402 (every writer of data files writes atomically)

RAW = REPO / "data" / "raw" / "osm"
LAYER = REPO / "data" / "geo" / "rail_corridors.geojson"
TARGETS = REPO / "data" / "build" / "rail_targets.json"
DERIVED = REPO / "data" / "geo" / "derived"
OUT_NAME = "rail_traced.geojson"
GEOD = Geod(ellps="WGS84")
GAP_KM = 15.0  # loose ends closer than this are joined straight: the exports lack some long tunnel and bridge ways (up to ~12 km)
GAP_PENALTY = 3.0
SIMPLIFY_M = 50
KEEP = ("osm_id", "name", "name:en", "railway")


@dataclasses.dataclass(frozen=True)
class Target:
    """A stretch of one atlas line, traced between two points on the ways that `names` select."""

    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)  # load_targets: no unknown field, no "1" for 1

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


def load_targets(path: Path = TARGETS) -> tuple[Target, ...]:
    """The targets of `path`; ValueError naming every field that is not what `Target` takes."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(doc, list):
        raise ValueError(f"{path}: expected a list of target objects, found {type(doc).__name__}")
    targets, problems = [], []
    adapter = TypeAdapter(Target)
    for i, raw in enumerate(doc):
        name = f"target #{i + 1}"
        if not isinstance(raw, dict):
            problems.append(f"{path}: {name}: expected an object, found {raw!r}")
            continue
        name += f" ({raw['feature_id']})" if isinstance(raw.get("feature_id"), str) else ""
        fields = {k: v for k, v in raw.items() if k != "note"}  # a note is for readers only
        if not isinstance(raw.get("note", ""), str):
            problems.append(f"{path}: {name}: note: expected text, found {raw['note']!r}")
        try:
            targets.append(adapter.validate_json(json.dumps(fields)))
        except ValidationError as err:
            for e in err.errors():
                loc = ".".join(str(x) for x in e["loc"])
                problems.append(f"{path}: {name}: {loc}: expected {_expected(e['msg'])}, found {e.get('input')!r}")
    if problems:
        raise ValueError("\n".join(problems))
    return tuple(targets)


def _expected(msg: str) -> str:
    msg = msg.removeprefix("Input should be ")
    return {"Field required": "a value (the field is required)", "Unexpected keyword argument": "no such field"}.get(msg, msg)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000.0


def selects(target: Target, props: dict, geom) -> bool:
    if props.get("railway") != "rail":
        return False
    unnamed = not props.get("name") and not props.get("name:en")  # bridges and tunnels are often mapped without the line's name
    if target.names and not unnamed and props.get("name") not in target.names and props.get("name:en") not in target.names:
        return False
    return shapely.intersects(geom, shapely.box(*target.box))


def refresh_raw(hot_dir: Path, targets: tuple[Target, ...]) -> None:
    """Keep, per country, only the ways some target selects, with their OSM ids and names."""
    RAW.mkdir(parents=True, exist_ok=True)
    for iso3 in sorted({c for t in targets for c in t.countries}):
        src = next(hot_dir.glob(f"hotosm_{iso3}_railways_lines_geojson.geojson"))
        doc = json.loads(src.read_text(encoding="utf-8"))
        kept = []
        for f in doc["features"]:
            geom = shape(f["geometry"])
            if any(iso3 in t.countries and selects(t, f["properties"], geom) for t in targets):
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
    arrays = [np.array(piece) for piece in pieces]
    points = [shapely.points(xy) for xy in arrays]  # made once: rebuilding them per pair of pieces took minutes
    trees = [shapely.STRtree(pts) for pts in points]
    links = []
    for i, piece in enumerate(pieces):
        for j in range(i + 1, len(pieces)):
            near = trees[j].nearest(points[i])
            other = arrays[j][near]
            dist = GEOD.inv(arrays[i][:, 0], arrays[i][:, 1], other[:, 0], other[:, 1])[2] / 1000.0  # km() for all at once
            # the closest pair, ties broken by the vertices as before
            d, a, b = min((float(dist[k]), piece[k], pieces[j][near[k]]) for k in np.flatnonzero(dist == dist.min()))
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


def traced_feature(t: Target, hand: dict) -> dict:
    """The derived feature for target `t`; `hand` is its feature in rail_corridors.geojson."""
    pieces = trace_parts(t)
    precision, part_precisions, part_names = "traced", None, None
    if len(pieces) > 1:  # traced parts around the stretches the export lacks (only with a larger max_gap_km)
        geometry = {
            "type": "MultiLineString",
            "coordinates": [[[round(x, 5), round(y, 5)] for x, y in line.coords] for _, line in pieces],
        }
        part_precisions, part_names = [prec for prec, _ in pieces], list(t.part_names)
        km_by = {prec: sum(length_km(line) for p, line in pieces if p == prec) for prec, _ in pieces}
        print(
            f"{t.feature_id}: {len(pieces)} parts, traced {km_by.get('traced', 0):,.1f} km, schematic {km_by.get('schematic', 0):,.1f} km"
        )
    else:
        line = LineString([(round(x, 5), round(y, 5)) for x, y in pieces[0][1].coords])
        coords = [list(c) for c in line.coords]
        if t.untraced_tail:
            geometry = {"type": "MultiLineString", "coordinates": [coords, [coords[-1], list(t.untraced_tail)]]}
            part_precisions, part_names = ["traced", "schematic"], list(t.part_names)
            print(f"{t.feature_id}: traced to {coords[-1]}, {length_km(line):,.1f} km; schematic on to {t.untraced_tail}")
        elif t.part is None:
            geometry = mapping(line)
            print(f"{t.feature_id}: traced, {len(line.coords)} vertices, {length_km(line):,.1f} km")
        else:  # the hand line's vertices inside `keep_in` become the other part, with the hand line's precision
            if hand["geometry"]["type"] != "LineString" or t.keep_in is None:
                raise SystemExit(
                    f"{t.feature_id}: part {t.part}: expected a hand-drawn LineString and keep_in to take the other part from"
                )
            outline = countries()[t.keep_in].buffer(0.02)
            other = [c for c in hand["geometry"]["coordinates"] if outline.contains(shapely.Point(c))]
            old = precision = hand["properties"]["geometry_precision"]
            geometry = {"type": "MultiLineString", "coordinates": [other, coords] if t.part == 1 else [coords, other]}
            part_precisions = [old, "traced"] if t.part == 1 else ["traced", old]
            part_names = list(t.part_names)
            print(
                f"{t.feature_id}: part {t.part} traced, {len(line.coords)} vertices, {length_km(line):,.1f} km; other part {old}"
            )
    props = {"id": t.feature_id, "geometry_precision": precision, "part_precisions": part_precisions, "part_names": part_names}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def build(out_dir: Path = DERIVED, *, targets_path: Path = TARGETS, layer: Path = LAYER) -> Path:
    """Trace every target into `out_dir`/rail_traced.geojson; the hand layer is only read."""
    targets = load_targets(targets_path)
    hand = {f["properties"]["id"]: f for f in json.loads(layer.read_text(encoding="utf-8"))["features"]}
    ids = [t.feature_id for t in targets]
    for fid in ids:
        if fid not in hand:
            raise SystemExit(f"{targets_path}: {fid}: expected the id of a line in {layer.name}, found none")
        if ids.count(fid) > 1:
            raise SystemExit(f"{targets_path}: {fid}: expected one target per line, found {ids.count(fid)}")
    doc = {"type": "FeatureCollection", "features": [traced_feature(t, hand[t.feature_id]) for t in targets]}
    return write_atomic(Path(out_dir) / OUT_NAME, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from-hot", type=Path, help="a folder of full HOT railway exports to refresh data/raw/osm/ from")
    ap.add_argument("--out-dir", type=Path, default=DERIVED, help=f"where to write {OUT_NAME} (default data/geo/derived/)")
    args = ap.parse_args(argv)
    if args.from_hot:
        refresh_raw(args.from_hot, load_targets())
    print(f"wrote {build(args.out_dir)}")


if __name__ == "__main__":
    main()
