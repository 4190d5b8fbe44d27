"""What readers see of the change log (docs/pipeline.md §5): its rows in words, a feature's history, the Atom feed.

Pure functions (no Streamlit): `entries` turns data/changes.csv into rows in the interface language, newest
`logged` first, then newest `date`; `feed_xml` builds the Atom feed of them with feedgen (one entry per log
row, with an id that never changes); `write_feeds` writes static/feed-<lang>.xml for the app to serve.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import urllib.parse
from pathlib import Path

from feedgen.feed import FeedGenerator
from lxml import etree

from atlas import i18n
from atlas.data import Catalog
from atlas.files import write_atomic
from atlas.schema import parse_partial_date

# the public address of the atlas: the feed's links and entry ids are built on it (ATLAS_PUBLIC_URL may change it)
PUBLIC_URL = os.environ.get("ATLAS_PUBLIC_URL", "http://localhost:8501/")
ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "app/static/feed-{lang}.xml"  # where Streamlit serves static/feed-<lang>.xml


def _figure(value: str, unit: str | None, lang: str) -> str:
    if not value:
        return ""
    number = i18n.number(float(value), lang, digits=2)
    return f"{number}%" if unit == "percent" else f"{number} {i18n.unit(unit, lang)}".strip() if unit else number


def _unit(catalog: Catalog, fid: str, metric: str, as_of: str) -> str | None:
    f = catalog.facts
    hit = f[(f["feature_id"] == fid) & (f["metric"] == metric) & (f["as_of"] == as_of)]
    return str(hit.iloc[0]["unit"]) if len(hit) else None


def what_changed(row: dict, catalog: Catalog, lang: str) -> tuple[str, str]:
    """(what, old → new) of one log row in the interface language: ("Status", "under construction → operational")."""
    field, old, new = row["field"], row["old"] or "", row["new"] or ""
    if field == "status":
        labels = i18n.statuses(lang)
        return i18n.t("log.field.status", lang), f"{labels.get(old, old)} → {labels.get(new, new)}"
    if field.startswith("figure:"):
        metric = field.removeprefix("figure:")
        unit = _unit(catalog, row["feature_id"], metric, row["date"])
        what = i18n.t("log.field.figure", lang, metric=i18n.metric(metric, lang))
        if not new:
            return what, i18n.t("log.retracted", lang, old=_figure(old, unit, lang))
        return what, f"{_figure(old, unit, lang)} → {_figure(new, unit, lang)}" if old else _figure(new, unit, lang)
    if field == "milestone":
        return i18n.t("log.field.milestone", lang), i18n.label("event", new, lang)
    if field == "excerpt":
        return i18n.t("log.field.excerpt", lang), i18n.t("log.excerpt", lang)
    if field in ("status_as_of", "location"):
        return i18n.t(f"log.field.{field}", lang), f"{old} → {new}" if old else new
    if field == "geometry_precision":
        before, after = i18n.label("precision", old, lang), i18n.label("precision", new, lang)
        return i18n.t("log.field.geometry_precision", lang), f"{before} → {after}" if old else after
    if field == "summary":  # the summary as it now reads (the data has it in English only)
        return i18n.t("log.field.summary", lang), new
    return field, f"{old} → {new}" if old else new


def entries(catalog: Catalog, lang: str, feature_ids: set[str] | None = None) -> list[dict]:
    """The log's rows (of `feature_ids` only, when given), as shown: newest logged first, then the newest news (the
    date of the source that reports the change; a planned opening in 2031 reported in 2025 is 2025's news), then
    the date the change is about."""
    log = catalog.changes
    if feature_ids is not None:
        log = log[log["feature_id"].isin(feature_ids)]
    quotes = {e.id: e.text for s in catalog.sources.values() for e in s.excerpts}
    out = []
    for n, r in zip(log.index, log.to_dict("records"), strict=True):
        what, change = what_changed(r, catalog, lang)
        src = catalog.sources.get(r["source_id"]) if isinstance(r["source_id"], str) else None
        out.append(
            {
                "key": n,
                "logged": r["logged"],
                "date": r["date"],
                "feature_id": r["feature_id"],
                "name": catalog.name_of(r["feature_id"], lang),
                "what": what,
                "change": change,
                "reported": src.published if src else r["logged"],
                "outlet": src.outlet if src else "",
                "url": src.url if src else "",
                "quote": quotes.get(r["excerpt_id"], "") if isinstance(r["excerpt_id"], str) else "",
                "note": r["note"] if isinstance(r["note"], str) else "",
                "row": r,
            }
        )
    out.sort(
        key=lambda e: (e["logged"], parse_partial_date(e["reported"]), parse_partial_date(e["date"]), e["key"]),
        reverse=True,
    )
    return out


def history(catalog: Catalog, feature_id: str, lang: str) -> list[dict]:
    """A feature's history for its details panel: 'under construction → operational, 2025-12-11, FMT'."""
    return [
        {"what": e["what"], "change": e["change"], "date": e["date"], "outlet": e["outlet"], "url": e["url"]}
        for e in entries(catalog, lang, {feature_id})
        if e["row"]["field"] != "status_as_of" or not _same_day_status(catalog, e)
    ]


def _same_day_status(catalog: Catalog, e: dict) -> bool:
    """A status_as_of row beside a status row of the same change says nothing more (the status row has the date)."""
    log = catalog.changes
    same = log[(log["feature_id"] == e["feature_id"]) & (log["logged"] == e["logged"]) & (log["date"] == e["date"])]
    return bool((same["field"] == "status").any())


def entry_id(row: dict, base: str) -> str:
    """A stable id of one log row: the same row gives the same id in every build of the feed."""
    key = "|".join(str(row.get(k) or "") for k in ("logged", "date", "feature_id", "field", "old", "new", "source_id"))
    return f"{base}#change-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


def permalink(base: str, feature_id: str, lang: str) -> str:
    query = {"feature": feature_id} | ({"lang": lang} if lang != "en" else {})
    return f"{base}?{urllib.parse.urlencode(query)}"


def _day(value: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(value), dt.time(), tzinfo=dt.UTC)


def feed_xml(catalog: Catalog, lang: str = "en", base: str = PUBLIC_URL) -> bytes:
    """The change log as an Atom feed in `lang`: one entry per log row, updated = the day it was logged."""
    fg = FeedGenerator()
    fg.id(f"{base}{FEED_PATH.format(lang=lang)}")
    fg.title(i18n.t("log.feed.title", lang))
    fg.subtitle(i18n.t("log.feed.subtitle", lang))
    fg.language(lang)
    fg.link(href=base, rel="alternate")
    fg.link(href=f"{base}{FEED_PATH.format(lang=lang)}", rel="self")
    rels: dict[str, dict] = {f"{base}{FEED_PATH.format(lang=lang)}": {"rel": "self"}}
    rows = entries(catalog, lang)
    fg.updated(_day(rows[0]["logged"]) if rows else dt.datetime.now(dt.UTC))  # an empty log: as of now
    for e in reversed(rows):  # feedgen puts the last added first: newest first in the file
        fe = fg.add_entry()
        fe.id(entry_id(e["row"], base))
        fe.title(f"{e['name']}: {e['what']} — {e['change']}")
        fe.updated(_day(e["logged"]))
        fe.link(href=permalink(base, e["feature_id"], lang), rel="alternate")
        if e["url"]:
            fe.link(href=e["url"], rel="related", title=e["outlet"])
            rels[e["url"]] = {"rel": "related", "title": e["outlet"]}
        text = i18n.t("log.feed.entry", lang, date=e["date"], outlet=e["outlet"] or "—")
        fe.content(" ".join(x for x in (text, f"“{e['quote']}”" if e["quote"] else "", e["note"]) if x), type="text")
    return _link_relations(fg.atom_str(pretty=True), rels)


def _link_relations(xml: bytes, rels: dict[str, dict]) -> bytes:
    """feedgen 1.0.0 drops a link's rel and title (its loop variable shadows the link): put them back.
    A link without rel is the alternate (RFC 4287 §4.2.7.2): the atlas page of the change."""
    root = etree.fromstring(xml)
    for link in root.iter(f"{{{ATOM}}}link"):
        for key, value in rels.get(link.get("href"), {}).items():
            link.set(key, value)
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def write_feeds(catalog: Catalog, static_dir: Path, base: str = PUBLIC_URL) -> list[Path]:
    """static/feed-en.xml, feed-zh.xml and feed-id.xml, each written whole."""
    return [write_atomic(static_dir / f"feed-{lang}.xml", feed_xml(catalog, lang, base)) for lang in i18n.LANGS]
