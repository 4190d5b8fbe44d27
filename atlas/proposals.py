"""Proposal files (docs/pipeline.md §1–§2): reading them, the inbox, an editor's edits, one line per change.

A proposal file is one JSON object, `{"sources": [...], "proposals": [...]}`, as `ingest --json` prints it
and as it lies in the inbox (`data/inbox/<source_id>.json`). Each proposal keeps the file it came from
and its source's entry, so that applying it can create the source file and the inbox can forget it.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from atlas.data import Catalog
from atlas.files import write_atomic
from atlas.loading import read_regular_file

TYPES = ("excerpt", "status", "figure", "milestone", "location", "field", "retract")
# the fields each type needs besides `type`, `feature_id` and `text` (an editor may change any of them)
REQUIRED = {
    "excerpt": ("source_id",),
    "status": ("source_id", "status", "date"),
    "figure": ("source_id", "metric", "value", "unit", "as_of"),
    "milestone": ("source_id", "date", "event", "description"),
    "location": ("lon", "lat", "location_source"),
    "field": ("field", "value"),
    "retract": ("metric", "as_of"),
}
# what an editor may change inline, per type (the Review page's edit form and `review --set`)
EDITABLE = {
    "excerpt": ("feature_id",),
    "status": ("feature_id", "status", "date"),
    "figure": ("feature_id", "metric", "value", "unit", "qualifier", "period_start", "as_of"),
    "milestone": ("feature_id", "date", "event", "description"),
    "location": ("feature_id", "lon", "lat", "location_source", "geometry_precision"),
    "field": ("feature_id", "field", "value"),
    "retract": ("feature_id", "metric", "as_of"),
}
MAX_PROPOSAL_BYTES = 5_000_000


class ProposalFileError(ValueError):
    """A proposal file that cannot be read: the message names the file and what is wrong."""


@dataclasses.dataclass
class Pending:
    """One proposal as listed for review: where it came from and its source's entry (None for none)."""

    proposal: dict[str, Any]
    file: Path | None
    source: dict[str, Any] | None

    @property
    def id(self) -> str:
        return str(self.proposal["id"])

    @property
    def repeat(self) -> bool:
        return bool(self.proposal.get("repeat"))


def read_file(path: Path) -> list[Pending]:
    """The proposals of one file, each checked for the fields its type needs."""
    try:
        doc = json.loads(read_regular_file(path, MAX_PROPOSAL_BYTES).decode("utf-8-sig"))
    except (OSError, ValueError) as err:
        raise ProposalFileError(
            f"{path}: expected a proposal file (JSON), found {getattr(err, 'strerror', None) or err}"
        ) from err
    if not isinstance(doc, dict) or not isinstance(doc.get("proposals"), list):
        raise ProposalFileError(f'{path}: expected an object with a "proposals" list, found {type(doc).__name__}')
    sources = {s.get("id"): s for s in doc.get("sources") or [] if isinstance(s, dict)}
    out = []
    for i, p in enumerate(doc["proposals"]):
        where = f"{path}: proposal #{i + 1}"
        if not isinstance(p, dict):
            raise ProposalFileError(f"{where}: expected an object, found {type(p).__name__}")
        if p.get("type") not in TYPES:
            raise ProposalFileError(f"{where}: expected a type among {', '.join(TYPES)}, found {p.get('type')!r}")
        missing = [k for k in ("feature_id", "text", *REQUIRED[p["type"]]) if p.get(k) in (None, "")]
        if missing:
            raise ProposalFileError(f"{where} ({p['type']}): expected {', '.join(missing)}, found none")
        proposal = {"id": p.get("id") or f"{path.stem}:{i + 1}", **{k: v for k, v in p.items() if k != "id"}}
        out.append(Pending(proposal, path, sources.get(p.get("source_id"))))
    ids = [x.id for x in out]
    if len(set(ids)) != len(ids):
        raise ProposalFileError(f"{path}: expected unique proposal ids, found {sorted({i for i in ids if ids.count(i) > 1})}")
    return out


def inbox_dir(data_dir: Path, inbox: str | Path | None = None) -> Path:
    return Path(inbox) if inbox else data_dir / "inbox"


def read_inbox(folder: Path) -> list[Pending]:
    """Every proposal of every file in the inbox, file by file in name order (an absent inbox is empty)."""
    if not folder.is_dir():
        return []
    return [p for path in sorted(folder.glob("*.json")) for p in read_file(path)]


def parse_value(text: str) -> Any:
    """An edited value as typed: JSON where it is JSON (numbers, lists, null), else the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def edit(pending: Pending, field: str, value: Any) -> None:
    """Change one type-specific field of a proposal (an editor's edit before accepting it)."""
    kind = pending.proposal["type"]
    if field not in EDITABLE[kind]:
        raise ValueError(f"{pending.id}: expected one of {', '.join(EDITABLE[kind])} for a {kind} proposal, found {field!r}")
    pending.proposal[field] = value


def forget(decided: list[Pending]) -> list[Path]:
    """Take decided proposals out of their inbox files: a file left with none is removed, the others
    rewritten (atomically) with the undecided rest. Returns the files removed."""
    removed = []
    for path in sorted({p.file for p in decided if p.file is not None}):
        if not path.exists():
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        gone = {p.id for p in decided if p.file == path}
        rest = [p for i, p in enumerate(doc.get("proposals", [])) if (p.get("id") or f"{path.stem}:{i + 1}") not in gone]
        if rest:
            write_atomic(path, json.dumps({**doc, "proposals": rest}, ensure_ascii=False, indent=1) + "\n")
        else:
            path.unlink()
            removed.append(path)
    return removed


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def describe(p: dict[str, Any], catalog: Catalog) -> tuple[str, str, str]:
    """(what changes, old, new) of a proposal against the data as it is: ("status", "under_construction",
    "operational (2025-12-11)")."""
    f = catalog.feature(p["feature_id"]) or {}
    kind = p["type"]
    if kind == "excerpt":
        return "excerpt", "", f"{p['source_id']}"
    if kind == "status":
        return "status", f"{f.get('status', '?')} ({f.get('status_as_of', '?')})", f"{p['status']} ({p['date']})"
    if kind in ("figure", "retract"):
        metric, as_of = (p["replaces"]["metric"], p["replaces"]["as_of"]) if p.get("replaces") else (p["metric"], p["as_of"])
        facts = catalog.facts
        old = facts[(facts["feature_id"] == p["feature_id"]) & (facts["metric"] == metric) & (facts["as_of"] == as_of)]
        before = f"{_fmt(old.iloc[0]['value'])} {old.iloc[0]['unit']} ({as_of})" if len(old) else ""
        if kind == "retract":
            return f"figure:{p['metric']}", before, ""
        after = f"{p.get('qualifier') or ''} {_fmt(p['value'])} {p['unit']} ({p['as_of']})".strip()
        return f"figure:{p['metric']}", before if p.get("replaces") else "", after
    if kind == "milestone":
        return "milestone", "", f"{p['date']} {p['event']}: {p['description']}"
    if kind == "location":
        geom = f.get("geometry")
        old = f"{geom.x}, {geom.y}" if geom is not None and geom.geom_type == "Point" else ""
        return "location", old, f"{p['lon']}, {p['lat']}"
    return p["field"], _fmt(f.get(p["field"])), _fmt(p["value"])
