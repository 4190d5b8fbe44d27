"""Reading and checking the data files, record by record (atlas.catalog.load_catalog calls it).

Every problem names its file, the record, the field, what was expected and what
was found; the invalid record is left out and the valid rest is kept. The checks
between records (references, outlines, countries) are in atlas/crosscheck.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from pydantic import BaseModel, ValidationError
from shapely.geometry import shape

from atlas.data import (
    FIELD,
    FILE,
    LAYERS,
    MAX_FILE_BYTES,
    MAX_JSON_DEPTH,
    Problem,
)
from atlas.geometry_check import check_geometry, parts_ok, short
from atlas.schema import FeatureProps, Source


class Loader:
    def __init__(self, data_dir: Path):
        self.dir = data_dir
        self.problems: list[Problem] = []
        # ids of records left out for a problem already reported: references
        # to them are dropped without a second, cascading message
        self.rejected: set[str] = set()
        # layer files that could not be read at all: references to their
        # features are follow-ons, grouped under the file
        self.unreadable_layers: list[str] = []
        # source ids whose file is there but invalid -> that file: records citing them are follow-ons
        self.rejected_sources: dict[str, str] = {}

    def rel(self, path: Path) -> str:
        return f"{self.dir.name}/{path.relative_to(self.dir)}"

    def add(self, path: Path | str, record: str, field: str, message: str, *, rank: int = FIELD) -> None:
        file = path if isinstance(path, str) else self.rel(path)
        self.problems.append(Problem(file, record, field, message, rank))

    def sorted_problems(self) -> tuple[Problem, ...]:
        return tuple(sorted(self.problems, key=lambda p: p.rank))

    def model(self, cls: type[BaseModel], raw: Any, path: Path, record: str) -> Any | None:
        try:
            obj = cls.model_validate(raw)
        except ValidationError as err:
            for e in err.errors():
                field = ".".join(str(x) for x in e["loc"]) or "(record)"
                self.add(path, record, field, sentence(e))
            return None
        bad = list(_control_characters(obj.model_dump()))
        for field, value, ch in bad:
            self.add(path, record, field, f"expected text without control characters, found {ch!r} in {short(value)}")
        return None if bad else obj

    def read_text(self, path: Path) -> str | None:
        """The file as UTF-8 text (a byte-order mark, as Excel writes, is allowed)."""
        try:
            raw = read_regular_file(path, MAX_FILE_BYTES)
        except (OSError, ValueError) as err:
            self.add(path, "(file)", "(file)", f"expected a readable file, found {_why(err)}", rank=FILE)
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


# Text fields a user reads or a spreadsheet opens: no control characters (a carriage return in a
# name starts a new row in a careless CSV reader, a bidi override reverses what is shown). Long
# text (summaries, descriptions, excerpts) may hold a newline.
TEXT_FIELDS = {
    **dict.fromkeys(("name", "name_zh", "aliases", "builders", "financiers", "part_names", "title", "outlet"), False),
    **dict.fromkeys(("author", "metric", "unit", "qualifier", "event", "status"), False),
    **dict.fromkeys(("summary", "description", "text", "old", "new", "note"), True),
}
# control characters (Unicode category Cc) and bidi overrides / isolates; the second allows a newline
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _control_characters(record: dict, prefix: str = ""):
    """(field, value, character) for each text field of `record` (and of its nested records,
    a source's excerpts) holding a control or bidi-override character."""
    for key, value in record.items():
        field = f"{prefix}{key}"
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for i, sub in enumerate(value):
                yield from _control_characters(sub, f"{field}.{i}.")
            continue
        if key not in TEXT_FIELDS:
            continue
        for text in value if isinstance(value, list | tuple) else [value]:
            if not isinstance(text, str):
                continue
            bad = (_CONTROL_BUT_NEWLINE if TEXT_FIELDS[key] else _CONTROL).search(text)
            if bad is not None:
                yield field, text, bad.group()


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A FIFO would block forever and a
    device (a symlink to /dev/zero) never ends: both are refused unread, as is a larger file."""
    with open(path, "rb", opener=lambda p, flags: os.open(p, flags | os.O_NONBLOCK)) as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode) else "not a regular file"
            raise ValueError(f"{kind} (only regular files are read)")
        if st.st_size > limit:
            raise ValueError(f"{st.st_size:,} bytes (at most {limit:,} are read)")
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise ValueError(f"more than {limit:,} bytes (at most {limit:,} are read)")
    return data


def _why(err: Exception) -> str:
    return (err.strerror or str(err)) if isinstance(err, OSError) else str(err)


def sentence(err: dict[str, Any]) -> str:
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


def read_collection(loader: Loader, path: Path) -> list[tuple[str, dict, Any]] | None:
    """The features of a GeoJSON FeatureCollection as (record name, properties, geometry);
    None (with a problem) when the file is not one. A member that is not a Feature
    object is named and skipped."""
    doc = loader.read_json(path)
    if doc is None:
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        found = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        loader.add(path, "(file)", "type", f"expected a FeatureCollection, found {short(found)}", rank=FILE)
        return None
    members = doc.get("features")
    if not isinstance(members, list):
        loader.add(path, "(file)", "features", f"expected a list of Features, found {short(members)}", rank=FILE)
        return None
    out = []
    for i, feat in enumerate(members):
        name = f"feature #{i + 1}"
        if not isinstance(feat, dict):
            loader.add(path, name, "(record)", f"expected a GeoJSON Feature object, found {short(feat)}")
            continue
        props = feat.get("properties")
        if not isinstance(props, dict):
            loader.add(path, name, "properties", f"expected an object of properties, found {short(props)}")
            continue
        fid = props.get("id")
        out.append((fid if isinstance(fid, str) and fid.strip() else name, props, feat.get("geometry")))
    return out


# geometry a script derives, laid over the features of the same id (scripts/build_rail_geometry.py)
DERIVED = {"rail_corridors": "derived/rail_traced.geojson"}
DERIVED_PROPS = ("geometry_precision", "part_precisions", "part_names")


def derived_geometry(loader: Loader, layer: str) -> dict[str, tuple[dict, Any]]:
    """id -> (properties, geometry) of the layer's derived file; empty when it has none (hand geometry is used)."""
    path = loader.dir / "geo" / DERIVED.get(layer, "-")
    members = read_collection(loader, path) if layer in DERIVED and path.exists() else None
    out: dict[str, tuple[dict, Any]] = {}
    for fid, props, geom in members or []:
        if fid in out:
            loader.add(path, fid, "id", f"expected one derived geometry per id, found {fid!r} again")
            continue
        out[fid] = ({k: props.get(k) for k in DERIVED_PROPS}, geom)
    return out


def load_features(loader: Loader) -> tuple[gpd.GeoDataFrame, dict[str, list]]:
    """The valid features, and every record's `related` list (valid or not) for the cross-check."""
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    related: dict[str, list] = {}
    for layer in LAYERS:
        path = loader.dir / "geo" / f"{layer}.geojson"
        if not (path.parent.is_dir() and loader.dir.is_dir()):
            continue  # the missing folder is named once (load)
        if not path.exists() and not path.is_symlink():  # a symlink to itself "exists" not, yet is there
            loader.add(path, "(file)", "(file)", "expected the layer file, found none", rank=FILE)
            loader.unreadable_layers.append(loader.rel(path))
            continue
        members = read_collection(loader, path)
        if members is None:
            loader.unreadable_layers.append(loader.rel(path))
            continue
        derived = derived_geometry(loader, layer)
        for fid in sorted(set(derived) - {fid for fid, _, _ in members}):
            loader.add(loader.dir / "geo" / DERIVED[layer], fid, "id", f"expected the id of a feature of {path.name}, found none")
        for i, (fid, props, geom) in enumerate(members):
            if fid in derived:  # traced geometry and its precisions replace the hand-drawn ones
                props, geom = {**props, **derived[fid][0]}, derived[fid][1]
            where = f"{loader.rel(path)}, feature #{i + 1}"
            if fid in seen:
                loader.add(path, fid, "id", f"duplicate id {fid!r} (also in {seen[fid]})")
                continue
            seen[fid] = where
            record = loader.model(FeatureProps, props, path, fid)
            geom_ok = check_geometry(loader, path, fid, geom)
            if isinstance(props.get("related"), list):
                related[fid] = [(loader.rel(path), r) for r in props["related"] if isinstance(r, str)]
            if record is None or not geom_ok:
                loader.rejected |= {fid, fid.strip()}  # "kuantan_port\n" refused: references to "kuantan_port" follow
                continue
            if not parts_ok(loader, path, record, geom):
                loader.rejected.add(fid)
                continue
            row = record.model_dump()
            for key in ("aliases", "countries", "related", "builders", "financiers", "aiddata_ids"):
                row[key] = tuple(row[key])
            row["layer"] = layer
            row["geometry"] = shape(geom)
            rows.append(row)
    columns = [*FeatureProps.model_fields, "layer", "geometry"]
    gdf = gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")
    gdf.index = pd.Index(gdf["id"], name=None)
    return gdf, related


def load_sources(loader: Loader) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    folder = loader.dir / "sources"
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        raw = loader.read_json(path)
        if raw is None:
            loader.rejected_sources[path.stem] = loader.rel(path)
            continue
        sid = str(raw.get("id", path.stem)) if isinstance(raw, dict) else path.stem
        src = loader.model(Source, raw, path, sid)
        if src is None:
            for name in {sid, path.stem}:
                loader.rejected_sources[name] = loader.rel(path)
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


def read_rows(loader: Loader, name: str, cls: type[BaseModel], key: str) -> list[dict[str, Any]]:
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
