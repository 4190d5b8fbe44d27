"""What an article proposes to change in the data (docs/pipeline.md §1): excerpts, figures, status changes and
milestones, each resting on a verbatim sentence of the article, each marked `repeat` when the data holds it.

propose(text, catalog, source_id=…, published=…) runs the article linker (atlas/linking.py) and reads, in each
sentence that names a feature:

- status words ("opened", "broke ground", "suspended", "reopened", "approved", "scrapped", 开通, 开工, 暂停 …) and
  the date the sentence gives for them (atlas/dates.py), else the publication date (`"date_from": "published"`).
  A status word in a future or negated clause ("will open", "is expected to be completed", "has not opened") is
  no status: with a date after publication it is a planned opening (a milestone);
- the figures the linker reads, with their period and as-of date from the sentence's period words;
- a milestone for every dated event.

A status the feature already has, dated no later than its `status_as_of`, is a repeat; if the article is newer
it *confirms* the status as of the publication date. An event older than the feature's current status that
would change it is history: a milestone, never a status change.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from atlas import dates
from atlas.data import Catalog
from atlas.linking import build_terms, find_mentions, link_article
from atlas.text import QUOTES

# status word -> (status, milestone event); the first pattern that matches a span wins
STATUS_WORDS: list[tuple[re.Pattern, str, str]] = [
    (
        re.compile(
            r"\b(?:re-?opened|reopens?|reopening|resum(?:ed|es|ption of))\b|恢复(?:通关|运营|开放|通车)|重新开放|复航", re.I
        ),
        "operational",
        "service_resumed",
    ),
    (
        re.compile(
            r"\b(?:broke|breaks|breaking)\s+ground\b|\bground-?breaking\b|\bconstruction\s+(?:began|begins|started|starts|commenced|kicked\s+off|got\s+under\s*way)\b"
            r"|\b(?:began|begun|started|commenced|starting|beginning)\s+(?:the\s+)?construction\b|开工|动工|开建",
            re.I,
        ),
        "under_construction",
        "construction_started",
    ),
    (
        re.compile(
            r"\b(?:opened|opens|inaugurated|launched|went\s+into\s+(?:commercial\s+)?(?:operation|service)|entered\s+(?:commercial\s+)?service"
            r"|(?:began|begins|started|starts|commenced|commencing|beginning|starting)\s+(?:its\s+|official\s+|commercial\s+|full\s+)*operations?)\b"
            r"|开通|通车|投入运营|正式运营|投运|启用",
            re.I,
        ),
        "operational",
        "opened",
    ),
    (re.compile(r"\b(?:suspended|suspends|closed|shut\s+down|halted)\b|暂停|关闭|停运|中断", re.I), "suspended", "suspended"),
    (re.compile(r"\b(?:approved|approves|green-?lit)\b|获批|批准", re.I), "planned", "approved"),
    (re.compile(r"\b(?:cancell?ed|cancels|scrapped|scraps|axed|abandoned)\b|取消|叫停", re.I), "cancelled", "cancelled"),
]
# words that make the clause before a status word a plan, a hope or a negation, not an event
NOT_YET = re.compile(
    r"\b(?:will|would|shall|to\s+be|expected|expects|set\s+to|scheduled|plans?|planned|planning|aims?|aiming|could|may|might|should"
    r"|once|when|until|if|not|yet|never|before|hopes?|targets?|slated|due\s+to|proposed|likely|poised|ready\s+to|about\s+to)\b"
    r"|预计|将|计划|有望|拟|力争|争取|未|尚未|即将",
    re.I,
)
# a planned opening: "is expected to open in 2027", "will be completed by 2030", "预计将于2028年建成通车"
FUTURE_OPENING = re.compile(
    r"\b(?:to|will|would|shall|could)\s+(?:be\s+)?(?:fully\s+)?(?:open|opened|operational|completed|launched|in\s+operation|in\s+service)\b"
    r"|\b(?:to|will)\s+(?:begin|start|commence)\s+(?:commercial\s+)?(?:operations?|service)\b"
    r"|\b(?:opening|completion)\s+(?:is\s+|was\s+)?(?:expected|scheduled|planned|set|slated|targeted)\b",
    re.I,
)
EVENT_WORDS = {
    "opened": "opened",
    "construction_started": "construction began",
    "suspended": "suspended",
    "service_resumed": "service resumed",
    "approved": "approved",
    "cancelled": "cancelled",
    "planned_opening": "planned to open",
}
# "launched a study", "opened the door to", "closed-door talks", "approved the budget": the word is about something else
NOT_THE_THING = re.compile(
    r"^\s*(?:-\s*door|up\b|(?:a|an|the|its|their|new)?\s*(?:\w+\s+)?(?:study|studies|campaign|tender|talks|probe|investigation|bid|bids"
    r"|consultation|survey|website|app|exhibition|office|account|doors?|way|budget|funding|loan|plan|proposal|review|inquiry|deal)\b)",
    re.I,
)
# the order a project's statuses come in: approval and groundbreaking never move a feature back along it
STAGE = {"planned": 0, "preliminary_work": 1, "under_construction": 2, "trial_operation": 3, "operational": 4}
STATIC_METRICS = {"length", "design_speed", "section_length", "area"}  # a repeated value is a repeat, whatever its date
LEFT_OUT_METRICS = {"percent"}  # growth rates and shares: no figure of the atlas
CROSS_BORDER = re.compile(r"cross-?border|跨境|过境", re.I)
SINCE_OPENING = re.compile(r"since\s+(?:its|the)\s+(?:launch|opening)|in\s+the\s+past|over\s+the\s+past|自开通|以来|累计", re.I)


def canon(s: str) -> str:
    return re.sub(r"\s+", " ", "".join(QUOTES.get(c, c) for c in s)).strip()


def _date(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


class _Data:
    """What the data holds, in the shapes the repeat rules ask."""

    def __init__(self, catalog: Catalog):
        f = catalog.features
        self.features = {r["id"]: r for r in f.to_dict("records")}
        ex = catalog.excerpts
        self.excerpts = {(r["feature_id"], canon(r["text"])) for r in ex.to_dict("records")}
        self.facts = catalog.facts.to_dict("records")
        self.milestones = {(r["feature_id"], _date(r["date"]), r["event"]) for r in catalog.milestones.to_dict("records")}
        self.opened: dict[str, str] = {}
        for r in sorted(catalog.milestones.to_dict("records"), key=lambda r: _date(r["date"])):
            if r["event"] == "opened":
                self.opened.setdefault(r["feature_id"], _date(r["date"]))

    def figure_repeat(self, fid: str, metric: str, value: float, as_of: str) -> bool:
        for r in self.facts:
            if r["feature_id"] != fid or r["metric"] != metric:
                continue
            same = abs(float(r["value"]) - value) <= 0.005 * max(abs(value), 1e-9)
            if same and (metric in STATIC_METRICS or _date(r["as_of"]) == as_of):
                return True
        return False


def _published(published: str | dt.date | None) -> dt.date | None:
    if isinstance(published, dt.date):
        return published
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _period_dates(period: str, sentence: str, pub: dt.date | None, opened: str | None) -> tuple[str | None, str | None, str]:
    """(period_start, as_of, date_from) of a figure from the period words the linker read for it."""
    found = dates.find_dates(period, pub) if period else []
    if pub is not None:  # a date after publication is a plan ("to open in 2028"), not the figure's period
        found = [f for f in found if dates.first_day(f.value) <= pub]
    low = period.casefold()
    if len(found) >= 2:  # from X to Y, X 至 Y
        return dates.first_day(found[0].value).isoformat(), found[-1].value, "text"
    if found:
        value = found[0].value
        if re.match(r"(as of|as at|by|until|through|截至)", low):
            start = opened if SINCE_OPENING.search(sentence) else None
            return start, value, "text"
        if re.match(r"since", low):
            return dates.first_day(value).isoformat(), pub.isoformat() if pub else None, "published"
        # in 2024, 2025年, during March 2025: the whole period, up to publication when it is still running
        end = dates.last_day(value)
        if pub and end > pub:
            return dates.first_day(value).isoformat(), pub.isoformat(), "published"
        return dates.first_day(value).isoformat(), end.isoformat(), "text"
    if pub is None:
        return None, None, "published"
    if re.search(r"last year|去年", low):
        y = pub.year - 1
        return f"{y}-01-01", f"{y}-12-31", "text"
    if re.search(r"this year|so far this year|今年以来", low):
        return f"{pub.year}-01-01", pub.isoformat(), "published"
    if "全年" in low:
        years = [f for f in dates.find_dates(sentence, pub) if len(f.value) == 4]
        y = int(years[0].value) if years else pub.year
        end = min(dt.date(y, 12, 31), pub)
        return f"{y}-01-01", end.isoformat(), "text" if years else "published"
    if SINCE_OPENING.search(low) or SINCE_OPENING.search(sentence):
        return opened, pub.isoformat(), "published"
    return None, pub.isoformat(), "published"


def _owner(mentions, at: int, ids: list[str]) -> str | None:
    """The feature named nearest before position `at`, else the first named after it."""
    named = sorted((m for m in mentions if set(m.feature_ids) & set(ids)), key=lambda m: m.start)
    if not named:
        return ids[0] if ids else None
    before = [m for m in named if m.start <= at]
    m = before[-1] if before else named[0]
    return next(f for f in m.feature_ids if f in ids)


def _clause_before(sentence: str, at: int) -> str:
    """The words of the clause before position `at` (back to a comma, semicolon or the sentence start, at most 60 chars)."""
    head = sentence[max(0, at - 60) : at]
    return re.split(r"[,;:，；：。]|\band\b|\bbut\b|\bwhich\b", head)[-1]


def propose(
    text: str,
    catalog: Catalog,
    *,
    source_id: str,
    published: str | dt.date | None,
    outlet: str | None = None,
    linked: dict | None = None,
) -> list[dict]:
    """The proposals of one article (docs/pipeline.md §1), ids `<source_id>:<n>` in order."""
    pub = _published(published)
    data = _Data(catalog)
    linked = linked or link_article(text, catalog)
    terms = build_terms(catalog)
    out: list[dict] = []

    def add(p: dict) -> None:
        out.append({"id": f"{source_id}:{len(out) + 1}", "type": p.pop("type"), "source_id": source_id, **p})

    for n, ex in enumerate(linked["excerpts"], start=1):
        sent, ids = ex["text"], ex["feature_ids"]
        raw = find_mentions(sent, terms, context=sent, catalog=catalog)
        mentions = _specific(raw, terms.index.phases)
        dropped = {f for m in raw for f in m.feature_ids} - {f for m in mentions for f in m.feature_ids}
        feature_ids = [fid for fid in ids if fid in data.features and fid not in dropped]
        for fid in feature_ids:
            add({"type": "excerpt", "feature_id": fid, "text": sent, "repeat": (fid, canon(sent)) in data.excerpts})
        for fact in (f for f in linked["facts"] if f["excerpt"] == n):
            fid = fact["feature_id"]
            if fid in dropped and len(feature_ids) == 1:
                fid = feature_ids[0]  # the figure of "the second phase of the … railway" is the phase's
            if fid not in data.features or fact["metric"] in LEFT_OUT_METRICS:
                continue
            metric = fact["metric"]
            if metric == "freight" and CROSS_BORDER.search(_near_before(sent, fact)):
                metric = "cross_border_freight"
            start, as_of, how = _period_dates(fact["period"], sent, pub, data.opened.get(fid))
            if metric in STATIC_METRICS:
                start = None  # a length or a speed has no period, only a date it was reported
            value = int(fact["value"]) if float(fact["value"]).is_integer() else fact["value"]
            add(
                {
                    "type": "figure",
                    "feature_id": fid,
                    "text": sent,
                    "metric": metric,
                    "value": value,
                    "unit": fact["unit"],
                    "qualifier": fact["qualifier"] or "",
                    "period_start": start,
                    "as_of": as_of,
                    "date_from": how,
                    "repeat": data.figure_repeat(fid, metric, float(value), as_of or ""),
                }
            )
        if feature_ids:
            for p in _events(sent, feature_ids, mentions, pub, data):
                add(p)
    for p in _confirmed_by_traffic(out, pub, data):
        add(p)
    return out


def _specific(mentions, phases: dict[str, dict[int, str]]):
    """Mentions without a line whose phase the same sentence names ("the second phase of the Thai-China high-speed
    railway": the phase is meant, not the line the name also fits)."""
    named_phases = {fid for m in mentions if m.alias == "phase" for fid in m.feature_ids}
    group_of = {fid: set(phases[fid].values()) for fid in named_phases if fid in phases}
    covered = set().union(*group_of.values()) - named_phases if group_of else set()
    return [m for m in mentions if m.alias == "phase" or not set(m.feature_ids) <= covered]


TRAFFIC = {"passengers", "freight", "cross_border_freight", "containers"}


def _confirmed_by_traffic(props: list[dict], pub: dt.date | None, data: _Data) -> list[dict]:
    """An operational feature whose new traffic figures a newer article reports is confirmed operational as of the
    article's date (status_as_of: the newest source that confirms the status), once per feature."""
    if pub is None:
        return []
    confirmed = {p["feature_id"] for p in props if p["type"] == "status" and not p["repeat"]}
    out = []
    for p in props:
        fid = p["feature_id"]
        if p["type"] != "figure" or p["repeat"] or p["metric"] not in TRAFFIC or fid in confirmed:
            continue
        feature = data.features[fid]
        as_of = _date(feature.get("status_as_of"))
        if feature["status"] == "operational" and (not as_of or pub > dates.last_day(as_of)):
            confirmed.add(fid)
            out.append(_status(fid, p["text"], "operational", pub.isoformat(), "published", feature, repeat=False))
    return out


def _near_before(sentence: str, fact: dict) -> str:
    """The 40 characters before a figure's number in its sentence (where its kind of freight is said)."""
    value = fact["value"]
    digits = [f"{value:,.0f}", f"{value:.0f}", str(value)]
    for scale in (1e8, 1e6, 1e4, 1e3):
        digits.append(f"{value / scale:g}")
    at = min((i for i in (sentence.find(d) for d in digits if d) if i >= 0), default=len(sentence))
    return sentence[max(0, at - 40) : at]


def _events(sent: str, ids: list[str], mentions, pub: dt.date | None, data: _Data) -> list[dict]:
    """Status and milestone proposals of one sentence."""
    out: list[dict] = []
    used = bytearray(len(sent))
    seen: set[tuple] = set()
    for pattern, status, event in STATUS_WORDS:
        for m in pattern.finditer(sent):
            if any(used[m.start() : m.end()]):
                continue
            used[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            fid = _owner(mentions, m.start(), ids)
            if fid is None or NOT_THE_THING.match(sent[m.end() : m.end() + 40]):
                continue
            found = _date_for(sent, m, pub)
            future = bool(NOT_YET.search(_clause_before(sent, m.start())))
            after_pub = found is not None and pub is not None and dates.first_day(found.value) > pub
            if future or after_pub:
                if status == "operational" and event == "opened" and after_pub and (fid, "plan", found.value) not in seen:
                    seen.add((fid, "plan", found.value))
                    out.append(_milestone(fid, sent, found.value, "planned_opening", data, "text"))
                continue
            date, how = (found.value, "text") if found else ((pub.isoformat(), "published") if pub else (None, "published"))
            if date is None or (fid, status, date) in seen:
                continue
            seen.add((fid, status, date))
            out += _status_and_milestone(fid, sent, status, event, date, how, pub, data)
    for m in FUTURE_OPENING.finditer(sent):
        fid = _owner(mentions, m.start(), ids)
        found = dates.nearest(sent, m.end(), pub)
        if fid is None or found is None or pub is None or dates.first_day(found.value) <= pub:
            continue
        if (fid, "plan", found.value) not in seen:
            seen.add((fid, "plan", found.value))
            out.append(_milestone(fid, sent, found.value, "planned_opening", data, "text"))
    return out


def _date_for(sent: str, m: re.Match, pub: dt.date | None) -> dates.Found | None:
    """The date a status word goes with: in English the first date after it in its clause ("opened to the public on
    12 Dec"), in Chinese the last one before it (于2025年10月24日恢复通关); else the nearest."""
    found = dates.find_dates(sent, pub)
    if not found:
        return None
    if CJK.search(m.group(0)):
        before = [f for f in found if f.end <= m.start() and not re.search(r"[，,。；;]", sent[f.end : m.start()])]
        if before:
            return before[-1]
    else:
        after = [f for f in found if f.start >= m.end() and not re.search(r"[,;]|\band\b", sent[m.end() : f.start])]
        if after and after[0].start - m.end() <= 60:
            return after[0]
    return min(found, key=lambda f: (min(abs(f.start - m.start()), abs(f.end - m.end())), f.start))


CJK = re.compile(r"[\u3400-\u9fff]")


def _status_and_milestone(fid, sent, status, event, date, how, pub, data: _Data) -> list[dict]:
    feature = data.features[fid]
    current, current_date = feature["status"], _date(feature.get("status_as_of"))
    out = []
    newer = not current_date or dates.first_day(date) > dates.last_day(current_date)
    if event in ("approved", "construction_started") and STAGE.get(current, -1) > STAGE[status]:
        newer = False  # an approval or a groundbreaking reported of a feature already further on: history only
    if status == current:
        out.append(_status(fid, sent, status, date, how, feature, repeat=not newer))
        if not newer and pub is not None and pub > dates.last_day(current_date):  # a newer article confirms it
            out.append(_status(fid, sent, status, pub.isoformat(), "published", feature, repeat=False))
    elif newer:
        out.append(_status(fid, sent, status, date, how, feature, repeat=False))
    # an event older than the status the data holds is history: only its milestone; an undated change is
    # dated by the publication (and says so)
    if how == "text" or (status != current and newer):
        out.append(_milestone(fid, sent, date, event, data, how))
    return out


def _status(fid, sent, status, date, how, feature, *, repeat: bool) -> dict:
    return {
        "type": "status",
        "feature_id": fid,
        "text": sent,
        "status": status,
        "date": date,
        "date_from": how,
        "old_status": feature["status"],
        "old_date": _date(feature.get("status_as_of")) or None,
        "repeat": repeat,
    }


def _milestone(fid, sent, date, event, data: _Data, how) -> dict:
    name = data.features[fid]["name"]
    return {
        "type": "milestone",
        "feature_id": fid,
        "text": sent,
        "date": date,
        "event": event,
        "description": f"{name}: {EVENT_WORDS[event]}.",
        "date_from": how,
        "repeat": (fid, date, event) in data.milestones,
    }
