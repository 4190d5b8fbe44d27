"""How fresh the atlas is: per feature, its newest source and newest figure per metric.

Used by `python -m atlas audit`, by the map page's freshness line and by the
details panel ("newest source: … , N months ago"). A feature is stale when no
source of its own is younger than STALE_MONTHS.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from atlas.data import Catalog
from atlas.schema import parse_partial_date

STALE_MONTHS = 18


@dataclasses.dataclass(frozen=True)
class Freshness:
    feature_id: str
    newest: str | None  # published date of the newest source that names the feature
    newest_source: str | None  # its id
    months: int | None  # its age in whole months at `today`
    stale: bool


def months_between(earlier: dt.date, later: dt.date) -> int:
    return max(0, (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day))


def source_dates(catalog: Catalog) -> dict[str, list[tuple[str, str]]]:
    """feature id -> [(published, source id)] of every source that quotes it, gives a figure or a milestone."""
    out: dict[str, set[tuple[str, str]]] = {}
    for frame in (catalog.excerpts, catalog.facts, catalog.milestones):
        for fid, sid in zip(frame["feature_id"], frame["source_id"], strict=True):
            src = catalog.sources.get(sid)
            if src is not None:
                out.setdefault(fid, set()).add((src.published, sid))
    return {k: sorted(v, key=lambda p: parse_partial_date(p[0])) for k, v in out.items()}


def _fresh(fid: str, dated: list[tuple[str, str]], today: dt.date) -> Freshness:
    if not dated:
        return Freshness(fid, None, None, None, True)
    published, sid = dated[-1]
    months = months_between(parse_partial_date(published), today)
    return Freshness(fid, published, sid, months, months > STALE_MONTHS)


def freshness(catalog: Catalog, *, today: dt.date | None = None) -> dict[str, Freshness]:
    """Every feature's newest source and whether it is stale."""
    today = today or dt.date.today()
    dates = source_dates(catalog)
    return {fid: _fresh(fid, dates.get(fid, []), today) for fid in catalog.features["id"]}


def feature_freshness(catalog: Catalog, feature_id: str, *, today: dt.date | None = None) -> Freshness:
    """One feature's newest source (the details panel)."""
    only = {
        name: getattr(catalog, name)[getattr(catalog, name)["feature_id"] == feature_id]
        for name in ("excerpts", "facts", "milestones")
    }
    part = dataclasses.replace(catalog, **only)
    return _fresh(feature_id, source_dates(part).get(feature_id, []), today or dt.date.today())


def newest_figures(catalog: Catalog, feature_id: str) -> dict[str, dict]:
    """metric -> the newest figure of the feature (value, unit, qualifier, as_of, source_id)."""
    rows = catalog.facts[catalog.facts["feature_id"] == feature_id]
    out: dict[str, dict] = {}
    for r in sorted(rows.itertuples(), key=lambda r: parse_partial_date(r.as_of)):
        out[r.metric] = {
            "value": float(r.value),
            "unit": r.unit,
            "qualifier": r.qualifier if isinstance(r.qualifier, str) else None,
            "as_of": r.as_of,
            "source_id": r.source_id,
        }
    return out


def audit(catalog: Catalog, *, today: dt.date | None = None, since_year: int = 2025) -> dict:
    """Per feature: newest source, its age, newest figure per metric, stale or not; and a summary."""
    today = today or dt.date.today()
    fresh = freshness(catalog, today=today)
    rows = []
    for f in catalog.features.reset_index(drop=True).sort_values(["kind", "id"]).itertuples():
        fr = fresh[f.id]
        rows.append(
            {
                "id": f.id,
                "kind": f.kind,
                "countries": list(f.countries),
                "status": f.status,
                "status_as_of": f.status_as_of,
                "newest_source": fr.newest,
                "newest_source_id": fr.newest_source,
                "months_old": fr.months,
                "stale": fr.stale,
                "figures": newest_figures(catalog, f.id),
            }
        )
    confirmed = [r for r in rows if parse_partial_date(r["status_as_of"]).year >= since_year]
    stale = [r["id"] for r in rows if r["stale"]]
    return {
        "today": today.isoformat(),
        "stale_after_months": STALE_MONTHS,
        "features": rows,
        "summary": {
            "features": len(rows),
            f"status_confirmed_{since_year}_or_later": len(confirmed),
            "share_confirmed": round(len(confirmed) / len(rows), 3) if rows else 0.0,
            "stale": stale,
        },
    }


def audit_table(report: dict) -> str:
    """The audit as a fixed-width table, one feature a line, then the summary."""
    lines = [f"{'feature':<34} {'kind':<17} {'status (as of)':<32} {'newest source':<14} {'age':>5}  newest figures"]
    for r in report["features"]:
        status = f"{r['status']} ({r['status_as_of']})"
        age = "—" if r["months_old"] is None else f"{r['months_old']} mo"
        figs = "; ".join(f"{m} {v['value']:,.6g} {v['unit']} ({v['as_of']})" for m, v in r["figures"].items()) or "—"
        flag = "  STALE" if r["stale"] else ""
        lines.append(f"{r['id']:<34} {r['kind']:<17} {status:<32} {r['newest_source'] or '—':<14} {age:>5}  {figs}{flag}")
    s = report["summary"]
    key = next(k for k in s if k.startswith("status_confirmed_"))
    lines.append(
        f"{s['features']} features; {s[key]} ({s['share_confirmed']:.0%}) with a status confirmed by a source of "
        f"{key.split('_')[2]} or later; {len(s['stale'])} stale (no source in the last {report['stale_after_months']} months)"
    )
    return "\n".join(lines)
