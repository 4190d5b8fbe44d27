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
from atlas.article import body_paragraphs, sentences
from atlas.data import Catalog
from atlas.figures import period_of as figure_period
from atlas.figures import read_figures
from atlas.linking import MAX_EXCERPT_CHARS, Mention, build_terms, find_mentions, link_article
from atlas.text import QUOTES

# status word -> (status, milestone event); the first pattern that matches a span wins
STATUS_WORDS: list[tuple[re.Pattern, str, str]] = [
    (
        re.compile(
            r"\b(?:re-?opened|reopens?|reopening|resum(?:ed|es|ption of))\b|恢复(?:通关|运营|开放|通车|开行)|重新开放|复航|重启|再度贯通"
            r"|\bdibuka\s+kembali\b|\bberoperasi\s+kembali\b",
            re.I,
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
            r"|(?:began|begins|started|starts|commenced|commencing|beginning|starting)\s+(?:its\s+|official\s+|commercial\s+|full\s+)*(?:operations?|operating|service)"
            r"|(?:began|begins|started|starts)\s+servicing)\b"
            r"|开通|通车|投入运营|正式运营|投运|启用|建成投用|首发|\b(?:resmi\s+)?(?:mulai\s+)?beroperasi\b(?!\s+kembali)|\bdiresmikan\b",
            re.I,
        ),
        "operational",
        "opened",
    ),
    (
        re.compile(
            r"\b(?:suspended|suspends|suspension\s+(?:of|and)|closed|shut\s+down|halted)\b|暂停|关闭|停运|中断|停止运营", re.I
        ),
        "suspended",
        "suspended",
    ),
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
    r"|\b(?:opening|completion)\s+(?:is\s+|was\s+)?(?:expected|scheduled|planned|set|slated|targeted)\b"
    r"|\bcompletion\s+(?:date|deadline)\b|完工期限|竣工期限|完工日期",
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
    "service_added": "new service",
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

    def milestone_repeat(self, fid: str, date: str, event: str) -> bool:
        """The same event on the same date, or on a date one gives more precisely ("opened in 2013" of 2013-02-05)."""
        return any(
            f == fid and e == event and (d == date or d.startswith(date + "-") or date.startswith(d + "-"))
            for f, d, e in self.milestones
        )

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


UNTIL_BEFORE = re.compile(r"\b(?:until|till|through|to)\s+$|至\s*$", re.I)
AS_OF_BEFORE = re.compile(r"(?:as\s+of|as\s+at|by|till|until|through|hingga|sampai|to)\s+$", re.I)
# money a feature costs: "a budget of US$ 1.3 billion", "expected to cost $7.3 billion", "实际使用外资约8.22亿美元"
MONEY = [
    (re.compile(r"(?:US\$|USD|\$)\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<scale>billion|million|bn|mn)\b", re.I), "USD"),
    (re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<scale>billion|million)\s+(?:US\s+)?(?:dollars|USD)\b", re.I), "USD"),
    (re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<scale>billion|million)\s+baht\b", re.I), "THB"),
    (re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<scale>billion|million)\s+(?:yuan|RMB)\b", re.I), "CNY"),
    (re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<scale>亿|万)美元"), "USD"),
]
MONEY_SCALE = {"billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "亿": 1e8, "万": 1e4, "thousand": 1e3}
COST_BEFORE = re.compile(r"(?:budget|cost|costs|costing|invest\w*|worth|valued\s+at|price\s+tag|外资|投资)[^.;。；]{0,30}$", re.I)
# "1.425 million twenty-foot equivalent units (TEUs)": the unit spelt out
TEU_WORDS = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<scale>million|thousand|billion)?\s+twenty-foot\s+equivalent\s+units?", re.I
)
# Indonesian and Malay counts with a dot between thousands: "362.979 penumpang"
ID_PASSENGERS = re.compile(r"(?P<num>\d{1,3}(?:\.\d{3})+|\d+)\s+(?:penumpang|pelanggan)\b", re.I)


def _more_figures(sent: str, mentions, ids: list[str]) -> list[dict]:
    """Figures the article linker does not read: money a feature costs, counts written the Indonesian way. Each is
    given to the feature named nearest before it (else the first named after it)."""
    out = []
    taken: list[tuple[int, int]] = []
    for pattern, unit in MONEY:
        for m in pattern.finditer(sent):
            if any(a < m.end() and m.start() < b for a, b in taken) or not COST_BEFORE.search(
                sent[max(0, m.start() - 45) : m.start()]
            ):
                continue
            taken.append((m.start(), m.end()))
            value = float(m.group("num")) * MONEY_SCALE[m.group("scale").casefold()]
            out.append(_extra(sent, mentions, ids, m.start(), "investment", value, unit))
    for m in TEU_WORDS.finditer(sent):
        value = float(m.group("num").replace(",", "")) * MONEY_SCALE.get((m.group("scale") or "").casefold(), 1.0)
        out.append(_extra(sent, mentions, ids, m.start(), "teu", value, "TEU"))
    for m in ID_PASSENGERS.finditer(sent):
        value = float(m.group("num").replace(".", ""))
        out.append(_extra(sent, mentions, ids, m.start(), "passengers", value, "passengers"))
    return [f for f in out if f["feature_id"]]


def _extra(sent, mentions, ids, at, metric, value, unit) -> dict:
    period = "" if metric == "investment" else figure_period(sent, at)  # a cost has no period
    return {
        "feature_id": _owner(mentions, at, ids),
        "metric": metric,
        "value": value,
        "unit": unit,
        "qualifier": "",
        "period": period,
    }


def _period_dates(period: str, sentence: str, pub: dt.date | None, opened: str | None) -> tuple[str | None, str | None, str]:
    """(period_start, as_of, date_from) of a figure from the period words the linker read for it; a figure dated only
    by the publication takes the sentence's "as of Thursday" / "hingga 4 Januari 2026" / "till Thursday" date."""
    head = DATELINE.match(sentence)
    if period and head and sentence.find(period) < head.end() and sentence.find(period, head.end()) < 0:
        period = ""  # "NANNING, Jan. 6 (Xinhua) --": the date of the report, not of its figures
    start, as_of, how = _period_words(period, sentence, pub, opened)
    if how == "published" and pub is not None:
        body = " " * head.end() + sentence[head.end() :] if head else sentence
        spans = _sentence_dates(body, pub)
        until = [f for f in spans if AS_OF_BEFORE.search(body[max(0, f.start - 12) : f.start])]
        if until:
            if start is None and len(spans) >= 2 and spans[0].start < until[-1].start:
                start = dates.first_day(spans[0].value).isoformat()  # "dari tanggal 18 Desember 2025 hingga …"
            return start, until[-1].value, "text"
    return start, as_of, how


def _period_words(period: str, sentence: str, pub: dt.date | None, opened: str | None) -> tuple[str | None, str | None, str]:
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


# page furniture lines: breadcrumbs ("首页> 国际频道> 正文", "正在阅读:…"), bylines with a time
# ("Xin Lang Cai Jing·2026-01-04 22:08", "Xinhua) 09:50, February 20, 2025", "2025-12-2 13:46| 发布者: …")
FURNITURE_LINE = re.compile(
    r"^\s*(?:正在阅读\s*[:：]|.{0,20}首页\s*>|点击右上角|朋友圈\s*$|ADVERTISEMENT\s*$)"
    r"|^.{0,60}(?:·\s*)?(?:19|20)\d\d-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:\||本报讯|$)"
    r"|^\s*[\w() ]{0,30}\)?\s*\d{1,2}:\d{2},\s+\w+\s+\d{1,2},\s+(?:19|20)\d\d\s*$"
    r"|^\s*\d+\s+Comment\(s\)",
    re.I,
)
BYLINE_HEAD = re.compile(r"^.{0,60}?(?:19|20)\d\d-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?=\s*本报讯)")
SENTENCE_END = re.compile(r"[.!?。！？”\"’')]\s*$")


def article_body(text: str) -> str:
    """The article without its page furniture: the headline and subtitle lines before the first line that ends
    like a sentence, breadcrumbs and bylines. Lines are dropped whole (or a byline cut from the line it starts),
    so every sentence left is still verbatim."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    lead = True  # before the first line that ends like a sentence
    for line in lines:
        if FURNITURE_LINE.search(line):
            head = BYLINE_HEAD.match(line)
            if head and line[head.end() :].strip():
                out.append(line[head.end() :].lstrip())
                lead = False
            out.append("")
            continue
        stripped = line.strip()
        if lead and stripped:
            if not SENTENCE_END.search(stripped) and len(stripped) <= 150:
                out.append("")  # a headline, a kicker or a subtitle
                continue
            lead = False
        out.append(line)
    return "\n".join(out)


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
    body = article_body(text)
    if linked is None or body != text:  # the linker's reading of the page without its furniture
        linked = link_article(body, catalog)
    text = body
    terms = build_terms(catalog)
    out: list[dict] = []
    named: dict[str, list] = {}  # feature -> (sentence, where it is named), in order
    last_period: dict[str, tuple] = {}  # traffic metric -> the period the article last gave for it

    def add(p: dict) -> None:
        out.append({"id": f"{source_id}:{len(out) + 1}", "type": p.pop("type"), "source_id": source_id, **p})

    points = frozenset(catalog.features.loc[catalog.features.geometry.geom_type == "Point", "id"])
    for sent, ids, n, referred in _article_sentences(text, linked, data):
        if referred is None:
            raw = find_mentions(sent, terms, context=sent, catalog=catalog)
            mentions = _specific(raw, terms.index.phases)
            linked_facts = [f for f in linked["facts"] if f["excerpt"] == n]
        else:  # "the corridor", "the SEZ": the feature of that kind the article named just before
            raw = mentions = [referred]
            linked_facts = [f.as_fact() for f in read_figures(sent, mentions, points)]
        dropped = {f for m in raw for f in m.feature_ids} - {f for m in mentions for f in m.feature_ids}
        feature_ids = [fid for fid in ids if fid in data.features and fid not in dropped]
        before = len(out)
        for fid in feature_ids:
            spans = [(m.start, m.end) for m in mentions if fid in m.feature_ids]
            named.setdefault(fid, []).append((sent, spans))
            add({"type": "excerpt", "feature_id": fid, "text": sent, "repeat": (fid, canon(sent)) in data.excerpts})
        facts = linked_facts + _more_figures(sent, mentions, feature_ids)
        for fact in facts:
            fid = fact["feature_id"]
            if fid in dropped and len(feature_ids) == 1:
                fid = feature_ids[0]  # the figure of "the second phase of the … railway" is the phase's
            if fid not in data.features or fact["metric"] in LEFT_OUT_METRICS:
                continue
            other = _kind_named(sent, _number_at(sent, fact), fid, mentions, named, data)
            if other is not None:  # "The SEZ has a budget of …, while the port is expected to cost $7.3 billion"
                fid = other
                if (fid, sent) not in {(p["feature_id"], p["text"]) for p in out if p["type"] == "excerpt"}:
                    named.setdefault(fid, []).append((sent, []))
                    add({"type": "excerpt", "feature_id": fid, "text": sent, "repeat": (fid, canon(sent)) in data.excerpts})
            metric, unit = fact["metric"], fact["unit"]
            if metric in TRAFFIC and NOT_A_TOTAL.match(_after(sent, fact)):
                continue  # "20万吨级散货码头" (a ship class), "每天1万吨" (a daily rate): no total of the feature
            at = _number_at(sent, fact)
            if metric in TRAFFIC and SEVERAL.search(sent[:at]):
                continue  # "Hanoi's two urban railway lines … handled 243,000 trips": a total of several features
            if metric == "length" and WHOLE_OF.search(sent[max(0, at - 30) : at]):
                continue  # "the first phase of the 1,550-kilometer railway": the whole line's length, not this one's
            if metric == "freight" and CROSS_BORDER.search(_near_before(sent, fact)):
                metric = "cross_border_freight"
            if metric == "containers" and unit == "TEU":
                metric = "teu"  # a throughput in twenty-foot equivalent units (the data's metric for it)
            start, as_of, how = _period_dates(fact["period"], sent, pub, data.opened.get(fid))
            if how == "published" and metric in TRAFFIC and metric in last_period:
                start, as_of, how = last_period[metric]  # "Of the total, …": the period of the figure before
            elif how == "text" and metric in TRAFFIC:
                last_period[metric] = (start, as_of, how)
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
                    "unit": unit,
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
        if referred is not None and all(p["type"] == "excerpt" or p["repeat"] for p in out[before:]):
            del out[before:]  # a feature named by its kind is worth an excerpt only with a change it carries
    for p in _confirmations(out, named, pub, data, _reported(text, pub)):
        add(p)
    return out


# a feature named again by its kind: "the corridor", "the SEZ", "this railway service", "these border gates"
ANAPHOR = re.compile(
    r"\b(?:the|this|that|these|its)\s+(?:(?:new|extended|whole|entire|strategic|deep-?sea|metro|rail(?:way)?|border|trade)\s+)?"
    r"(?P<noun>corridor|port|railway\s+service|line|railway|route|service|trains|SEZ|zone|park|station|gates?|border\s+posts?)\b"
    r"|(?P<zh>该(?:港口?|铁路|线路?|园区?|口岸|通道)|这条(?:铁路|线路|通道))",
    re.I,
)
ANAPHOR_KINDS = {
    "corridor": ("economic_corridor", "shipping_corridor", "rail_corridor"),
    "port": ("port",),
    "line": ("rail_corridor",),
    "railway": ("rail_corridor",),
    "railway service": ("rail_corridor",),
    "route": ("rail_corridor",),
    "service": ("rail_corridor",),
    "trains": ("rail_corridor",),
    "sez": ("industrial_park",),
    "zone": ("industrial_park",),
    "park": ("industrial_park",),
    "station": ("station", "border_station"),
    "gate": ("border_station",),
    "gates": ("border_station",),
    "border post": ("border_station",),
    "border posts": ("border_station",),
}
ANAPHOR_ZH = {"港": ("port",), "铁": ("rail_corridor",), "线": ("rail_corridor",), "园": ("industrial_park",)}
ANAPHOR_ZH |= {"口": ("border_station",), "通": ("economic_corridor", "rail_corridor")}
ANAPHOR_REACH = 5  # sentences back


def _article_sentences(text: str, linked: dict, data: _Data):
    """(sentence, feature ids, number of its linked excerpt or None, the mention of a feature named by its kind or None)
    for every sentence that names a feature, by name or as "the corridor" right after naming it, in order."""
    excerpts = linked["excerpts"]
    k = 0
    recent: list[list[str]] = []  # the features each sentence named, newest last
    done: set[str] = set()
    for para in body_paragraphs(text):
        for sent in sentences(para):
            if k < len(excerpts) and excerpts[k]["text"] == sent:
                k += 1
                recent.append(list(excerpts[k - 1]["feature_ids"]))
                yield sent, excerpts[k - 1]["feature_ids"], k, None
                continue
            if len(sent) > MAX_EXCERPT_CHARS or sent in done:
                continue
            done.add(sent)
            referred = _referred(sent, recent[-ANAPHOR_REACH:], data)
            recent.append([referred.feature_ids[0]] if referred else [])
            if referred:
                yield sent, [referred.feature_ids[0]], None, referred


def _referred(sent: str, recent: list[list[str]], data: _Data) -> Mention | None:
    """The feature "the corridor" means: the one of that kind the nearest sentence before named, if only one."""
    for m in ANAPHOR.finditer(sent):
        if m.group("zh"):
            kinds = ANAPHOR_ZH.get(m.group("zh")[1 if m.group("zh")[0] == "该" else 2], ())
        else:
            kinds = ANAPHOR_KINDS.get(re.sub(r"\s+", " ", m.group("noun").casefold()), ())
        for ids in reversed(recent):
            fits = list(dict.fromkeys(f for f in ids if f in data.features and data.features[f]["kind"] in kinds))
            if fits:
                if len(fits) == 1:
                    return Mention(m.start(), m.end(), (fits[0],), "anaphor")
                break
    return None


def _kind_named(sent: str, at: int, fid: str, mentions, named: dict, data: _Data) -> str | None:
    """The feature a figure is of when "the <kind>" stands between the feature named before it and its number and
    names another kind: the one feature of that kind the article has named."""
    ends = [m.end for m in mentions if fid in m.feature_ids and m.start < at]
    if not ends:
        return None
    refs = [m for m in ANAPHOR.finditer(sent[:at]) if m.start() >= max(ends) and m.group("noun")]
    if not refs:
        return None
    kinds = ANAPHOR_KINDS.get(re.sub(r"\s+", " ", refs[-1].group("noun").casefold()), ())
    if not kinds or data.features[fid]["kind"] in kinds:
        return None
    fits = [f for f in named if f in data.features and data.features[f]["kind"] in kinds]
    return fits[0] if len(fits) == 1 else None


def _specific(mentions, phases: dict[str, dict[int, str]]):
    """Mentions without a line whose phase the same sentence names ("the second phase of the Thai-China high-speed
    railway": the phase is meant, not the line the name also fits)."""
    named_phases = {fid for m in mentions if m.alias == "phase" for fid in m.feature_ids}
    group_of = {fid: set(phases[fid].values()) for fid in named_phases if fid in phases}
    covered = set().union(*group_of.values()) - named_phases if group_of else set()
    return [m for m in mentions if m.alias == "phase" or not set(m.feature_ids) <= covered]


TRAFFIC = {"passengers", "freight", "cross_border_freight", "containers", "teu"}
# what a sentence shows of a feature's state today (a confirmation of its status, docs/pipeline.md §1)
SHOWS_OPERATING = re.compile(
    r"\b(?:now|has\s+become|have\s+become|handled|handles|carried|carries|transported|transports|served|serves|serving"
    r"|passengers?|passenger\s+trips|travell?ers|tourists|trains?\s+(?:run|ran|running)|runs?\s+daily|busiest|based\s+in"
    r"|in\s+(?:commercial\s+)?(?:operation|service)|operating|operates|throughput|cargo|freight|tenants?|factories"
    r"|investments?\s+have|transformed|working\s+session|developer\s+behind|anniversary|train\s+services)\b"
    r"|如今|已成为|运送|发送|开行|旅客|游客|吞吐量|入驻|货车往来|往来穿梭|人声鼎沸|候车|客流|运量|园区"
    r"|\b(?:melayani|penumpang|tersibuk|beroperasi)\b",
    re.I,
)
SHOWS_BUILDING = re.compile(
    r"under[-\s]construction|being\s+(?:built|constructed|developed)|is\s+building|\d+(?:\.\d+)?\s*(?:%|per\s?cent)\s+(?:complete|finished)"
    r"|\bin\s+(?:two|three|four|\d)\s+phases\b|在建|建设中|正在建设|施工中|加快建设",
    re.I,
)
SHOWS_PRELIMINARY = re.compile(
    r"right[-\s]of[-\s]way|\bROW\b|land\s+acquisition|notices?\s+of\s+taking|first\s+step\s+toward|征地|拆迁", re.I
)
SHOWS_PLANNED = re.compile(
    r"feasibility|no\s+construction|construction\s+(?:progress\s+)?has\s+(?:not|yet)|steering\s+committee|expected\s+to\s+cost"
    r"|scheduled\s+to\s+begin|preparing\s+to\s+(?:bid|tender)|to\s+push\s+ahead|lack\s+of\s+funding|will\s+soon\s+commence"
    r"|plan\s+compilation|可行性|未见施工|规划|前期",
    re.I,
)
PLANNED_BEFORE = re.compile(r"\b(?:planned|proposed)\b", re.I)  # "the planned 1,700-kilometer CMEC": of what follows
DATELINE = re.compile(r"^[^a-z]{2,40},\s+\w{3,9}\.?\s+\d{1,2}\s*\([^)]{2,60}\)\s*[-—–]+|^\s*date\s+\d{4}-\d\d-\d\d")


def _near(pattern: re.Pattern, sent: str, spans: list[tuple[int, int]], reach: int = 60) -> bool:
    """A cue of the pattern in the sentence within `reach` characters of where the feature is named."""
    for m in pattern.finditer(sent):
        if not spans or any(m.start() - reach <= e and s - reach <= m.end() for s, e in spans):
            return True
    return False


def _shows(sent: str, spans: list[tuple[int, int]], current: str) -> str | None:
    """The status a sentence shows its feature in (a cue near its name), when it fits the one the data holds or the
    step it moves to."""
    if current in ("operational", "trial_operation") and _near(SHOWS_OPERATING, sent, spans, 100):
        return "operational"
    if current in ("under_construction", "planned", "preliminary_work") and _near(SHOWS_BUILDING, sent, spans):
        return "under_construction"
    if current in ("planned", "cancelled", "preliminary_work") and _near(SHOWS_PRELIMINARY, sent, spans, 100):
        return "preliminary_work"
    if current in ("planned", "cancelled") and (
        _near(SHOWS_PLANNED, sent, spans) or any(0 <= s - m.end() <= 30 for m in PLANNED_BEFORE.finditer(sent) for s, _e in spans)
    ):
        return "planned"
    for pattern, status, _event in STATUS_WORDS:  # "broke ground in 2019" of a feature still being built
        said = [m for m in pattern.finditer(sent) if not NOT_YET.search(_clause_before(sent, m.start()))]
        if status == current and said and _near(pattern, sent, spans, 100):
            return status
    return None


def _sentence_dates(sent: str, pub: dt.date) -> list[dates.Found]:
    """The dates a sentence speaks of, its dateline ("NANNING, Sept. 5 (Xinhua) --") aside, none after publication."""
    head = DATELINE.match(sent)
    blank = " " * head.end() + sent[head.end() :] if head else sent
    return [f for f in dates.find_dates(blank, pub) if dates.first_day(f.value) <= pub]


def _reported(text: str, pub: dt.date | None) -> str | None:
    """The day a wire report's dateline gives ("BEIJING, Feb. 19 (Xinhua) --"), if at most three days before
    publication: the day the news it carries is of."""
    if pub is None:
        return None
    for line in text.splitlines():
        head = DATELINE.match(line.strip())
        if head and not head.group(0).lstrip().startswith("date"):
            found = dates.find_dates(head.group(0), pub)
            if found and len(found[0].value) == 10 and 0 <= (pub - dates.first_day(found[0].value)).days <= 3:
                return found[0].value
            return None
    return None


def _confirmations(
    props: list[dict], named: dict[str, list[str]], pub: dt.date | None, data: _Data, reported: str | None = None
) -> list[dict]:
    """A feature a newer article shows in a state is confirmed in it (its `status_as_of` moves), once per feature, as
    of the date the sentence speaks of: a traffic figure's as-of date, else the newest full date of the sentence
    after the status the data holds, else the publication."""
    if pub is None:
        return []
    decided = {p["feature_id"] for p in props if p["type"] == "status" and not p["repeat"]}
    out = []
    for fid, sents in named.items():
        feature = data.features[fid]
        current, as_of = feature["status"], _date(feature.get("status_as_of"))
        if fid in decided or (as_of and pub <= dates.last_day(as_of)):
            continue
        figures = {
            p["text"]: p["as_of"]
            for p in props
            if p["type"] == "figure" and p["feature_id"] == fid and p["metric"] in TRAFFIC and p.get("date_from") == "text"
        }
        order = [x for x in sents if x[0] in figures] + [x for x in sents if x[0] not in figures]
        for sent, spans in order:
            status = figures.get(sent) and current in ("operational", "trial_operation") and "operational"
            status = status or _shows(sent, spans, current)
            if not status:
                continue
            if sent in figures:
                date, how = figures[sent], "text"
            else:
                full = [
                    f
                    for f in _sentence_dates(sent, pub)
                    if len(f.value) == 10
                    and (not as_of or f.value > as_of)
                    and not (f.yearless and (pub - dates.first_day(f.value)).days > 183)  # "until December 6": to come
                    and not UNTIL_BEFORE.search(sent[max(0, f.start - 10) : f.start])
                ]
                if full:
                    date, how = full[-1].value, "text"
                elif reported and reported != pub.isoformat():
                    date, how = reported, "text"  # the dateline's day: "BEIJING, Feb. 19 (Xinhua) --"
                else:
                    date, how = pub.isoformat(), "published"
            # what the sentence speaks of the data already confirms: a repeat (listed, never applied)
            repeat = bool(as_of) and dates.first_day(date) <= dates.last_day(as_of)
            out.append(_status(fid, sent, status, date, how, feature, repeat=repeat))
            break
    return out


SEVERAL = re.compile(r"\b(?:two|three|four|both|all)\s+(?:\w+\s+){0,3}(?:lines|railways|routes|ports|stations|parks)\b", re.I)
WHOLE_OF = re.compile(r"\b(?:phase|section|segment|stretch|part|leg)\s+of\s+(?:the\s+|a\s+)?$", re.I)
NOT_A_TOTAL = re.compile(
    r"^\s*(?:万|亿)?\s*(?:吨|标箱|TEU)?\s*级|^[^,，。;；]{0,16}?(?:per\s+day|a\s+day|daily|harian|per\s+hari|sehari)\b", re.I
)


def _number_at(sentence: str, fact: dict) -> int:
    """Where a figure's number is written: its longest spelling found, not a digit of some other number."""
    value = fact["value"]
    digits = [f"{value:,.0f}", f"{value:.0f}", str(value)]
    for scale, word in ((1e9, "(?:billion|bn)"), (1e8, "亿"), (1e6, "(?:million|mn)"), (1e4, "万"), (1e3, "thousand")):
        digits.append(f"{value / scale:g}")
        for m in re.finditer(rf"(?<![\d.]){re.escape(f'{value / scale:g}')}\s*{word}", sentence):
            return m.start()
    for d in sorted({d for d in digits if d}, key=len, reverse=True):
        m = re.search(rf"(?<![\d.,]){re.escape(d)}(?![\d])", sentence)
        if m:
            return m.start()
    return len(sentence)


def _after(sentence: str, fact: dict) -> str:
    """The words right after a figure's number ("万吨级", "per day")."""
    at = _number_at(sentence, fact)
    m = re.match(r"[\d.,]+", sentence[at:])
    end = at + (m.end() if m else 0)
    before = re.split(r"[,，。;；]", sentence[max(0, at - 16) : at])[-1]
    return ("per day " if re.search(r"每天|每日|单日|日均|单月|月均", before) else "") + sentence[end : end + 30]


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
    for m in ADDED.finditer(sent):  # a new train or service on a line already open: an event of the line, no status
        around = sent[max(0, m.start() - 70) : m.end() + 70]
        if not SERVICE.search(around) or re.search(r"\bfirst\b", around, re.I):
            continue
        used[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        fid, found = _owner(mentions, m.start(), ids), _date_for(sent, m, pub)
        if found is not None:  # not the date of another event between ("opened in December 2021 -- and launched …")
            a, b = sorted((found.end, m.start())) if found.end <= m.start() else (m.end(), found.start)
            if any(p.search(sent[a:b]) for p, _s, _e in STATUS_WORDS):
                found = None
        if fid and found and (pub is None or dates.first_day(found.value) <= pub) and (fid, "added", found.value) not in seen:
            seen.add((fid, "added", found.value))
            out.append(_milestone(fid, sent, found.value, "service_added", data, "text"))
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
            if after_pub and not future and _is_tomorrow(found, pub, sent):
                after_pub = False  # "begins operations tomorrow": as settled as today's news
            if future or after_pub:
                planned = {"opened": "planned_opening", "service_resumed": "service_resumed"}.get(event)
                if planned and after_pub and (fid, "plan", found.value) not in seen:
                    seen.add((fid, "plan", found.value))  # "will resume on 25 May": a dated plan
                    out.append(_milestone(fid, sent, found.value, planned, data, "text"))
                continue
            date, how = (found.value, "text") if found else ((pub.isoformat(), "published") if pub else (None, "published"))
            if date is None or (fid, status, date) in seen:
                continue
            seen.add((fid, status, date))
            if event == "suspended" and FOR_A_WHILE.search(sent):
                # "the suspension of 10 train services … from December 1–6": the line runs on; an event, no status
                out.append(_milestone(fid, sent, date, event, data, how))
                continue
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


# a suspension of some services or for a stated time, not of the feature
FOR_A_WHILE = re.compile(
    r"\b\d+\s+(?:train\s+)?(?:services|trains|trips|flights)\b|\buntil\b|\btemporar|\b\d{1,2}\s*[–-]\s*\d{1,2},?\s+\d{4}\b|暂时|临时",
    re.I,
)


ADDED = re.compile(r"\b(?:added|adds|introduced|launched|was\s+launched|were\s+launched)\b|新增|加开", re.I)
SERVICE = re.compile(r"\b(?:trains?|services?|pairs?)\b|班列|列车|车次", re.I)


def _is_tomorrow(found: dates.Found, pub: dt.date, sent: str) -> bool:
    return found.value == (pub + dt.timedelta(days=1)).isoformat() and bool(
        re.search(r"\btomorrow\b|明天|明日", sent[found.start : found.end], re.I)
    )


def _date_for(sent: str, m: re.Match, pub: dt.date | None) -> dates.Found | None:
    """The date a status word goes with: in English the first date after it in its clause ("opened to the public on
    12 Dec"), in Chinese the last one before it (于2025年10月24日恢复通关); else the nearest."""
    found = [
        f
        for f in dates.find_dates(sent, pub)
        if not UNTIL_BEFORE.search(sent[max(0, f.start - 10) : f.start])  # "until December 6": when it ends
        and not (f.yearless and pub is not None and (pub - dates.first_day(f.value)).days > 183)
    ]
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
        "repeat": data.milestone_repeat(fid, date, event),
    }
