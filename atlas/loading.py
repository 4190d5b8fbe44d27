"""Reading and checking the data files, record by record (atlas.data.load_catalog calls `load`).

Every problem names its file, the record, the field, what was expected and what
was found; the invalid record is left out and the valid rest is kept. The checks
between records (references, outlines, countries) are in atlas/crosscheck.py.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
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
    MAX_JSON_DEPTH,
    Catalog,
    Problem,
    resolve_data_dir,
)
from atlas.geometry_check import _check_geometry, _parts_ok, _short
from atlas.schema import Agreement, Fact, FeatureProps, Milestone, Source


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
            for key in ("aliases", "countries", "related", "builders", "financiers", "aiddata_ids"):
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


def load(data_dir: str | os.PathLike | None = None) -> Catalog:
    """Read, validate and cross-check every file of the data folder."""
    from atlas.crosscheck import _cross_check, _load_countries, _load_outlines  # they build on this module

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
