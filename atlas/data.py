"""Load and validate data/ into one Catalog.

Validation happens once, here. Every problem names its file, the record, the
field, what was expected and what was found; the invalid record (or the bad
reference) is left out and the valid rest is returned, so the app can show the
problems in a banner and still draw the map.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import os
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from pydantic import BaseModel, ValidationError
from shapely.geometry import shape

from atlas import i18n
from atlas.schema import LINE_PRECISIONS, POINT_PRECISIONS, Agreement, Fact, FeatureProps, Milestone, Source, parse_partial_date

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1] / "data"
# lon/lat box of the atlas: southern China (to Shandong) down to Indonesia.
REGION = (88.0, -12.0, 142.0, 38.5)
LAYERS = ("rail_corridors", "border_stations", "industrial_parks", "ports", "corridors")
GEOMETRY_TYPES = ("Point", "LineString", "MultiLineString")


# Problems are listed root causes first: a file that cannot be read, then a
# record's own fields, then references between records, then follow-ons.
FILE, FIELD, REFERENCE, FOLLOW_ON = range(4)
MAX_JSON_DEPTH = 64  # deeper nesting than any GeoJSON needs (and than Python's parser allows)


@dataclasses.dataclass(frozen=True)
class Problem:
    file: str
    record: str
    field: str
    message: str
    rank: int = dataclasses.field(default=FIELD, compare=False)

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


@dataclasses.dataclass(frozen=True)
class Catalog:
    """Everything the app shows. Treat the frames as read-only."""

    data_dir: Path
    features: gpd.GeoDataFrame
    sources: dict[str, Source]
    excerpts: pd.DataFrame
    facts: pd.DataFrame
    milestones: pd.DataFrame
    agreements: pd.DataFrame
    countries: gpd.GeoDataFrame
    problems: tuple[Problem, ...] = ()
    # published outlines of point features (parks, ports): feature_id, source, geometry; drawn under the point
    outlines: gpd.GeoDataFrame = dataclasses.field(default_factory=lambda: _empty_outlines())

    def feature(self, feature_id: str) -> dict[str, Any] | None:
        rows = self.features[self.features["id"] == feature_id]
        return None if rows.empty else rows.iloc[0].to_dict()

    def name_of(self, any_id: str, lang: str = "en") -> str:
        """Display name of a feature or an agreement id (the id if unknown); in
        Chinese, its `name_zh` where there is one."""
        for frame in (self.features, self.agreements):
            rows = frame[frame["id"] == any_id]
            if not rows.empty:
                return str(i18n.feature_name(rows.iloc[0], lang))
        return any_id


OUTLINE_COLUMNS = ["feature_id", "source", "geometry"]
OUTLINE_KINDS = ("industrial_park", "port")


def _empty_outlines() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(columns=OUTLINE_COLUMNS, geometry="geometry", crs="EPSG:4326")


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The explicit folder, else $ATLAS_DATA_DIR, else the bundled data/."""
    chosen = data_dir or os.environ.get("ATLAS_DATA_DIR") or DEFAULT_DATA_DIR
    return Path(chosen).resolve()


def fingerprint(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and mtimes of the data files: changes when data changes."""
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    return tuple((str(p.relative_to(data_dir)), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


class _Loader:
    def __init__(self, data_dir: Path):
        self.dir = data_dir
        self.problems: list[Problem] = []
        # ids of records left out for a problem already reported: references
        # to them are dropped without a second, cascading message
        self.rejected: set[str] = set()
        # layer files that could not be read at all: references to their
        # features are follow-ons, grouped under the file
        self.unreadable_layers: list[str] = []

    def rel(self, path: Path) -> str:
        return f"{self.dir.name}/{path.relative_to(self.dir)}"

    def add(self, path: Path | str, record: str, field: str, message: str, *, rank: int = FIELD) -> None:
        file = path if isinstance(path, str) else self.rel(path)
        self.problems.append(Problem(file, record, field, message, rank))

    def sorted_problems(self) -> tuple[Problem, ...]:
        return tuple(sorted(self.problems, key=lambda p: p.rank))

    def model(self, cls: type[BaseModel], raw: Any, path: Path, record: str) -> Any | None:
        try:
            return cls.model_validate(raw)
        except ValidationError as err:
            for e in err.errors():
                field = ".".join(str(x) for x in e["loc"]) or "(record)"
                self.add(path, record, field, _sentence(e))
            return None

    def read_text(self, path: Path) -> str | None:
        """The file as UTF-8 text (a byte-order mark, as Excel writes, is allowed)."""
        try:
            raw = path.read_bytes()
        except OSError as err:
            self.add(path, "(file)", "(file)", f"expected a readable file, found {err.strerror or err}", rank=FILE)
            return None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            self.add(
                path,
                "(file)",
                "(file)",
                f"expected UTF-8 text, found byte 0x{raw[err.start]:02x} at position {err.start} "
                "(saved as cp1252 or GB18030? save it as UTF-8)",
                rank=FILE,
            )
            return None

    def read_json(self, path: Path) -> Any | None:
        text = self.read_text(path)
        if text is None:
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            self.add(
                path,
                "(file)",
                "(file)",
                f"expected valid JSON, found a syntax error at line {err.lineno} column {err.colno}: {err.msg}",
                rank=FILE,
            )
        except RecursionError:
            self.add(
                path, "(file)", "(file)", f"expected JSON nested at most {MAX_JSON_DEPTH} levels deep, found deeper", rank=FILE
            )
        return None

    def read_csv(self, path: Path) -> list[dict[str, Any]]:
        if not path.exists():
            self.add(path if path.parent.exists() else str(path), "(file)", "(file)", "expected the file, found none", rank=FILE)
            return []
        text = self.read_text(path)
        if text is None:
            return []
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = []
        for i, row in enumerate(reader):
            if None in row:  # more values than the header has columns
                n = len(reader.fieldnames or ())
                self.add(path, f"row {i + 2}", "(row)", f"expected {n} values as in the header, found {n + len(row[None])}")
                rows.append(None)
                continue
            rows.append({k: (v if v != "" else None) for k, v in row.items()})
        return rows


def _sentence(err: dict[str, Any]) -> str:
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")
    found = err.get("input")
    if err["type"] == "missing":
        return "expected a value, found none"
    if err["type"] == "extra_forbidden":
        return f"expected no such field, found {found!r}"
    msg = msg.removeprefix("Input should be ").removeprefix("String should ")
    return f"expected {msg}, found {found!r}"


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


def _check_geometry(loader: _Loader, path: Path, fid: str, geom: Any) -> bool:
    if not isinstance(geom, dict) or "type" not in geom:
        loader.add(path, fid, "geometry", f"expected a GeoJSON geometry, found {_short(geom)}")
        return False
    gtype = geom["type"]
    if gtype == "MultiPoint":
        loader.add(path, fid, "geometry", "expected one Point per station, park or port, found MultiPoint")
        return False
    if gtype not in GEOMETRY_TYPES:
        loader.add(path, fid, "geometry", f"expected one of {list(GEOMETRY_TYPES)}, found {_short(gtype)}")
        return False
    coords = geom.get("coordinates")
    lines = _positions(gtype, coords)
    if lines is None:
        loader.add(path, fid, "geometry.coordinates", f"expected [lon, lat] pairs of numbers, found {_short(coords)}")
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


def _parts_ok(loader: _Loader, path: Path, record: FeatureProps, geom: dict) -> bool:
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


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _collection(loader: _Loader, path: Path) -> list[tuple[str, dict, Any]] | None:
    """The features of a GeoJSON FeatureCollection as (record name, properties, geometry);
    None (with a problem) when the file is not one. A member that is not a Feature
    object is named and skipped."""
    doc = loader.read_json(path)
    if doc is None:
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        found = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        loader.add(path, "(file)", "type", f"expected a FeatureCollection, found {_short(found)}", rank=FILE)
        return None
    members = doc.get("features")
    if not isinstance(members, list):
        loader.add(path, "(file)", "features", f"expected a list of Features, found {_short(members)}", rank=FILE)
        return None
    out = []
    for i, feat in enumerate(members):
        name = f"feature #{i + 1}"
        if not isinstance(feat, dict):
            loader.add(path, name, "(record)", f"expected a GeoJSON Feature object, found {_short(feat)}")
            continue
        props = feat.get("properties")
        if not isinstance(props, dict):
            loader.add(path, name, "properties", f"expected an object of properties, found {_short(props)}")
            continue
        fid = props.get("id")
        out.append((fid if isinstance(fid, str) and fid.strip() else name, props, feat.get("geometry")))
    return out


def _load_features(loader: _Loader) -> tuple[gpd.GeoDataFrame, dict[str, list]]:
    """The valid features, and every record's `related` list (valid or not) for the cross-check."""
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    related: dict[str, list] = {}
    for layer in LAYERS:
        path = loader.dir / "geo" / f"{layer}.geojson"
        if not path.exists():
            continue
        members = _collection(loader, path)
        if members is None:
            loader.unreadable_layers.append(loader.rel(path))
            continue
        for i, (fid, props, geom) in enumerate(members):
            where = f"{loader.rel(path)}, feature #{i + 1}"
            if fid in seen:
                loader.add(path, fid, "id", f"duplicate id {fid!r} (also in {seen[fid]})")
                continue
            seen[fid] = where
            record = loader.model(FeatureProps, props, path, fid)
            geom_ok = _check_geometry(loader, path, fid, geom)
            if isinstance(props.get("related"), list):
                related[fid] = [(loader.rel(path), r) for r in props["related"] if isinstance(r, str)]
            if record is None or not geom_ok:
                loader.rejected.add(fid)
                continue
            if not _parts_ok(loader, path, record, geom):
                loader.rejected.add(fid)
                continue
            row = record.model_dump()
            for key in ("aliases", "countries", "related"):
                row[key] = tuple(row[key])
            row["layer"] = layer
            row["geometry"] = shape(geom)
            rows.append(row)
    columns = [*FeatureProps.model_fields, "layer", "geometry"]
    gdf = gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")
    gdf.index = pd.Index(gdf["id"], name=None)
    return gdf, related


def _load_sources(loader: _Loader) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    folder = loader.dir / "sources"
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        raw = loader.read_json(path)
        if raw is None:
            continue
        sid = str(raw.get("id", path.stem)) if isinstance(raw, dict) else path.stem
        src = loader.model(Source, raw, path, sid)
        if src is None:
            continue
        if src.id in sources:
            loader.add(path, src.id, "id", "expected a unique source id, found it again")
            continue
        ids = [e.id for e in src.excerpts]
        dupes = {i for i in ids if ids.count(i) > 1}
        for d in sorted(dupes):
            loader.add(path, src.id, "excerpts.id", f"expected unique excerpt ids, found {d!r} twice")
        sources[src.id] = src
    return sources


def _rows(loader: _Loader, name: str, cls: type[BaseModel], key: str) -> list[dict[str, Any]]:
    path = loader.dir / name
    out = []
    for i, raw in enumerate(loader.read_csv(path)):
        if raw is None:  # a malformed row, already named
            continue
        record_id = str(raw.get(key) or f"row {i + 2}")
        for list_field in ("parties", "related", "aliases"):
            if list_field in raw:
                raw[list_field] = [v for v in (raw[list_field] or "").split(";") if v]
        rec = loader.model(cls, raw, path, f"row {i + 2} ({record_id})")
        if rec is not None:
            out.append(rec.model_dump())
    return out


def load_catalog(data_dir: str | os.PathLike | None = None) -> Catalog:
    """Read, validate and cross-check every file of the data folder."""
    loader = _Loader(resolve_data_dir(data_dir))
    if not loader.dir.is_dir():
        loader.add(str(loader.dir), "(folder)", "(folder)", "expected a data folder, found none")
    features, related = _load_features(loader)
    sources = _load_sources(loader)
    facts = _rows(loader, "facts.csv", Fact, "feature_id")
    milestones = _rows(loader, "milestones.csv", Milestone, "feature_id")
    agreements = _rows(loader, "agreements.csv", Agreement, "id")
    countries = _load_countries(loader)
    catalog = _cross_check(loader, features, related, sources, facts, milestones, agreements, countries)
    outlines = _load_outlines(loader, catalog.features)
    return dataclasses.replace(catalog, outlines=outlines, problems=loader.sorted_problems())


def _polygon_type(loader: _Loader, path: Path, record: str, geom: Any, what: str) -> bool:
    """The geometry is a Polygon or MultiPolygon (else named as not a `what`)."""
    gtype = geom.get("type") if isinstance(geom, dict) else None
    if gtype in ("Polygon", "MultiPolygon"):
        return True
    loader.add(path, record, "geometry", f"expected a Polygon or MultiPolygon {what}, found {_short(gtype)}")
    return False


def _polygon_shape(loader: _Loader, path: Path, record: str, geom: dict) -> Any | None:
    """The shapely polygon of a Polygon / MultiPolygon geometry, or None (named) when its rings are not numbers."""
    try:
        return shape(geom)
    except (TypeError, ValueError, IndexError, AttributeError) as err:
        loader.add(path, record, "geometry.coordinates", f"expected polygon rings of [lon, lat] numbers, found an error: {err}")
        return None


def _outline_missing(loader: _Loader, features: gpd.GeoDataFrame, have: set[str]) -> None:
    """A point placed at the centre of its outline (precision `outline`) needs that outline."""
    missing = features[features["geometry_precision"].eq("outline") & ~features["id"].isin(have)]
    for fid, layer in zip(missing["id"], missing["layer"], strict=True):
        loader.add(
            f"{loader.dir.name}/geo/{layer}.geojson",
            fid,
            "geometry_precision",
            "expected an outline in geo/outlines.geojson for a point placed at its outline's centre, found none",
            rank=REFERENCE,
        )


def _load_outlines(loader: _Loader, features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Optional geo/outlines.geojson: the published outline of a park or port, one per feature,
    each naming its source. An outline of an unknown feature, of a line, or not a polygon is named
    and left out; the feature keeps its point."""
    path = loader.dir / "geo" / "outlines.geojson"
    if not path.exists():
        _outline_missing(loader, features, set())
        return _empty_outlines()
    kinds = dict(zip(features["id"], features["kind"], strict=True))
    rows, seen = [], set()
    for record, props, geom in _collection(loader, path) or []:
        fid, source = props.get("feature_id"), props.get("source")
        if not isinstance(fid, str) or kinds.get(fid) not in OUTLINE_KINDS:
            if not (isinstance(fid, str) and fid in loader.rejected):
                loader.add(path, record, "feature_id", f"expected the id of a park or port, found {_short(fid)}", rank=REFERENCE)
            continue
        if fid in seen:
            loader.add(path, record, "feature_id", f"expected one outline per feature, found a second for {fid!r}")
            continue
        if not isinstance(source, str) or not source.strip():
            loader.add(path, record, "source", f"expected where the outline came from, found {_short(source)}")
            continue
        if not _polygon_type(loader, path, record, geom, "outline"):
            continue
        outline = _polygon_shape(loader, path, record, geom)
        if outline is None:
            continue
        if outline.is_empty or not outline.is_valid:
            loader.add(path, record, "geometry", "expected a valid, non-empty polygon, found one that is empty or crosses itself")
            continue
        seen.add(fid)
        rows.append({"feature_id": fid, "source": source, "geometry": outline})
    _outline_missing(loader, features, seen)
    return gpd.GeoDataFrame(rows, columns=OUTLINE_COLUMNS, geometry="geometry", crs="EPSG:4326") if rows else _empty_outlines()


def _load_countries(loader: _Loader) -> gpd.GeoDataFrame:
    """The basemap outline: Polygon / MultiPolygon features with an iso_a3 and a name.
    Anything else is named and left out; the map then draws the outline it has."""
    path = loader.dir / "geo" / "countries.geojson"
    members = _collection(loader, path) if path.exists() else None
    rows = []
    for record, props, geom in members or []:
        if not _polygon_type(loader, path, record, geom, "country outline"):
            continue
        if not isinstance(props.get("iso_a3"), str) or not isinstance(props.get("name"), str):
            loader.add(path, record, "properties", f"expected iso_a3 and name strings, found {_short(props)}")
            continue
        outline = _polygon_shape(loader, path, record, geom)
        if outline is not None:
            rows.append({"iso_a3": props["iso_a3"], "name": props["name"], "geometry": outline})
    return gpd.GeoDataFrame(rows, columns=["iso_a3", "name", "geometry"], geometry="geometry", crs="EPSG:4326")


def _later(date: str, than: str) -> bool:
    """`date` is later than `than`, compared at the precision of the coarser of the two."""
    n = min(len(date), len(than))
    return date[:n] > than[:n]


class _References:
    """Checks ids that one record gives for another. An id that names a record left
    out for its own problem is dropped quietly (the root cause is already named);
    while a layer file could not be read, unknown ids are its follow-ons and are
    reported once, grouped under that file."""

    def __init__(self, loader: _Loader, known: set[str]):
        self.loader, self.known = loader, known
        self.orphans: dict[str, list[str]] = {}  # id -> where it was referenced

    def ok(self, file: str, record: str, field: str, ref: str, expected: str, *, among: set[str] | None = None) -> bool:
        if ref in (self.known if among is None else among):
            return True
        if ref in self.loader.rejected:
            return False
        if self.loader.unreadable_layers:
            self.orphans.setdefault(ref, []).append(file.split("/", 1)[-1])
        else:
            self.loader.add(file, record, field, f"expected {expected}, found {ref!r}", rank=REFERENCE)
        return False

    def report_follow_ons(self) -> None:
        if not self.orphans:
            return
        ids = ", ".join(repr(i) for i in sorted(self.orphans)[:12]) + (" …" if len(self.orphans) > 12 else "")
        files = sorted({f for fs in self.orphans.values() for f in fs})
        n = sum(len(v) for v in self.orphans.values())
        self.loader.add(
            " and ".join(self.loader.unreadable_layers),
            "(follow-on)",
            "references",
            f"{n} reference(s) in {', '.join(files)} to {len(self.orphans)} id(s) not loaded, "
            f"probably features of the unreadable file: {ids}",
            rank=FOLLOW_ON,
        )


def _cross_check(loader, features, related, sources, facts, milestones, agreements, countries) -> Catalog:
    feature_ids = set(features["id"])
    agreement_ids: set[str] = set()
    path_ag = loader.dir / "agreements.csv"
    kept_agreements = []
    for a in agreements:
        if a["id"] in feature_ids or a["id"] in agreement_ids:
            loader.add(path_ag, a["id"], "id", f"duplicate id {a['id']!r} (also a feature or an earlier agreement)")
            continue
        agreement_ids.add(a["id"])
        kept_agreements.append(a)
    known = feature_ids | agreement_ids
    refs = _References(loader, known)
    excerpt_ids = {e.id: s.id for s in sources.values() for e in s.excerpts}

    # related links of every record, valid or not: drop the bad link, keep the feature
    for fid, links in related.items():
        for file, rid in links:
            refs.ok(file, fid, "related", rid, "the id of a feature", among=feature_ids)
    features = features.copy()
    features["related"] = [tuple(r for r in rel if r in feature_ids) for rel in features["related"]]

    excerpt_rows = []
    for src in sources.values():
        path = f"{loader.dir.name}/sources/{src.id}.json"
        for ex in src.excerpts:
            for fid in ex.feature_ids:
                if not refs.ok(path, ex.id, "feature_ids", fid, "the id of a feature or agreement"):
                    continue
                excerpt_rows.append(
                    {
                        "excerpt_id": ex.id,
                        "source_id": src.id,
                        "feature_id": fid,
                        "text": ex.text,
                        "published": src.published,
                        "reviewed": src.reviewed,
                    }
                )

    def refs_ok(rows, name):
        kept = []
        path = f"{loader.dir.name}/{name}"
        for i, r in enumerate(rows):
            rec = f"row {i + 2} ({r['feature_id']})"
            good = refs.ok(path, rec, "feature_id", r["feature_id"], "the id of a feature or agreement")
            if r["source_id"] not in sources:
                loader.add(
                    path, rec, "source_id", f"expected the id of a file in sources/, found {r['source_id']!r}", rank=REFERENCE
                )
                good = False
            elif r.get("excerpt_id") and excerpt_ids.get(r["excerpt_id"]) != r["source_id"]:
                loader.add(
                    path,
                    rec,
                    "excerpt_id",
                    f"expected an excerpt of source {r['source_id']!r}, found {r['excerpt_id']!r}",
                    rank=REFERENCE,
                )
                good = False
            if good:
                kept.append(r)
        return kept

    facts = refs_ok(facts, "facts.csv")
    milestones = refs_ok(milestones, "milestones.csv")
    for a in kept_agreements:
        if a["source_id"] not in sources:
            loader.add(
                path_ag, a["id"], "source_id", f"expected the id of a file in sources/, found {a['source_id']!r}", rank=REFERENCE
            )
        for r in a["related"]:
            refs.ok(f"{loader.dir.name}/agreements.csv", a["id"], "related", r, "the id of a feature or agreement")
        a["related"] = tuple(r for r in a["related"] if r in known)
        a["parties"] = tuple(a["parties"])
        a["aliases"] = tuple(a["aliases"])
    refs.report_follow_ons()

    newest: dict[str, str] = {}  # feature id -> published date of its newest source
    for fid, sid in [(r["feature_id"], r["source_id"]) for r in (*excerpt_rows, *facts, *milestones)]:
        published = sources[sid].published
        if fid not in newest or parse_partial_date(published) > parse_partial_date(newest[fid]):
            newest[fid] = published
    for _, row in features.iterrows():
        file = f"{loader.dir.name}/geo/{row['layer']}.geojson"
        if row["id"] not in newest:
            loader.add(file, row["id"], "(sources)", "expected at least one excerpt or cited fact, found none", rank=REFERENCE)
        elif _later(row["status_as_of"], newest[row["id"]]):
            loader.add(
                file,
                row["id"],
                "status_as_of",
                f"expected the date of a source that confirms the status, found {row['status_as_of']}, "
                f"later than the newest source naming it ({newest[row['id']]})",
                rank=REFERENCE,
            )

    return Catalog(
        data_dir=loader.dir,
        features=features,
        sources=sources,
        excerpts=pd.DataFrame(excerpt_rows, columns=["excerpt_id", "source_id", "feature_id", "text", "published", "reviewed"]),
        facts=pd.DataFrame(facts, columns=list(Fact.model_fields)),
        milestones=pd.DataFrame(milestones, columns=list(Milestone.model_fields)),
        agreements=pd.DataFrame(kept_agreements, columns=list(Agreement.model_fields)),
        countries=countries,
        problems=loader.sorted_problems(),
    )
