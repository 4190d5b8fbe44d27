"""Checks of the drawn geometry against the data's own claims (warnings: the exit code of validate is unchanged).

- a station listed in a line's `related` that lies more than STATION_KM from that line;
- a line whose drawn length differs by more than LENGTH_TOLERANCE from its cited length;
- a point farther than BORDER_KM outside every country it claims (Natural Earth outline);
- on a line (or part) marked traced or through_stations, a segment longer than MAX_SEGMENT_KM
  without an intermediate vertex: the sign of a missing station or of a straight line;
- a park or port whose point lies more than OUTLINE_KM outside its published outline.
"""

from __future__ import annotations

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from atlas.data import Catalog, Problem
from atlas.stats import GEOD, geodesic_km, rail_lengths

STATION_KM = 1.0
LENGTH_TOLERANCE = 0.10
BORDER_KM = 5.0
MAX_SEGMENT_KM = 60.0
OUTLINE_KM = 1.0
STATION_KINDS = ("station", "border_station")


def km_between(a: Point, b: Point) -> float:
    return GEOD.inv(a.x, a.y, b.x, b.y)[2] / 1000.0


def km_from(point: Point, geom: BaseGeometry) -> float:
    """Distance on the ellipsoid from a point to the nearest point of a geometry."""
    return km_between(point, nearest_points(point, geom)[1])


def _parts(f: dict) -> list[tuple[str, BaseGeometry]]:
    geom = f["geometry"]
    precs = f.get("part_precisions")
    if isinstance(precs, list | tuple) and geom.geom_type == "MultiLineString":
        return list(zip(precs, geom.geoms, strict=True))
    return [(f["geometry_precision"], geom)]


def warnings(catalog: Catalog) -> list[Problem]:
    out: list[Problem] = []
    f = catalog.features
    by_id = {r["id"]: r for r in f.to_dict("records")}

    def warn(row: dict, field: str, message: str) -> None:
        out.append(Problem(f"{catalog.data_dir.name}/geo/{row['layer']}.geojson", row["id"], field, "warning: " + message))

    lines = [r for r in by_id.values() if r["kind"] == "rail_corridor"]
    for line in lines:
        for rid in line["related"]:
            st = by_id.get(rid)
            if st is None or st["kind"] not in STATION_KINDS:
                continue
            d = km_from(st["geometry"], line["geometry"])
            if d > STATION_KM:
                warn(
                    st,
                    "geometry",
                    f"expected within {STATION_KM:g} km of {line['id']} (its related line), found {d:,.1f} km away",
                )
    lengths = rail_lengths(catalog).set_index("id")
    for line in lines:
        row = lengths.loc[line["id"]]
        if row["approximate"]:
            continue  # no cited length: the drawn line is the measure
        drawn, cited = geodesic_km(line["geometry"]), float(row["km"])
        if abs(drawn - cited) > LENGTH_TOLERANCE * cited:
            warn(
                line,
                "geometry",
                f"expected a drawn length within {LENGTH_TOLERANCE:.0%} of the cited {cited:,.0f} km, found {drawn:,.0f} km",
            )
    outlines = {r.iso_a3: r.geometry for r in catalog.countries.itertuples()}
    for r in by_id.values():
        if r["geometry"].geom_type != "Point" or not outlines:
            continue
        claimed = [outlines[c] for c in r["countries"] if c in outlines]
        if claimed and all(not g.contains(r["geometry"]) for g in claimed):
            d = min(km_from(r["geometry"], g) for g in claimed)
            if d > BORDER_KM:
                warn(r, "geometry", f"expected inside {', '.join(r['countries'])} (±{BORDER_KM:g} km), found {d:,.0f} km outside")
    for line in by_id.values():
        if line["geometry"].geom_type == "Point":
            continue
        for prec, part in _parts(line):
            if prec not in ("traced", "through_stations"):
                continue
            coords = list(part.coords)
            longest = max(km_between(Point(a), Point(b)) for a, b in zip(coords, coords[1:], strict=False))
            if longest > MAX_SEGMENT_KM:
                warn(
                    line,
                    "geometry",
                    f"expected no segment over {MAX_SEGMENT_KM:g} km on a {prec} line, found one of {longest:,.0f} km",
                )
    for o in catalog.outlines.itertuples():
        r = by_id.get(o.feature_id)
        if r is None or r["geometry"].geom_type != "Point" or o.geometry.contains(r["geometry"]):
            continue
        d = km_from(r["geometry"], o.geometry)
        if d > OUTLINE_KM:
            warn(
                r, "geometry", f"expected its point within {OUTLINE_KM:g} km of its published outline, found {d:,.1f} km outside"
            )
    return out
