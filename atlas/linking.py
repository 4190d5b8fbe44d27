"""Find mentions of known features in an article's text.

link_article(text, catalog) splits the article body into sentences (English
and Chinese), keeps the sentences that name a feature or an agreement — by
name, alias or Chinese name, tolerant of dash, quote and case variants — and
reads the figures those sentences state. Page furniture (photo captions,
pull quotes, the "Popular This Month" list) is left out.

Matching works on a copy of the text normalised one character for one
character, so every match is a span of the original text (used to highlight
mentions on the Sources page).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz

from atlas.data import Catalog
from atlas.schema import COUNTRY_WORDS

DASHES = "-‐‑‒–—―−"
QUOTES = {"‘": "'", "’": "'", "“": '"', "”": '"', "＂": '"'}
FURNITURE_HEADINGS = ("popular this month", "related articles", "read more", "more from", "recommended")
CAPTION_END = re.compile(r"[.!?]\s*\([^()]{2,80}\)\s*$")
CJK = re.compile(r"[\u3400-\u9fff]")
ABBREVIATIONS = (
    "Dec.",
    "Nov.",
    "Oct.",
    "Sep.",
    "Sept.",
    "Aug.",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Co.",
    "Ltd.",
    "Inc.",
    "Corp.",
    "No.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "St.",
    "U.S.",
    "U.K.",
    "e.g.",
    "i.e.",
    "vs.",
)
FUZZY_MIN_LEN, FUZZY_MIN_SCORE = 16, 95


@dataclasses.dataclass(frozen=True)
class Mention:
    start: int
    end: int
    feature_ids: tuple[str, ...]
    alias: str


@dataclasses.dataclass(frozen=True)
class Term:
    alias: str
    pattern: re.Pattern
    feature_ids: tuple[str, ...]
    needle: str = ""  # a plain substring every exact match contains: a cheap test before the regex
    fuzzy: bool = False  # long enough (and not Chinese) to be looked for as a near miss too


def normalise(text: str) -> str:
    """Same length as `text`: dashes to spaces, curly quotes straight, lower case."""
    out = []
    for ch in text:
        if ch in DASHES:
            out.append(" ")
        elif ch in QUOTES:
            out.append(QUOTES[ch])
        else:
            low = ch.lower()
            out.append(low if len(low) == 1 else ch)
    return "".join(out)


def _alias_pattern(alias: str) -> re.Pattern:
    norm = normalise(unicodedata.normalize("NFC", alias)).strip()
    if CJK.search(norm):
        return re.compile(re.escape(re.sub(r"\s+", "", norm)))
    tokens = [re.escape(t) for t in norm.split()]
    return re.compile(r"(?<![\w])" + r"\s+".join(tokens) + r"(?![\w])")


def build_terms(catalog: Catalog) -> list[Term]:
    """Every name, Chinese name and alias of every feature and agreement."""
    owners: dict[str, set[str]] = {}
    rows: Iterable = [*catalog.features.to_dict("records"), *catalog.agreements.to_dict("records")]
    for row in rows:
        names = [row["name"], row.get("name_zh"), *(row.get("aliases") or ())]
        for name in names:
            if isinstance(name, str) and len(name.strip()) >= 2:
                key = re.sub(r"\s+", " ", normalise(name).strip())
                owners.setdefault(key, set()).add(row["id"])
    terms = [
        Term(
            alias,
            _alias_pattern(alias),
            tuple(sorted(ids)),
            needle=re.sub(r"\s+", "", alias) if CJK.search(alias) else max(alias.split(), key=len),
            fuzzy=len(alias) >= FUZZY_MIN_LEN and not CJK.search(alias),
        )
        for alias, ids in owners.items()
    ]
    return sorted(terms, key=lambda t: -len(t.alias))


class _Taken:
    """Character positions already claimed by a match: each check and claim costs the
    match's length, so a text with many matches stays linear (a list of spans was quadratic)."""

    def __init__(self, length: int):
        self.used = bytearray(length)

    def claim(self, start: int, end: int) -> bool:
        """Claim [start, end) if no part of it is taken; False if it overlaps."""
        if any(self.used[start:end]):
            return False
        self.used[start:end] = b"\x01" * (end - start)
        return True


def find_mentions(text: str, terms: list[Term], *, context: str = "", catalog: Catalog | None = None) -> list[Mention]:
    """Longest matches first; a shorter name inside a longer match is not a mention.
    A name shared by several features keeps those whose country (or a related
    feature's country, China aside) the surrounding `context` names."""
    norm = normalise(text)
    taken = _Taken(len(norm))
    found: list[Mention] = []
    for term in terms:
        if term.needle not in norm:
            continue
        for m in term.pattern.finditer(norm):
            if taken.claim(m.start(), m.end()):
                found.append(Mention(m.start(), m.end(), term.feature_ids, term.alias))
    named = {f.feature_ids for f in found}
    for term in terms:  # near misses of long names (a plural, a dropped hyphen)
        if not term.fuzzy or term.feature_ids in named:
            continue
        hit = fuzz.partial_ratio_alignment(term.alias, norm, score_cutoff=FUZZY_MIN_SCORE)
        if hit and taken.claim(hit.dest_start, hit.dest_end):
            found.append(Mention(hit.dest_start, hit.dest_end, term.feature_ids, term.alias))
            named.add(term.feature_ids)
    if catalog is not None:
        found = [dataclasses.replace(f, feature_ids=_disambiguate(f.feature_ids, context or text, catalog)) for f in found]
    return sorted(found, key=lambda f: f.start)


def _countries_named(text: str) -> set[str]:
    named = set()
    for code, words in COUNTRY_WORDS.items():
        for w in words:
            if (CJK.search(w) and w in text) or re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", text):
                named.add(code)
                break
    return named


def _disambiguate(ids: tuple[str, ...], context: str, catalog: Catalog) -> tuple[str, ...]:
    if len(ids) < 2:
        return ids
    named = _countries_named(context) - {"CHN"}
    f = catalog.features.set_index("id")
    keep = []
    for fid in ids:
        if fid not in f.index:
            keep.append(fid)
            continue
        own = set(f.loc[fid, "countries"])
        for rid in f.loc[fid, "related"]:
            if rid in f.index:
                own |= set(f.loc[rid, "countries"])
        if own - {"CHN"} & named:
            keep.append(fid)
    return tuple(keep) or ids


# --- article structure ---------------------------------------------------------------


def body_paragraphs(text: str) -> list[str]:
    """Paragraphs of the article body, without page furniture."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n(?=\S)", text) if p.strip()]
    out: list[str] = []
    seen: set[str] = set()
    for p in paras:
        low = p.lower().strip()
        if any(low.startswith(h) for h in FURNITURE_HEADINGS):
            break  # everything after "Popular This Month" belongs to the web page
        if p.startswith(("…", "...")):
            continue  # a pull quote repeating the text
        if CAPTION_END.search(p):
            continue  # a photo caption ending with its credit: "(SPH Media)"
        key = re.sub(r"\s+", " ", normalise(p))
        if key in seen:
            continue  # captions and pull quotes are often printed twice
        seen.add(key)
        out.append(p)
    return out


_SENT_EN = re.compile(r"(?<=[.!?])([\"'”’)]*)\s+(?=[\"'“‘(]?[A-Z0-9])")
_SENT_ZH = re.compile(r"(?<=[。！？；])(?![”’」』）])|(?<=[。！？][”’」』）])")


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping each verbatim."""
    parts: list[str] = []
    for chunk in _SENT_ZH.split(paragraph):
        if not chunk or not chunk.strip():
            continue
        start = 0
        for m in _SENT_EN.finditer(chunk):
            end = m.start() + len(m.group(1))
            candidate = chunk[start:end]
            if candidate.rstrip().endswith(ABBREVIATIONS):
                continue
            parts.append(candidate)
            start = m.end()
        parts.append(chunk[start:])
    return [p.strip() for p in parts if p.strip()]


# --- figures ---------------------------------------------------------------------------

_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "万": 1e4, "亿": 1e8}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
FIGURES = [
    ("percent", re.compile(_NUM + r"\s*(?:%|per\s?cent\b|percent\b)", re.I), "percent"),
    (
        "passengers",
        re.compile(_NUM + r"\s*(thousand|million|billion)?\s*(?:passenger trips|passengers|passenger)\b", re.I),
        "passengers",
    ),
    ("freight", re.compile(_NUM + r"\s*(thousand|million|billion)?\s*(?:metric\s+)?(?:tons|tonnes)\b", re.I), "tonnes"),
    ("length", re.compile(_NUM + r"\s*-?\s*(?:km|kilomet(?:re|er)s?)\b", re.I), "km"),
    (
        "agreements",
        re.compile(_NUM + r"\s+(?:memoranda of understanding|MOUs|MoUs|agreements|cooperation documents)\b"),
        "agreements",
    ),
    (
        "visa_validity",
        re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+)-year\b[^.]{0,40}?\bvisas?\b", re.I),
        "years",
    ),
    ("passengers", re.compile(_NUM + r"\s*(万|亿)?\s*(?:人次|名旅客)"), "passengers"),
    ("freight", re.compile(_NUM + r"\s*(万|亿)?\s*吨"), "tonnes"),
    ("length", re.compile(_NUM + r"\s*公里"), "km"),
]
PROGRESS_WORDS = re.compile(r"complet|progress|finished|done|built|完成|进度", re.I)


@dataclasses.dataclass(frozen=True)
class FoundFact:
    feature_id: str
    metric: str
    value: float
    unit: str
    excerpt: str
    start: int


def _value(raw: str, scale: str | None) -> float:
    if raw.lower() in _WORDS:
        return float(_WORDS[raw.lower()])
    value = float(raw.replace(",", ""))
    return value * _SCALE.get((scale or "").lower(), _SCALE.get(scale or "", 1.0))


def read_figures(sentence: str, mentions: list[Mention]) -> list[FoundFact]:
    """Figures in a sentence, each given to the nearest feature named before it
    (or the first one named after it)."""
    if not mentions:
        return []
    out: list[FoundFact] = []
    taken = _Taken(len(sentence))
    named = sorted((x for x in mentions if x.feature_ids), key=lambda x: x.start)
    starts = [x.start for x in named]
    for metric, pattern, unit in FIGURES:
        for m in pattern.finditer(sentence):
            if not taken.claim(m.start(), m.end()):
                continue
            scale = m.group(2) if m.re.groups >= 2 else None
            value = _value(m.group(1), scale)
            name = metric
            if metric == "percent":
                name = "percent_complete" if PROGRESS_WORDS.search(sentence) else "percent"
            if not named:
                continue
            i = bisect.bisect_right(starts, m.start())  # the nearest named before, else the first after
            owner = named[i - 1] if i else named[0]
            out.append(FoundFact(owner.feature_ids[0], name, value, unit, sentence, m.start()))
    return sorted(out, key=lambda f: f.start)


# --- the whole article -------------------------------------------------------------------


def link_article(text: str, catalog: Catalog) -> dict:
    """{"excerpts": [{"text", "feature_ids"}], "facts": [{"feature_id", "metric", "value", "unit", "excerpt"}]},
    where a fact's "excerpt" is the 1-based number of the excerpt it was read from."""
    terms = build_terms(catalog)
    excerpts, facts, seen = [], [], set()
    for para in body_paragraphs(text):
        for sent in sentences(para):
            key = re.sub(r"\s+", " ", normalise(sent))
            if key in seen:
                continue
            seen.add(key)
            # a name shared by several features is told apart by the countries the
            # sentence names, else by those its paragraph names
            context = sent if _countries_named(sent) - {"CHN"} else para
            mentions = find_mentions(sent, terms, context=context, catalog=catalog)
            ids = list(dict.fromkeys(fid for m in mentions for fid in m.feature_ids))
            if not ids:
                continue
            excerpts.append({"text": sent, "feature_ids": ids})
            for f in read_figures(sent, mentions):  # the sentence is named by its number, not repeated per figure
                facts.append(
                    {"feature_id": f.feature_id, "metric": f.metric, "value": f.value, "unit": f.unit, "excerpt": len(excerpts)}
                )
    return {"excerpts": excerpts, "facts": facts}


def highlight_spans(text: str, catalog: Catalog, terms: list[Term] | None = None) -> list[Mention]:
    """Mentions of known features in a stored excerpt (for the Sources page)."""
    return find_mentions(text, terms or build_terms(catalog), context=text, catalog=catalog)


def _canon(s: str) -> str:
    """The text but for whitespace and quote style."""
    return re.sub(r"\s+", " ", "".join(QUOTES.get(c, c) for c in s)).strip()


def contains_verbatim(haystack: str, needle: str) -> bool:
    """`needle` appears in `haystack`, whitespace and quote style aside."""
    return _canon(needle) in _canon(haystack)
