"""Applying a batch of accepted proposals (docs/pipeline.md §3): in memory, validated, then written whole.

`apply_batch` changes an in-memory copy of the data files the batch touches (features in geo/*.geojson,
sources/*.json, facts.csv, milestones.csv) and appends the change log (changes.csv, §4). The copy is then
validated exactly as `python -m atlas validate` does (load_catalog on a folder holding the changed files
beside the untouched ones), and only when it has no problem is each changed file written to a temporary
file in its folder and renamed into place (atlas.files.write_atomic). A refused batch writes nothing.
Each file keeps its format: JSON indent, escaping and key order as they were, CSV columns as the header.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from atlas.catalog import load_catalog
from atlas.data import CHANGES_FILE, LAYERS, resolve_data_dir
from atlas.files import write_atomic
from atlas.loading import DERIVED, DERIVED_PROPS
from atlas.proposals import Pending
from atlas.schema import Change, Source, parse_partial_date

CHANGE_COLUMNS = list(Change.model_fields)
SOURCE_KEYS = list(Source.model_fields)  # a new source file's keys, in the order the others have them
WRITE_ORDER = ("sources", "geo", "facts.csv", "milestones.csv", CHANGES_FILE)  # the log last: it cites the rest


class Refused(ValueError):
    """A proposal that cannot be applied to the data as it is (the message says why)."""


@dataclasses.dataclass
class Result:
    written: list[Path]  # the files written (empty for a refused batch or a dry run)
    changes: list[dict]  # the change-log rows the batch appends
    applied: list[str]  # ids of the proposals applied
    held: list[str]  # ids of proposals the data already holds (repeats): listed, never applied
    problems: list[str]  # why the batch was refused (the validator's lines); empty when it was not
    files: list[str] = dataclasses.field(default_factory=list)  # the files the batch changes, relative to the data folder

    @property
    def ok(self) -> bool:
        return not self.problems


def _json_format(text: str) -> dict:
    """How a JSON file is written, so that its rewrite differs only where the data does."""
    doc = json.loads(text)
    for indent in (1, 2, None, 4):
        for ascii_only in (False, True):
            out = json.dumps(doc, indent=indent, ensure_ascii=ascii_only)
            if out == text.rstrip("\n"):
                return {"indent": indent, "ensure_ascii": ascii_only, "end": text[len(out) :]}
    return {"indent": 1, "ensure_ascii": False, "end": "\n"}  # hand-formatted: the form most files have


class DataCopy:
    """The data files a batch reads or changes, parsed once, in memory."""

    def __init__(self, data_dir: Path):
        self.dir = data_dir
        self.json: dict[str, tuple[Any, dict]] = {}
        self.tables: dict[str, tuple[list[str], list[dict]]] = {}
        self.changed: set[str] = set()
        self.where: dict[str, tuple[str, dict]] = {}  # feature id -> (layer file, its Feature object)
        for layer in LAYERS:
            rel = f"geo/{layer}.geojson"
            for feat in self.doc(rel)["features"]:
                self.where[feat["properties"]["id"]] = (rel, feat)
        self.traced = set()  # features whose geometry comes from a derived file
        for layer, derived in DERIVED.items():
            path = self.dir / "geo" / derived
            if path.exists():
                ids = {f["properties"]["id"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]}
                self.traced |= {i for i in ids if self.where.get(i, ("",))[0] == f"geo/{layer}.geojson"}

    def doc(self, rel: str) -> Any:
        if rel not in self.json:
            text = (self.dir / rel).read_text(encoding="utf-8")
            self.json[rel] = (json.loads(text), _json_format(text))
        return self.json[rel][0]

    def new_doc(self, rel: str, doc: Any) -> None:
        self.json[rel] = (doc, {"indent": 1, "ensure_ascii": False, "end": "\n"})
        self.changed.add(rel)

    def table(self, rel: str, header: list[str] | None = None) -> tuple[list[str], list[dict]]:
        if rel not in self.tables:
            path = self.dir / rel
            if path.exists():
                reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
                self.tables[rel] = (list(reader.fieldnames or header or []), [dict(r) for r in reader])
            else:
                self.tables[rel] = (list(header or []), [])
        return self.tables[rel]

    def feature(self, fid: str) -> dict:
        if fid not in self.where:
            raise Refused(f"expected the id of a feature, found {fid!r}")
        return self.where[fid][1]

    def touch_feature(self, fid: str) -> None:
        self.changed.add(self.where[fid][0])

    def source(self, sid: str) -> dict | None:
        rel = f"sources/{sid}.json"
        return self.doc(rel) if rel in self.json or (self.dir / rel).exists() else None

    def texts(self) -> dict[str, str]:
        """The new text of every changed file."""
        out = {}
        for rel in sorted(self.changed):
            if rel in self.json:
                doc, fmt = self.json[rel]
                out[rel] = json.dumps(doc, indent=fmt["indent"], ensure_ascii=fmt["ensure_ascii"]) + fmt["end"]
            else:
                header, rows = self.tables[rel]
                buf = io.StringIO()
                writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
                writer.writeheader()
                writer.writerows({k: ("" if r.get(k) is None else r.get(k)) for k in header} for r in rows)
                out[rel] = buf.getvalue()
        return out


def number(value: Any) -> str:
    """A figure as the CSV writes it: 16000000, not 16000000.0."""
    v = float(value)
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def _cite(copy: DataCopy, pending: Pending) -> tuple[str, str, bool]:
    """The excerpt a proposal rests on: its sentence in its source (created from the proposal file's entry
    when new), naming the feature. Returns (source id, excerpt id, whether anything was added)."""
    p = pending.proposal
    sid, text, fid = p["source_id"], p["text"], p["feature_id"]
    doc = copy.source(sid)
    if doc is None:
        entry = pending.source
        if entry is None:
            raise Refused(f"expected source {sid!r} in sources/ or in the proposal file's sources, found neither")
        doc = {k: entry.get(k) for k in SOURCE_KEYS if k not in ("reviewed", "excerpts")}
        doc.update(id=sid, reviewed=True, excerpts=[])
        copy.new_doc(f"sources/{sid}.json", doc)
    rel = f"sources/{sid}.json"
    for ex in doc["excerpts"]:
        if ex["text"] == text:
            if fid in ex["feature_ids"]:
                return sid, ex["id"], False
            ex["feature_ids"].append(fid)
            copy.changed.add(rel)
            return sid, ex["id"], True
    numbers = [int(m.group(1)) for e in doc["excerpts"] if (m := re.search(r"#(\d+)\Z", e["id"]))]
    eid = f"{sid}#{max(numbers, default=0) + 1:02d}"
    doc["excerpts"].append({"id": eid, "text": text, "feature_ids": [fid]})
    copy.changed.add(rel)
    return sid, eid, True


def _find_fact(rows: list[dict], fid: str, metric: str, as_of: str) -> int:
    hits = [i for i, r in enumerate(rows) if (r["feature_id"], r["metric"], r["as_of"]) == (fid, metric, as_of)]
    if len(hits) != 1:
        raise Refused(f"expected one figure {metric!r} of {fid!r} as of {as_of} in facts.csv, found {len(hits)}")
    return hits[0]


def held(copy: DataCopy, p: dict) -> bool:
    """The data already holds what the proposal says (a repeat, §1)."""
    kind, fid = p["type"], p["feature_id"]
    if kind in ("excerpt", "status", "figure", "milestone") and fid not in copy.where:
        return False  # named as a problem when applied
    if kind == "excerpt":
        doc = copy.source(p["source_id"])
        return doc is not None and any(e["text"] == p["text"] and fid in e["feature_ids"] for e in doc["excerpts"])
    if kind == "status":
        props = copy.feature(fid)["properties"]
        return props["status"] == p["status"] and parse_partial_date(p["date"]) <= parse_partial_date(props["status_as_of"])
    if kind == "figure" and not p.get("replaces"):
        rows = copy.table("facts.csv")[1]
        return any(
            (r["feature_id"], r["metric"], r["as_of"]) == (fid, p["metric"], p["as_of"])
            and float(r["value"]) == float(p["value"])
            for r in rows
        )
    if kind == "milestone" and not p.get("replaces"):
        rows = copy.table("milestones.csv")[1]
        return any((r["feature_id"], r["date"], r["event"]) == (fid, p["date"], p["event"]) for r in rows)
    return False


def apply_one(copy: DataCopy, pending: Pending, today: str) -> list[dict]:
    """Apply one proposal to the copy; the change-log rows it makes."""
    p, rows = pending.proposal, []
    kind, fid = p["type"], p["feature_id"]
    feat = copy.feature(fid)
    props = feat["properties"]

    def log(field: str, old: Any, new: Any, date: str, cite: tuple | None, note: str = "") -> None:
        sid, eid = (cite[0], cite[1]) if cite else ("", "")
        old_s, new_s = ("" if v is None else v for v in (old, new))
        rows.append(
            {"logged": today, "date": date, "feature_id": fid, "field": field, "old": old_s, "new": new_s}
            | {"source_id": sid, "excerpt_id": eid, "note": note}
        )

    # a retraction without a source of its own cites the figure's; a move or an edit may cite none (its note says why)
    unsourced = kind in ("location", "field", "retract") and not p.get("source_id")
    cite = None if unsourced else _cite(copy, pending)
    if kind == "excerpt":
        if cite[2]:
            log("excerpt", "", cite[1], copy.source(cite[0])["published"], cite)
    elif kind == "status":
        copy.touch_feature(fid)
        if props["status"] != p["status"]:
            log("status", props["status"], p["status"], p["date"], cite)
        if props["status_as_of"] != p["date"]:
            log("status_as_of", props["status_as_of"], p["date"], p["date"], cite)
        props["status"], props["status_as_of"] = p["status"], p["date"]
    elif kind == "figure":
        header, facts = copy.table("facts.csv")
        new = {"feature_id": fid, "metric": p["metric"], "value": number(p["value"]), "unit": p["unit"],
               "qualifier": p.get("qualifier") or "", "period_start": p.get("period_start") or "", "as_of": p["as_of"],
               "source_id": cite[0], "excerpt_id": cite[1]}  # fmt: skip
        if p.get("replaces"):
            i = _find_fact(facts, fid, p["replaces"]["metric"], p["replaces"]["as_of"])
            old = facts[i]
            if old["metric"] != p["metric"]:
                log(f"figure:{old['metric']}", old["value"], "", old["as_of"], cite, "replaced by figure:" + p["metric"])
                log(f"figure:{p['metric']}", "", new["value"], p["as_of"], cite)
            else:
                log(f"figure:{p['metric']}", old["value"], new["value"], p["as_of"], cite)
            facts[i] = new
        else:
            facts.append(new)
            log(f"figure:{p['metric']}", "", new["value"], p["as_of"], cite)
        copy.changed.add("facts.csv")
    elif kind == "retract":
        _, facts = copy.table("facts.csv")
        old = facts.pop(_find_fact(facts, fid, p["metric"], p["as_of"]))
        cite = cite or (old["source_id"], old["excerpt_id"], False)
        log(f"figure:{p['metric']}", old["value"], "", p["as_of"], cite, p["text"])
        copy.changed.add("facts.csv")
    elif kind == "milestone":
        _, ms = copy.table("milestones.csv")
        row = {"feature_id": fid, "date": p["date"], "event": p["event"], "description": p["description"],
               "source_id": cite[0], "excerpt_id": cite[1]}  # fmt: skip
        if p.get("replaces"):  # a milestone that is wrong (its event or date) is corrected in place
            was = p["replaces"]
            hits = [i for i, r in enumerate(ms) if (r["feature_id"], r["date"], r["event"]) == (fid, was["date"], was["event"])]
            if len(hits) != 1:
                raise Refused(f"expected one milestone {was['event']!r} of {fid!r} on {was['date']}, found {len(hits)}")
            ms[hits[0]] = row
            log("milestone", f"{was['event']} ({was['date']})", f"{p['event']} ({p['date']})", p["date"], cite, p["description"])
        else:
            ms.append(row)
            log("milestone", "", p["event"], p["date"], cite, p["description"])
        copy.changed.add("milestones.csv")
    elif kind == "location":
        geom = feat.get("geometry") or {}
        if geom.get("type") != "Point":
            raise Refused(f"expected a point feature to move, found {geom.get('type')!r} ({fid!r} is a line)")
        old = geom["coordinates"]
        geom["coordinates"] = [float(p["lon"]), float(p["lat"])]
        log("location", f"{old[0]}, {old[1]}", f"{p['lon']}, {p['lat']}", today, cite, p["text"])
        props["location_source"] = p["location_source"]
        if p.get("geometry_precision") and p["geometry_precision"] != props.get("geometry_precision"):
            log("geometry_precision", props.get("geometry_precision"), p["geometry_precision"], today, cite, p["text"])
            props["geometry_precision"] = p["geometry_precision"]
        copy.touch_feature(fid)
    elif kind == "field":
        name, value = p["field"], p["value"]
        if name == "id":
            raise Refused("expected a property other than 'id' (links use it), found 'id'")
        if fid in copy.traced and name in DERIVED_PROPS:
            raise Refused(f"expected a property the trace does not set, found {name!r}: {fid!r} is drawn from geo/derived/")
        if isinstance(props.get(name), list) and isinstance(value, str):
            value = [v.strip() for v in value.split(";") if v.strip()]
        fmt = "; ".join if isinstance(value, list) else str
        log(name, fmt(props[name]) if props.get(name) is not None else "", fmt(value), today, cite, "" if cite else p["text"])
        props[name] = value
        copy.touch_feature(fid)
    return rows


def problems_of(data_dir: Path, texts: dict[str, str]) -> list[str]:
    """The validator's problems with the data folder as it would be with `texts` (relative path -> new
    text) in place: load_catalog on a temporary folder of the same name holding the new files beside
    links to the untouched ones."""
    with tempfile.TemporaryDirectory(prefix="atlas-review-") as tmp:
        root = Path(tmp) / data_dir.name
        root.mkdir()
        for path in sorted(data_dir.rglob("*")):
            rel = path.relative_to(data_dir)
            if rel.parts[0] == "inbox" or rel.as_posix() in texts:
                continue
            if path.is_dir():
                (root / rel).mkdir(exist_ok=True)
            else:
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                os.symlink(path.resolve(), root / rel)
        for rel, text in texts.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        return [str(p) for p in load_catalog(root).problems]


def _order(rel: str) -> int:
    return next((i for i, w in enumerate(WRITE_ORDER) if rel.startswith(w)), len(WRITE_ORDER))


def apply_batch(
    accepted: list[Pending], data_dir: str | os.PathLike | None = None, *, today: str | None = None, dry_run: bool = False
) -> Result:
    """Apply the accepted proposals together; write every changed file, or (refused, or a dry run) none."""
    data_dir = resolve_data_dir(data_dir)
    today = today or dt.date.today().isoformat()
    copy = DataCopy(data_dir)
    rows, applied, repeats, refused = [], [], [], []
    for pending in accepted:
        p = pending.proposal
        try:
            if p.get("repeat") or held(copy, p):
                repeats.append(pending.id)
                continue
            rows += apply_one(copy, pending, today)
            applied.append(pending.id)
        except Refused as err:
            refused.append(f"proposal {pending.id} ({p['type']}, {p['feature_id']}): {err}")
        except (KeyError, TypeError, ValueError) as err:  # a field of the wrong shape in a hand-written file
            refused.append(f"proposal {pending.id} ({p['type']}, {p['feature_id']}): expected valid fields, found {err!r}")
    if rows:
        header, log = copy.table(CHANGES_FILE, CHANGE_COLUMNS)
        log += rows
        copy.changed.add(CHANGES_FILE)
    if refused:
        return Result([], rows, applied, repeats, refused)
    texts = copy.texts()
    problems = problems_of(data_dir, texts) if texts else []
    files = sorted(texts, key=lambda r: (_order(r), r))
    if problems or dry_run:
        return Result([], rows, applied, repeats, problems, files)
    written = [write_atomic(data_dir / rel, texts[rel]) for rel in files]
    return Result(written, rows, applied, repeats, [], files)
