"""The rail network as a graph (networkx), built from the data: see atlas/journeys.py for the journeys on it."""

from __future__ import annotations

import csv
import dataclasses
import functools
import re
import unicodedata

import networkx as nx
import numpy as np
import shapely
from rapidfuzz import process
from shapely.geometry import LineString, Point
from shapely.ops import linemerge, substring

from atlas import i18n
from atlas.data import Catalog
from atlas.places import name_segments, town_of
from atlas.schema import COUNTRIES
from atlas.stats import GEOD, geodesic_km, rail_lengths

# what a Chinese line name says of its track after the town at its end, dropped from the end's name
ZH_LINE_WORDS = re.compile(r"(电气化|双轨|米轨|标准轨|复线|跨境|铁路|联络|线)+$")

TRANSFER_KM = 3.0  # stops this close are one place to change trains
STATION_KM = 12.0  # a related station farther than this from its line is not a stop of it
MISSING_FACTOR = 3.0
WATER_FACTOR = 10.0
NEAREST = 8  # missing edges from each stop to this many nearest stops of other lines
MAX_MISSING_KM = 1500.0
SEA_SHARE = 0.1  # a stretch with no line that is at least this much over water is a sea crossing
GRID_DEG = 0.25  # the water grid a sea crossing is routed on (never drawn across land)
TOWN_PENALTY_DEG = 0.25  # about 25 km: see nearest_stop
PLACES_FILE = "places.csv"  # the gazetteer: towns people type, resolved to the nearest stop (data/README.md)


@dataclasses.dataclass
class Network:
    graph: nx.Graph
    names: dict[str, str]  # name people type (case-folded) -> node id
    labels: dict[str, tuple[str, str]]  # node id -> (name, Chinese name)
    # gazetteer places (case-folded name -> (name, lon, lat)) that are no stop themselves: the nearest stop serves them
    places: dict[str, tuple[str, float, float]] = dataclasses.field(default_factory=dict)
    land: object = None  # the union of the country outlines (shapely), for sea crossings
    zh: dict[str, str] = dataclasses.field(default_factory=dict)  # a gazetteer name (case-folded) -> its Chinese name


def _as_line(geom) -> LineString:
    if geom.geom_type == "LineString":
        return geom
    merged = linemerge(geom)
    if merged.geom_type == "LineString":
        return merged
    return LineString([c for part in geom.geoms for c in part.coords])  # parts in their order


def straight_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000.0


def build(catalog: Catalog) -> Network:
    f = catalog.features
    rows = {r["id"]: r for r in f.to_dict("records")}
    g = nx.Graph()
    names: dict[str, str] = {}
    labels: dict[str, tuple[str, str]] = {}

    def add_node(nid: str, name: str, zh, point: Point, *aliases: str, town: bool = False) -> None:
        zh = zh if isinstance(zh, str) else ""
        if nid not in g:
            g.add_node(nid, lon=point.x, lat=point.y, lines=set(), town=town)
            labels[nid] = (name, zh)
        for n in (name, zh, *aliases):
            if isinstance(n, str) and len(n) >= 2:
                names.setdefault(n.casefold(), nid)

    lengths = rail_lengths(catalog).set_index("id")
    for lid, r in rows.items():
        if r["kind"] != "rail_corridor" or r["status"] == "cancelled":
            continue
        line = _as_line(r["geometry"])
        # a stretch's share of the line's cited length, where a source gives one (drawn lines are shorter)
        drawn = geodesic_km(r["geometry"])
        scale = 1.0 if lengths.loc[lid, "approximate"] or not drawn else float(lengths.loc[lid, "km"]) / drawn
        stops: list[tuple[float, str]] = []
        for rid in r["related"]:
            st = rows.get(rid)
            if st is None or st["kind"] not in ("station", "border_station"):
                continue
            p = st["geometry"]
            if straight_km((p.x, p.y), tuple(line.interpolate(line.project(p)).coords[0])) > STATION_KM:
                continue
            zh_town = re.sub(r"[东南西北]?站$", "", str(st.get("name_zh") or ""))
            town = st.get("geometry_precision") == "town"  # drawn at its town, not at the station
            add_node(rid, st["name"], st.get("name_zh"), p, town_of(st["name"]), zh_town, *(st.get("aliases") or ()), town=town)
            stops.append((line.project(p), rid))
        ends_en, ends_zh = _end_names(r["name"]), _end_names(str(r.get("name_zh") or ""))
        for i, at in enumerate((0.0, line.length)):
            end_name = (
                (ends_en[0] if i == 0 else ends_en[-1]) if len(ends_en) >= 2 else f"{r['name']} ({'start' if i == 0 else 'end'})"
            )
            end_zh = (ends_zh[0] if i == 0 else ends_zh[-1]) if len(ends_zh) >= 2 else ""
            end_zh = ZH_LINE_WORDS.sub("", end_zh)  # "新山电气化双轨" of 金马士—新山电气化双轨铁路 is the town 新山
            near = [s for s in stops if abs(s[0] - at) < 0.01]
            if near:  # a station sits at this end: the end's name finds it too ("Kunming": Kunming South)
                for n in (end_name, end_zh):
                    if len(n) >= 2:
                        names.setdefault(n.casefold(), near[0][1])
                continue
            nid = f"end:{lid}:{i}"
            add_node(nid, end_name, end_zh, Point(line.coords[0 if i == 0 else -1]))
            stops.append((at, nid))
        stops.sort()
        for (a, na), (b, nb) in zip(stops, stops[1:], strict=False):
            if na == nb or b - a <= 0:
                continue
            part = substring(line, a, b)
            km = geodesic_km(part) * scale
            g.add_edge(na, nb, kind="rail", line=lid, km=km, w=km, coords=[list(c) for c in part.coords])
        for _, nid in stops:
            g.nodes[nid]["lines"].add(lid)
    land = shapely.union_all(catalog.countries.geometry.values) if len(catalog.countries) else None
    if land is not None:
        shapely.prepare(land)
    _join(g, land=land)
    places = _gazetteer(catalog, names)
    _places(g, catalog, names, labels, land, skip=set(places))
    zh_of = _gazetteer_zh(catalog)  # a line's end its Chinese name does not give ("中老铁路"): the gazetteer's
    labels = {nid: (en, zh or zh_of.get(en.casefold(), "")) for nid, (en, zh) in labels.items()}
    return Network(g, names, labels, places, land, zh_of)


def _gazetteer_zh(catalog: Catalog) -> dict[str, str]:
    """English name (case folded) -> Chinese name, from data/places.csv."""
    path = catalog.data_dir / PLACES_FILE
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r["name"].casefold(): r["name_zh"] for r in csv.DictReader(fh) if r.get("name") and r.get("name_zh")}


def _gazetteer(catalog: Catalog, names: dict) -> dict[str, tuple[str, float, float]]:
    """Towns and cities from data/places.csv (English and Chinese names) that are not already a stop's name."""
    path = catalog.data_dir / PLACES_FILE
    out: dict[str, tuple[str, float, float]] = {}
    if not path.is_file():
        return out
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                place = (row["name"], float(row["lon"]), float(row["lat"]))
            except (KeyError, TypeError, ValueError):
                continue  # a malformed row is no place
            for n in (row.get("name"), row.get("name_zh")):
                if n and len(n) >= 2 and n.casefold() not in names:
                    out.setdefault(n.casefold(), place)
    return out


def _end_names(name: str) -> list[str]:
    """The two places a line's name joins with a dash, the bracketed part first:
    'China–Cambodia railway (Phnom Penh–Poipet, as studied)' -> ['Phnom Penh', 'Poipet']."""
    parts = re.split(r"[()（）]", name)
    for part in [*(p for p in parts[1:] if not p.strip().startswith("via ")), parts[0]]:  # "(via Pingxiang–Dong Dang)"
        for chunk in re.split(r"[,，;]", part):
            if re.search(r"[-‐‑‒–—―−至]", chunk):
                pieces = name_segments(chunk)
                if len(pieces) >= 2:
                    return [pieces[0], pieces[-1]]
    return []


def _coords(g: nx.Graph) -> tuple[list[str], np.ndarray]:
    ids = list(g.nodes)
    return ids, np.array([[g.nodes[n]["lon"], g.nodes[n]["lat"]] for n in ids]).reshape(-1, 2)


def _water_share(a: tuple[float, float], b: tuple[float, float], land) -> float:
    """The share of a straight stretch that is not over land (sampled at 11 points)."""
    if land is None:
        return 0.0
    t = np.linspace(0.0, 1.0, 11)
    inside = shapely.contains_xy(land, a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
    return float(1.0 - inside.mean())


def _join(g: nx.Graph, only: list[str] | None = None, land=None) -> None:
    """Transfers between stops of different lines that are close; missing stretches to the nearest stops
    of other lines (a rough planar distance picks them, the ellipsoid measures them)."""
    ids, xy = _coords(g)
    if len(ids) < 2:
        return
    scale = np.cos(np.radians(xy[:, 1].mean()))
    for i in range(len(ids)) if only is None else [ids.index(n) for n in only]:
        a = ids[i]
        d = np.hypot((xy[:, 0] - xy[i, 0]) * scale, xy[:, 1] - xy[i, 1])
        d[i] = np.inf
        mine = g.nodes[a]["lines"]
        picked = 0
        for j in np.argsort(d):
            b = ids[j]
            if d[j] * 111.0 > MAX_MISSING_KM or picked >= NEAREST:
                break
            if mine and g.nodes[b]["lines"] and mine & g.nodes[b]["lines"]:
                continue  # the same line: its rail edges join them
            km = straight_km(tuple(xy[i]), tuple(xy[j]))
            if g.has_edge(a, b):
                continue
            if km <= TRANSFER_KM:
                g.add_edge(a, b, kind="transfer", km=km, w=km, coords=[list(xy[i]), list(xy[j])])
            else:  # a stretch over the sea costs more: a land route is likelier, wherever one is
                water = _water_share(tuple(xy[i]), tuple(xy[j]), land)
                kind = "sea" if water >= SEA_SHARE else "missing"
                cost = MISSING_FACTOR + WATER_FACTOR * water
                g.add_edge(a, b, kind=kind, km=km, w=km * cost, coords=[list(xy[i]), list(xy[j])])
            picked += 1


def _places(g: nx.Graph, catalog: Catalog, names: dict, labels: dict, land=None, skip: set[str] = frozenset()) -> None:
    """Countries as places a journey can start or end at, at their outline's centre (a gazetteer town of the
    same name, Singapore, wins)."""
    added = []
    for row in catalog.countries.itertuples():
        code = row.iso_a3
        if code not in COUNTRIES or COUNTRIES[code].casefold() in names or COUNTRIES[code].casefold() in skip:
            continue
        p = row.geometry.representative_point()
        nid = f"place:{code}"
        g.add_node(nid, lon=p.x, lat=p.y, lines=set())
        labels[nid] = (COUNTRIES[code], i18n.countries("zh")[code])
        names[COUNTRIES[code].casefold()] = nid
        added.append(nid)
    if added:
        _join(g, only=added, land=land)


class UnknownPlace(ValueError):
    def __init__(self, name: str, suggestions: list[str]):
        super().__init__(name)
        self.name, self.suggestions = name, suggestions


def clean(name: str, limit: int = 80) -> str:
    """A typed name as it may be echoed: control, format and bidi-override characters dropped, spaces
    collapsed, shortened to `limit` characters with an ellipsis."""
    text = "".join(ch for ch in str(name) if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def resolve(net: Network, name: str) -> str:
    return resolve_place(net, name)[0]


def resolve_place(net: Network, name: str) -> tuple[str, dict | None]:
    """The node a typed name stands for, and for a gazetteer town the note of the stop that serves it:
    {"place", "station", "km"}."""
    key = " ".join(str(name).split()).casefold()
    if key in net.names:
        return net.names[key], None
    if key in net.places:
        place, lon, lat = net.places[key]
        node, km = nearest_stop(net, lon, lat)
        if node is not None:
            station, station_zh = net.labels[node]
            place_zh = net.zh.get(place.casefold(), "")
            return node, {"place": place, "place_zh": place_zh, "station": station, "station_zh": station_zh, "km": round(km, 1)}
    keys = [*net.names, *net.places]
    close = process.extract(key[:200], keys, limit=5, score_cutoff=60)
    labels = [net.labels[net.names[c]][0] if c in net.names else net.places[c][0] for c, *_ in close]
    raise UnknownPlace(clean(name), list(dict.fromkeys(labels)))


def nearest_stop(net: Network, lon: float, lat: float) -> tuple[str | None, float]:
    """The stop of a line nearest to a point, and its distance in km (None when the network has no line)."""
    stops = [n for n, d in net.graph.nodes(data=True) if d["lines"]]
    if not stops:
        return None, 0.0
    xy = np.array([[net.graph.nodes[n]["lon"], net.graph.nodes[n]["lat"]] for n in stops])
    d = np.hypot((xy[:, 0] - lon) * np.cos(np.radians(lat)), xy[:, 1] - lat)
    # a stop drawn at its town's point is not where the town's travellers board: one placed at its site wins
    # unless it is more than TOWN_PENALTY_DEG farther
    d = d + np.array([TOWN_PENALTY_DEG if net.graph.nodes[n].get("town") else 0.0 for n in stops])
    best = stops[int(np.argmin(d))]
    return best, straight_km((lon, lat), _ll(net.graph, best))


def _ll(g: nx.Graph, n: str) -> tuple[float, float]:
    return (g.nodes[n]["lon"], g.nodes[n]["lat"])


def sea_route(net: Network, a: tuple[float, float], b: tuple[float, float]) -> list[list[float]]:
    """A sea crossing drawn over water: the shortest path on a GRID_DEG grid of water cells between the cells
    nearest the two ends (straight where there is no land data or no water path)."""
    if net.land is None:
        return [list(a), list(b)]
    return [list(c) for c in _sea_route(net.land, tuple(a), tuple(b))]


@functools.lru_cache(maxsize=256)  # pure: the same land and ends give the same route
def _sea_route(land, a: tuple[float, float], b: tuple[float, float]) -> tuple[tuple[float, float], ...]:
    return tuple(tuple(c) for c in _route_over_water(land, a, b))


def _route_over_water(land, a: tuple[float, float], b: tuple[float, float]) -> list[list[float]]:
    lo_x, hi_x = min(a[0], b[0]) - 4, max(a[0], b[0]) + 4
    lo_y, hi_y = min(a[1], b[1]) - 4, max(a[1], b[1]) + 4
    xs = np.arange(lo_x, hi_x + GRID_DEG, GRID_DEG)
    ys = np.arange(lo_y, hi_y + GRID_DEG, GRID_DEG)
    gx, gy = np.meshgrid(xs, ys)
    water = ~shapely.contains_xy(land, gx, gy)
    grid = nx.grid_2d_graph(len(ys), len(xs))
    grid.add_edges_from(
        ((i, j), (i + di, j + dj)) for i in range(len(ys) - 1) for j in range(len(xs) - 1) for di, dj in ((1, 1),)
    )
    grid.add_edges_from(((i + 1, j), (i, j + 1)) for i in range(len(ys) - 1) for j in range(len(xs) - 1))
    grid.remove_nodes_from([(i, j) for i, j in zip(*np.nonzero(~water), strict=True)])
    if not grid:
        return [list(a), list(b)]
    cells = np.array(list(grid.nodes))

    def near(p):
        d = np.hypot(xs[cells[:, 1]] - p[0], ys[cells[:, 0]] - p[1])
        return tuple(cells[int(np.argmin(d))])

    def cost(u, v, _):
        return float(np.hypot(xs[u[1]] - xs[v[1]], ys[u[0]] - ys[v[0]]))

    try:
        cells_path = nx.astar_path(grid, near(a), near(b), heuristic=lambda u, v: cost(u, v, None), weight=cost)
    except nx.NetworkXNoPath:
        return [list(a), list(b)]
    return [list(a), *([float(xs[j]), float(ys[i])] for i, j in cells_path), list(b)]
