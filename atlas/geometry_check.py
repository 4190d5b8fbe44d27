"""Checks of a feature's geometry as it is read: types, finite numbers, the region, parts and their names
(called by atlas/loading.py)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from atlas.data import GEOMETRY_TYPES, REGION
from atlas.schema import LINE_PRECISIONS, POINT_PRECISIONS, FeatureProps

if TYPE_CHECKING:
    from atlas.loading import Loader


def short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: Any) -> bool:
    """A finite JSON number (not a string, not true/false)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _positions(gtype: str, coords: Any) -> list[list[Any]] | None:
    """The coordinates of a Point / LineString / MultiLineString as lines of positions, or None if not that shape."""
    lines = {"Point": [[coords]], "LineString": [coords], "MultiLineString": coords}[gtype]
    if not isinstance(lines, list) or not all(isinstance(line, list) for line in lines):
        return None
    if not all(isinstance(p, list) and 2 <= len(p) <= 3 and all(_number(v) for v in p) for line in lines for p in line):
        return None
    return lines


def check_geometry(loader: Loader, path: Path, fid: str, geom: Any) -> bool:
    if not isinstance(geom, dict) or "type" not in geom:
        loader.add(path, fid, "geometry", f"expected a GeoJSON geometry, found {short(geom)}")
        return False
    gtype = geom["type"]
    if gtype == "MultiPoint":
        loader.add(path, fid, "geometry", "expected one Point per station, park or port, found MultiPoint")
        return False
    if gtype not in GEOMETRY_TYPES:
        loader.add(path, fid, "geometry", f"expected one of {list(GEOMETRY_TYPES)}, found {short(gtype)}")
        return False
    coords = geom.get("coordinates")
    lines = _positions(gtype, coords)
    if lines is None:
        loader.add(path, fid, "geometry.coordinates", f"expected [lon, lat] pairs of numbers, found {short(coords)}")
        return False
    if gtype != "Point" and any(len(line) < 2 for line in lines):
        loader.add(path, fid, "geometry.coordinates", "expected a line of two points or more, found fewer")
        return False
    west, south, east, north = REGION
    outside = [p for line in lines for p in line if not (west <= p[0] <= east and south <= p[1] <= north)]
    if outside:
        loader.add(
            path, fid, "geometry.coordinates", f"expected [lon, lat] inside the region {list(REGION)}, found {outside[0][:2]}"
        )
        return False
    return True


def parts_ok(loader: Loader, path: Path, record: FeatureProps, geom: dict) -> bool:
    """A line in parts of different precision is a MultiLineString with one precision (and name) per part;
    a precision that only describes a point (or only a line) is not given to the other."""
    is_point = geom["type"] == "Point"
    precisions = [record.geometry_precision, *(record.part_precisions or ())]
    wrong = [p for p in precisions if p in (LINE_PRECISIONS if is_point else POINT_PRECISIONS)]
    if wrong:
        loader.add(
            path,
            record.id,
            "geometry_precision",
            f"expected a precision for a {'point' if is_point else 'line'}, found {wrong[0]!r} on a {geom['type']}",
        )
        return False
    if record.part_precisions is None:
        if record.part_names is not None:
            loader.add(path, record.id, "part_names", "expected part_precisions beside part_names, found none")
            return False
        return True
    n = len(geom["coordinates"]) if geom["type"] == "MultiLineString" else None
    if n != len(record.part_precisions):
        found = f"a {geom['type']}" if n is None else f"{n} parts"
        loader.add(
            path,
            record.id,
            "part_precisions",
            f"expected a MultiLineString of {len(record.part_precisions)} parts, found {found}",
        )
        return False
    if record.part_names is not None and len(record.part_names) != n:
        loader.add(path, record.id, "part_names", f"expected {n} names, one per part, found {len(record.part_names)}")
        return False
    return True
