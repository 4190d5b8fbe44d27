"""Checks between records: references, published outlines, country outlines (see atlas/loading.py)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import shape

from atlas import timeline
from atlas.data import CHANGES_FILE, FOLLOW_ON, OUTLINE_COLUMNS, OUTLINE_KINDS, REFERENCE, Catalog, empty_outlines
from atlas.finance import FINANCE_FILE, finance_frame, lenders_of, read_finance, sectors_of, unknown_ids
from atlas.loading import Loader, read_collection, short
from atlas.schema import Agreement, Change, Fact, Milestone, Source, parse_partial_date


def _polygon_type(loader: Loader, path: Path, record: str, geom: Any, what: str) -> bool:
    """The geometry is a Polygon or MultiPolygon (else named as not a `what`)."""
    gtype = geom.get("type") if isinstance(geom, dict) else None
    if gtype in ("Polygon", "MultiPolygon"):
        return True
    loader.add(path, record, "geometry", f"expected a Polygon or MultiPolygon {what}, found {short(gtype)}")
    return False


def _polygon_shape(loader: Loader, path: Path, record: str, geom: dict) -> Any | None:
    """The shapely polygon of a Polygon / MultiPolygon geometry, or None (named) when its rings are not numbers."""
    try:
        return shape(geom)
    except (TypeError, ValueError, IndexError, AttributeError) as err:
        loader.add(path, record, "geometry.coordinates", f"expected polygon rings of [lon, lat] numbers, found an error: {err}")
        return None


def _outline_missing(loader: Loader, features: gpd.GeoDataFrame, have: set[str]) -> None:
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


def load_outlines(loader: Loader, features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Optional geo/outlines.geojson: the published outline of a park or port, one per feature,
    each naming its source. An outline of an unknown feature, of a line, or not a polygon is named
    and left out; the feature keeps its point."""
    path = loader.dir / "geo" / "outlines.geojson"
    if not path.exists():
        _outline_missing(loader, features, set())
        return empty_outlines()
    kinds = dict(zip(features["id"], features["kind"], strict=True))
    rows, seen = [], set()
    for record, props, geom in read_collection(loader, path) or []:
        fid, source = props.get("feature_id"), props.get("source")
        if not isinstance(fid, str) or kinds.get(fid) not in OUTLINE_KINDS:
            if not (isinstance(fid, str) and fid in loader.rejected):
                loader.add(path, record, "feature_id", f"expected the id of a park or port, found {short(fid)}", rank=REFERENCE)
            continue
        if fid in seen:
            loader.add(path, record, "feature_id", f"expected one outline per feature, found a second for {fid!r}")
            continue
        if not isinstance(source, str) or not source.strip():
            loader.add(path, record, "source", f"expected where the outline came from, found {short(source)}")
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
    return gpd.GeoDataFrame(rows, columns=OUTLINE_COLUMNS, geometry="geometry", crs="EPSG:4326") if rows else empty_outlines()


def load_countries(loader: Loader) -> gpd.GeoDataFrame:
    """The basemap outline: Polygon / MultiPolygon features with an iso_a3 and a name.
    Anything else is named and left out; the map then draws the outline it has."""
    path = loader.dir / "geo" / "countries.geojson"
    members = read_collection(loader, path) if path.exists() else None
    rows = []
    for record, props, geom in members or []:
        if not _polygon_type(loader, path, record, geom, "country outline"):
            continue
        if not isinstance(props.get("iso_a3"), str) or not isinstance(props.get("name"), str):
            loader.add(path, record, "properties", f"expected iso_a3 and name strings, found {short(props)}")
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

    def __init__(self, loader: Loader, known: set[str]):
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


def check_finance(loader: Loader, features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The finance layer's records are FinanceProjects, and every `aiddata_ids` entry names one of them.
    Returns the layer's valid records (Catalog.finance)."""
    rows, problems = read_finance(loader.dir)
    for record, field, message in problems:
        loader.add(loader.dir / FINANCE_FILE, record, field, message)
    known = {rec.aiddata_id for rec, _ in rows}
    for fid, layer, ids in zip(features["id"], features["layer"], features["aiddata_ids"], strict=True):
        for bad in unknown_ids(ids, known):
            loader.add(
                f"{loader.dir.name}/geo/{layer}.geojson",
                fid,
                "aiddata_ids",
                f"expected the id of a project in {FINANCE_FILE.as_posix()}, found {bad!r}",
                rank=REFERENCE,
            )
    return finance_frame(rows)


@dataclasses.dataclass
class Loaded:
    """What the file readers (atlas.loading) return, before the checks between records."""

    features: gpd.GeoDataFrame
    related: dict[str, list]  # feature id -> (file, id) of each related link, as written
    sources: dict[str, Source]
    facts: list[dict]
    milestones: list[dict]
    agreements: list[dict]
    countries: gpd.GeoDataFrame
    changes: list[dict] = dataclasses.field(default_factory=list)


def unique_agreement_ids(loader: Loader, data: Loaded) -> set[str]:
    """Agreements whose id is a feature's or an earlier agreement's are named and left out."""
    feature_ids, seen, kept = set(data.features["id"]), set(), []
    for a in data.agreements:
        if a["id"] in feature_ids or a["id"] in seen:
            loader.add(
                loader.dir / "agreements.csv", a["id"], "id", f"duplicate id {a['id']!r} (also a feature or an earlier agreement)"
            )
            continue
        seen.add(a["id"])
        kept.append(a)
    data.agreements = kept
    return seen


def check_related(loader: Loader, data: Loaded, refs: _References) -> None:
    """Related links of every record, valid or not: a bad link is named and dropped, the feature kept."""
    feature_ids = set(data.features["id"])
    for fid, links in data.related.items():
        for file, rid in links:
            if rid == fid:
                loader.add(file, fid, "related", f"expected the id of another feature, found its own id {rid!r}", rank=REFERENCE)
            else:
                refs.ok(file, fid, "related", rid, "the id of a feature", among=feature_ids)
    features = data.features.copy()
    features["related"] = [
        tuple(r for r in rel if r in feature_ids and r != fid)
        for fid, rel in zip(features["id"], features["related"], strict=True)
    ]
    data.features = features


def check_gauge_sources(loader: Loader, data: Loaded) -> None:
    """A gauge is kept only with an excerpt that states one."""
    texts = {e.id: e.text for s in data.sources.values() for e in s.excerpts}
    features = data.features
    for i, (fid, gauge, eid) in enumerate(zip(features["id"], features["gauge"], features["gauge_excerpt"], strict=True)):
        if not isinstance(gauge, str):
            continue
        if eid not in texts or not re.search(r"gauge|轨|1,?435|metre|meter", texts[eid], re.I):
            found = "no such excerpt" if eid not in texts else "an excerpt that states no gauge"
            loader.add(
                f"{loader.dir.name}/geo/{features['layer'].iat[i]}.geojson",
                fid,
                "gauge_excerpt",
                f"expected the id of an excerpt that states the gauge, found {eid!r} ({found})",
                rank=REFERENCE,
            )
            features.iat[i, features.columns.get_loc("gauge")] = None


def excerpt_references(loader: Loader, data: Loaded, refs: _References) -> list[dict]:
    """One row per excerpt and feature it names; an excerpt naming an unknown id loses that id."""
    rows = []
    for src in data.sources.values():
        path = f"{loader.dir.name}/sources/{src.id}.json"
        for ex in src.excerpts:
            for fid in ex.feature_ids:
                if refs.ok(path, ex.id, "feature_ids", fid, "the id of a feature or agreement"):
                    rows.append(
                        {
                            "excerpt_id": ex.id,
                            "source_id": src.id,
                            "feature_id": fid,
                            "text": ex.text,
                            "published": src.published,
                            "reviewed": src.reviewed,
                        }
                    )
    return rows


def cited_records(loader: Loader, data: Loaded, refs: _References, rows: list[dict], name: str, citing: dict) -> list[dict]:
    """Facts or milestones whose feature, source and excerpt exist (`citing` collects the records
    that cite an invalid source file: its follow-ons, named once)."""
    excerpt_source = {e.id: s.id for s in data.sources.values() for e in s.excerpts}
    kept, path = [], f"{loader.dir.name}/{name}"
    for i, r in enumerate(rows):
        rec = f"row {i + 2} ({r['feature_id']})"
        good = refs.ok(path, rec, "feature_id", r["feature_id"], "the id of a feature or agreement")
        if r["source_id"] in loader.rejected_sources:  # the file is there but invalid: named once, below
            citing.setdefault(r["source_id"], []).append(name)
            good = False
        elif r["source_id"] not in data.sources:
            loader.add(path, rec, "source_id", f"expected the id of a file in sources/, found {r['source_id']!r}", rank=REFERENCE)
            good = False
        elif r.get("excerpt_id") and excerpt_source.get(r["excerpt_id"]) != r["source_id"]:
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


def check_agreement_references(loader: Loader, data: Loaded, refs: _References, citing: dict) -> None:
    """An agreement's source and related ids exist; its lists become tuples (the frame is read-only)."""
    path = loader.dir / "agreements.csv"
    for a in data.agreements:
        if a["source_id"] in loader.rejected_sources:
            citing.setdefault(a["source_id"], []).append("agreements.csv")
        elif a["source_id"] not in data.sources:
            loader.add(
                path, a["id"], "source_id", f"expected the id of a file in sources/, found {a['source_id']!r}", rank=REFERENCE
            )
        for r in a["related"]:
            refs.ok(f"{loader.dir.name}/agreements.csv", a["id"], "related", r, "the id of a feature or agreement")
        a["related"] = tuple(r for r in a["related"] if r in refs.known)
        a["parties"] = tuple(a["parties"])
        a["aliases"] = tuple(a["aliases"])


def report_invalid_source_citations(loader: Loader, citing: dict) -> None:
    for sid, files in sorted(citing.items()):
        loader.add(
            loader.rejected_sources[sid],
            "(follow-on)",
            "source_id",
            f"{len(files)} record(s) in {', '.join(sorted(set(files)))} cite this source, which is invalid (above): left out with it",
            rank=FOLLOW_ON,
        )


def check_status_dates(loader: Loader, data: Loaded, cited: list[dict]) -> None:
    """Every feature has a source, and none as new as its status_as_of is a problem; while a source
    file is invalid, such features are its follow-ons (one line each kind)."""
    newest: dict[str, str] = {}  # feature id -> published date of its newest source
    for fid, sid in [(r["feature_id"], r["source_id"]) for r in cited]:
        published = data.sources[sid].published
        if fid not in newest or parse_partial_date(published) > parse_partial_date(newest[fid]):
            newest[fid] = published
    unsourced: list[str] = []
    unconfirmed: list[str] = []
    for _, row in data.features.iterrows():
        file = f"{loader.dir.name}/geo/{row['layer']}.geojson"
        if row["id"] not in newest and loader.rejected_sources:  # probably cited by the invalid source
            unsourced.append(row["id"])
        elif row["id"] not in newest:
            loader.add(file, row["id"], "(sources)", "expected at least one excerpt or cited fact, found none", rank=REFERENCE)
        elif _later(row["status_as_of"], newest[row["id"]]) and loader.rejected_sources:
            unconfirmed.append(row["id"])
        elif _later(row["status_as_of"], newest[row["id"]]):
            loader.add(
                file,
                row["id"],
                "status_as_of",
                f"expected the date of a source that confirms the status, found {row['status_as_of']}, "
                f"later than the newest source naming it ({newest[row['id']]})",
                rank=REFERENCE,
            )
    for ids, field, what in (
        (unsourced, "(sources)", "with no other excerpt or cited fact"),
        (unconfirmed, "status_as_of", "with no other source as new as their status_as_of"),
    ):
        if ids:
            shown = ", ".join(repr(i) for i in ids[:12]) + (" …" if len(ids) > 12 else "")
            loader.add(
                " and ".join(sorted(set(loader.rejected_sources.values()))),
                "(follow-on)",
                field,
                f"{len(ids)} feature(s) {what}, probably cited by the invalid file: {shown}",
                rank=FOLLOW_ON,
            )


def check_changes(loader: Loader, data: Loaded, refs: _References) -> list[dict]:
    """The change log's rows name a feature, and (where they cite one) a source and an excerpt of it."""
    excerpt_source = {e.id: s.id for s in data.sources.values() for e in s.excerpts}
    path, kept = f"{loader.dir.name}/{CHANGES_FILE}", []
    for i, r in enumerate(data.changes):
        rec = f"row {i + 2} ({r['feature_id']})"
        good = refs.ok(path, rec, "feature_id", r["feature_id"], "the id of a feature")
        sid, eid = r["source_id"], r["excerpt_id"]
        if sid is not None and sid not in data.sources and sid not in loader.rejected_sources:
            loader.add(path, rec, "source_id", f"expected the id of a file in sources/, found {sid!r}", rank=REFERENCE)
            good = False
        elif sid is not None and eid is not None and excerpt_source.get(eid) != sid and sid not in loader.rejected_sources:
            loader.add(path, rec, "excerpt_id", f"expected an excerpt of source {sid!r}, found {eid!r}", rank=REFERENCE)
            good = False
        elif sid is None and eid is not None:
            loader.add(path, rec, "source_id", f"expected the source of excerpt {eid!r}, found none", rank=REFERENCE)
            good = False
        if good:
            kept.append(r)
    return kept


def check_milestones(loader: Loader, data: Loaded) -> None:
    """Milestones that contradict the calendar, each other or the feature's status (issue 19)."""
    layer_of = dict(zip(data.features["id"], data.features["layer"], strict=True))
    for kind, record, field, message in timeline.milestone_problems(data.features, data.milestones):
        if kind == "milestone":
            r = data.milestones[int(record)]
            loader.add(
                f"{loader.dir.name}/milestones.csv", f"{r['feature_id']} {r['event']} {r['date']}", field, message, rank=REFERENCE
            )
        else:
            loader.add(f"{loader.dir.name}/geo/{layer_of[record]}.geojson", record, field, message, rank=REFERENCE)


def cross_check(loader: Loader, data: Loaded) -> Catalog:
    """The checks between records, each a named function above, in the order their problems rank."""
    agreement_ids = unique_agreement_ids(loader, data)
    refs = _References(loader, set(data.features["id"]) | agreement_ids)
    check_related(loader, data, refs)
    check_gauge_sources(loader, data)
    finance = check_finance(loader, data.features)
    excerpt_rows = excerpt_references(loader, data, refs)
    citing: dict[str, list[str]] = {}  # invalid source id -> the files whose records cite it
    data.facts = cited_records(loader, data, refs, data.facts, "facts.csv", citing)
    data.milestones = cited_records(loader, data, refs, data.milestones, "milestones.csv", citing)
    check_agreement_references(loader, data, refs, citing)
    changes = check_changes(loader, data, refs)
    refs.report_follow_ons()
    report_invalid_source_citations(loader, citing)
    check_status_dates(loader, data, [*excerpt_rows, *data.facts, *data.milestones])
    check_milestones(loader, data)
    # AidData's lenders of the projects each feature names: the financier filter offers and matches them too
    lenders = [lenders_of(ids, finance) for ids in data.features["aiddata_ids"]]
    sectors = [sectors_of(ids, finance) for ids in data.features["aiddata_ids"]]  # and the sector filter, their sectors
    return Catalog(
        data_dir=loader.dir,
        features=data.features.assign(
            aiddata_lenders=pd.Series(lenders, index=data.features.index, dtype=object),
            aiddata_sectors=pd.Series(sectors, index=data.features.index, dtype=object),
        ),
        sources=data.sources,
        excerpts=pd.DataFrame(excerpt_rows, columns=["excerpt_id", "source_id", "feature_id", "text", "published", "reviewed"]),
        facts=pd.DataFrame(data.facts, columns=list(Fact.model_fields)),
        milestones=pd.DataFrame(data.milestones, columns=list(Milestone.model_fields)),
        agreements=pd.DataFrame(data.agreements, columns=list(Agreement.model_fields)),
        countries=data.countries,
        problems=loader.sorted_problems(),
        finance=finance,
        changes=pd.DataFrame(changes, columns=list(Change.model_fields)),
    )
