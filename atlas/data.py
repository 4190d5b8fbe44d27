"""Load and validate data/ into one Catalog.

Validation happens once, here. Every problem names its file, the record, the
field, what was expected and what was found; the invalid record (or the bad
reference) is left out and the valid rest is returned, so the app can show the
problems in a banner and still draw the map.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from pydantic import BaseModel, ValidationError
from shapely.geometry import shape

from atlas import i18n
from atlas.schema import Agreement, Fact, FeatureProps, Milestone, Source

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1] / "data"
# lon/lat box of the atlas: southern China (to Shandong) down to Indonesia.
REGION = (88.0, -12.0, 142.0, 38.5)
LAYERS = ("rail_corridors", "border_stations", "industrial_parks", "ports", "corridors")
GEOMETRY_TYPES = ("Point", "LineString", "MultiLineString")


@dataclasses.dataclass(frozen=True)
class Problem:
    file: str
    record: str
    field: str
    message: str

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

    def rel(self, path: Path) -> str:
        return f"{self.dir.name}/{path.relative_to(self.dir)}"

    def add(self, path: Path | str, record: str, field: str, message: str) -> None:
        file = path if isinstance(path, str) else self.rel(path)
        self.problems.append(Problem(file, record, field, message))

    def model(self, cls: type[BaseModel], raw: Any, path: Path, record: str) -> Any | None:
        try:
            return cls.model_validate(raw)
        except ValidationError as err:
            for e in err.errors():
                field = ".".join(str(x) for x in e["loc"]) or "(record)"
                self.add(path, record, field, _sentence(e))
            return None

    def read_json(self, path: Path) -> Any | None:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            self.add(path, "(file)", "(file)", f"expected a readable UTF-8 file, found {err}")
        except json.JSONDecodeError as err:
            self.add(
                path,
                "(file)",
                "(file)",
                f"expected valid JSON, found a syntax error at line {err.lineno} column {err.colno}: {err.msg}",
            )
        return None

    def read_csv(self, path: Path) -> list[dict[str, Any]]:
        if not path.exists():
            self.add(path if path.parent.exists() else str(path), "(file)", "(file)", "expected the file, found none")
            return []
        with path.open(encoding="utf-8", newline="") as fh:
            return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(fh)]


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


def _check_geometry(loader: _Loader, path: Path, fid: str, geom: Any) -> bool:
    if not isinstance(geom, dict) or "type" not in geom:
        loader.add(path, fid, "geometry", f"expected a GeoJSON geometry, found {geom!r}")
        return False
    gtype = geom["type"]
    if gtype == "MultiPoint":
        loader.add(path, fid, "geometry", "expected one Point per station, park or port, found MultiPoint")
        return False
    if gtype not in GEOMETRY_TYPES:
        loader.add(path, fid, "geometry", f"expected one of {list(GEOMETRY_TYPES)}, found {gtype!r}")
        return False
    coords = geom.get("coordinates")
    lines = {"Point": [[coords]], "LineString": [coords], "MultiLineString": coords}[gtype]
    try:
        points = [(float(x), float(y)) for line in lines for x, y, *_ in line]
    except (TypeError, ValueError):
        loader.add(path, fid, "geometry.coordinates", f"expected [lon, lat] pairs, found {coords!r}")
        return False
    if gtype != "Point" and any(len(line) < 2 for line in lines):
        loader.add(path, fid, "geometry.coordinates", "expected a line of two points or more, found fewer")
        return False
    west, south, east, north = REGION
    outside = [p for p in points if not (west <= p[0] <= east and south <= p[1] <= north)]
    if outside:
        loader.add(
            path, fid, "geometry.coordinates", f"expected [lon, lat] inside the region {list(REGION)}, found {list(outside[0])}"
        )
        return False
    return True


def _load_features(loader: _Loader) -> gpd.GeoDataFrame:
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for layer in LAYERS:
        path = loader.dir / "geo" / f"{layer}.geojson"
        if not path.exists():
            continue
        doc = loader.read_json(path)
        if doc is None:
            continue
        if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
            loader.add(path, "(file)", "type", f"expected a FeatureCollection, found {type(doc).__name__}")
            continue
        for i, feat in enumerate(doc.get("features", [])):
            props = (feat or {}).get("properties") or {}
            fid = str(props.get("id") or f"feature #{i + 1}")
            record = loader.model(FeatureProps, props, path, fid)
            geom_ok = _check_geometry(loader, path, fid, (feat or {}).get("geometry"))
            if record is None or not geom_ok:
                loader.rejected.add(fid)
                continue
            if record.id in seen:
                loader.add(
                    path, record.id, "id", f"expected an id unique across layers, found it again (first in {seen[record.id]})"
                )
                continue
            seen[record.id] = loader.rel(path)
            row = record.model_dump()
            for key in ("aliases", "countries", "related"):
                row[key] = tuple(row[key])
            row["layer"] = layer
            row["geometry"] = shape(feat["geometry"])
            rows.append(row)
    columns = [*FeatureProps.model_fields, "layer", "geometry"]
    gdf = gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")
    gdf.index = pd.Index(gdf["id"], name=None)
    return gdf


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
    features = _load_features(loader)
    sources = _load_sources(loader)
    facts = _rows(loader, "facts.csv", Fact, "feature_id")
    milestones = _rows(loader, "milestones.csv", Milestone, "feature_id")
    agreements = _rows(loader, "agreements.csv", Agreement, "id")
    countries = _load_countries(loader)
    return _cross_check(loader, features, sources, facts, milestones, agreements, countries)


def _load_countries(loader: _Loader) -> gpd.GeoDataFrame:
    path = loader.dir / "geo" / "countries.geojson"
    empty = gpd.GeoDataFrame({"iso_a3": [], "name": []}, geometry=[], crs="EPSG:4326")
    if not path.exists() or loader.read_json(path) is None:
        return empty
    gdf = gpd.read_file(path)
    return gdf if not gdf.empty else empty


def _cross_check(loader, features, sources, facts, milestones, agreements, countries) -> Catalog:
    feature_ids = set(features["id"])
    agreement_ids: set[str] = set()
    path_ag = loader.dir / "agreements.csv"
    kept_agreements = []
    for a in agreements:
        if a["id"] in feature_ids or a["id"] in agreement_ids:
            loader.add(path_ag, a["id"], "id", "expected an id unique across layers and agreements, found it again")
            continue
        agreement_ids.add(a["id"])
        kept_agreements.append(a)
    known = feature_ids | agreement_ids
    excerpt_ids = {e.id: s.id for s in sources.values() for e in s.excerpts}

    # related links between features: drop the bad link, keep the feature
    related_fixed = []
    for _, row in features.iterrows():
        good = tuple(r for r in row["related"] if r in feature_ids)
        for bad in (r for r in row["related"] if r not in feature_ids and r not in loader.rejected):
            loader.add(
                f"{loader.dir.name}/geo/{row['layer']}.geojson",
                row["id"],
                "related",
                f"expected the id of a feature, found {bad!r}",
            )
        related_fixed.append(good)
    features = features.copy()
    features["related"] = related_fixed

    excerpt_rows = []
    for src in sources.values():
        path = f"{loader.dir.name}/sources/{src.id}.json"
        for ex in src.excerpts:
            for fid in ex.feature_ids:
                if fid in loader.rejected:
                    continue
                if fid not in known:
                    loader.add(path, ex.id, "feature_ids", f"expected the id of a feature or agreement, found {fid!r}")
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
        for i, r in enumerate(rows):
            rec = f"row {i + 2} ({r['feature_id']})"
            path = f"{loader.dir.name}/{name}"
            if r["feature_id"] in loader.rejected:
                continue
            if r["feature_id"] not in known:
                loader.add(path, rec, "feature_id", f"expected the id of a feature or agreement, found {r['feature_id']!r}")
            elif r["source_id"] not in sources:
                loader.add(path, rec, "source_id", f"expected the id of a file in sources/, found {r['source_id']!r}")
            elif r.get("excerpt_id") and excerpt_ids.get(r["excerpt_id"]) != r["source_id"]:
                loader.add(
                    path, rec, "excerpt_id", f"expected an excerpt of source {r['source_id']!r}, found {r['excerpt_id']!r}"
                )
            else:
                kept.append(r)
        return kept

    facts = refs_ok(facts, "facts.csv")
    milestones = refs_ok(milestones, "milestones.csv")
    for a in kept_agreements:
        if a["source_id"] not in sources:
            loader.add(path_ag, a["id"], "source_id", f"expected the id of a file in sources/, found {a['source_id']!r}")
        bad = [r for r in a["related"] if r not in known]
        for b in bad:
            loader.add(path_ag, a["id"], "related", f"expected the id of a feature or agreement, found {b!r}")
        a["related"] = tuple(r for r in a["related"] if r in known)
        a["parties"] = tuple(a["parties"])
        a["aliases"] = tuple(a["aliases"])

    cited = {r["feature_id"] for r in excerpt_rows} | {f["feature_id"] for f in facts} | {m["feature_id"] for m in milestones}
    for _, row in features.iterrows():
        if row["id"] not in cited:
            loader.add(
                f"{loader.dir.name}/geo/{row['layer']}.geojson",
                row["id"],
                "(sources)",
                "expected at least one excerpt or cited fact, found none",
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
        problems=tuple(loader.problems),
    )
