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

import dataclasses
import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz

from atlas import places
from atlas.article import body_paragraphs, sentences
from atlas.data import Catalog
from atlas.figures import FoundFact, read_figures
from atlas.schema import COUNTRY_WORDS
from atlas.text import QUOTES, normalise

CJK = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[^\W_]+")
COUNTRY_PREFIXES = tuple(sorted((w for ws in COUNTRY_WORDS.values() for w in ws if CJK.search(w)), key=len, reverse=True))
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


def _alias_pattern(alias: str) -> re.Pattern:
    norm = normalise(unicodedata.normalize("NFC", alias)).strip()
    if CJK.search(norm):  # a space may fall between any two characters of a Chinese name ("中 老铁路")
        return re.compile(r"\s*".join(re.escape(ch) for ch in re.sub(r"\s+", "", norm)))
    tokens = [re.escape(t) for t in norm.split()]
    return re.compile(r"(?<![\w])" + r"\s+".join(tokens) + r"(?![\w])")


class Terms(list):
    """The name terms, longest first, with the place index they go with (atlas/places.py) and a
    word -> terms table, so that a sentence is tried only against the names whose words it has."""

    index: places.PlaceIndex | None = None

    def prepare(self) -> Terms:
        self.by_word: dict[str, list[int]] = {}
        self.always: list[int] = []  # Chinese names and needles that are not one plain word
        for rank, term in enumerate(self):
            if WORD.fullmatch(term.needle) and not CJK.search(term.needle):
                self.by_word.setdefault(term.needle, []).append(rank)
            else:
                self.always.append(rank)
        self.fuzzy_words = {rank: {w for w in WORD.findall(t.alias) if len(w) >= 4} for rank, t in enumerate(self) if t.fuzzy}
        self.fuzzy_by_word: dict[str, list[int]] = {}
        for rank, ws in self.fuzzy_words.items():
            for w in ws:
                self.fuzzy_by_word.setdefault(w, []).append(rank)
        return self

    def candidates(self, words: set[str]) -> list[Term]:
        """The terms whose needle word the sentence has (and every term without one), longest first."""
        ranks = set(self.always).union(*(self.by_word.get(w, ()) for w in words))
        return [self[r] for r in sorted(ranks)]

    def near_misses(self, words: set[str]) -> list[Term]:
        """Long names that share all but one of their words with the sentence: worth a fuzzy look."""
        shared: dict[int, int] = {}
        for w in words:
            for r in self.fuzzy_by_word.get(w, ()):
                shared[r] = shared.get(r, 0) + 1
        return [self[r] for r in sorted(shared) if shared[r] >= max(1, len(self.fuzzy_words[r]) - 1)]


def _short_forms(name: str) -> list[str]:
    """A Chinese name without its country: 马来西亚东海岸铁路 -> 东海岸铁路, 印尼莫罗瓦利工业园 -> 莫罗瓦利工业园;
    a station's name with 火车站 for 站 (河口北站 -> 河口北火车站) and the other way round."""
    out = []
    for prefix in COUNTRY_PREFIXES:
        rest = name[len(prefix) :]
        if name.startswith(prefix) and len(rest) >= 3 and not rest.startswith(("—", "-", "、")):
            out.append(rest)
            break
    if re.fullmatch(r"[\u3400-\u9fff]{2,}火车站", name):
        out.append(name[:-3] + "站")
    elif re.fullmatch(r"[\u3400-\u9fff]{2,}(?<![火车高铁])站", name):
        out.append(name[:-1] + "火车站")
    return out


def build_terms(catalog: Catalog) -> Terms:
    """Every name, Chinese name and alias of every feature and agreement, and Chinese names without
    their country; an alias that is only a town (Mohan, Nong Khai) is left to the place index, which
    wants a word of the feature's kind nearby."""
    index = places.build_index(catalog)
    owners: dict[str, set[str]] = {}
    rows: Iterable = [*catalog.features.to_dict("records"), *catalog.agreements.to_dict("records")]
    for row in rows:
        names = [row["name"], row.get("name_zh"), *(row.get("aliases") or ())]
        names += [short for n in names if isinstance(n, str) and CJK.search(n) for short in _short_forms(n)]
        town_only = index.town_aliases.get(row["id"], set())
        for name in names:
            if isinstance(name, str) and len(name.strip()) >= 2 and name.casefold() not in town_only:
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
    out = Terms(sorted(terms, key=lambda t: -len(t.alias)))
    out.index = index
    return out.prepare()


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


# invisible characters that split a name without being seen: zero-width space, non-joiner,
# joiner, word joiner, byte-order mark, soft hyphen ("China\u200d–Laos\u200b Railway", "中\u200d老铁路")
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
MAX_EXCERPT_CHARS = 2000  # a "sentence" longer than this is not an excerpt (text without full stops)


def find_mentions(text: str, terms: Terms, **options) -> list[Mention]:
    """Mentions of known features in `text` (see _find_mentions). Invisible characters inside a
    name do not stop a match: they are left out for matching, and each mention is a span of
    the text as given (which is kept verbatim)."""
    if not INVISIBLE.search(text):
        return _find_mentions(text, terms, **options)
    kept = [i for i, ch in enumerate(text) if not INVISIBLE.match(ch)]
    if not kept:
        return []
    if options.get("context"):
        options["context"] = INVISIBLE.sub("", options["context"])
    found = _find_mentions(INVISIBLE.sub("", text), terms, **options)
    return [dataclasses.replace(m, start=kept[m.start], end=kept[m.end - 1] + 1) for m in found]


def _find_mentions(
    text: str,
    terms: Terms,
    *,
    context: str = "",
    catalog: Catalog | None = None,
    ambiguous: list | None = None,
    phase_groups: list | None = None,
) -> list[Mention]:
    """Longest matches first; a shorter name inside a longer match is not a mention.
    A name shared by several features keeps those whose country (or a related
    feature's country, China aside) the surrounding `context` names. Then the
    features named by their places, towns and phases (atlas/places.py); mentions
    that fit two features are appended to `ambiguous`."""
    norm = normalise(text)
    squashed = re.sub(r"\s+", "", norm)
    words = set(WORD.findall(norm))
    taken = _Taken(len(norm))
    found: list[Mention] = []
    for term in terms.candidates(words):
        if term.needle not in (squashed if CJK.search(term.needle) else norm):
            continue
        for m in term.pattern.finditer(norm):
            if taken.claim(m.start(), m.end()):
                found.append(Mention(m.start(), m.end(), term.feature_ids, term.alias))
    named = {f.feature_ids for f in found}
    for term in terms.near_misses(words):  # near misses of long names (a plural, a dropped hyphen)
        if term.feature_ids in named:
            continue
        hit = fuzz.partial_ratio_alignment(term.alias, norm, score_cutoff=FUZZY_MIN_SCORE)
        if hit and taken.claim(hit.dest_start, hit.dest_end):
            found.append(Mention(hit.dest_start, hit.dest_end, term.feature_ids, term.alias))
            named.add(term.feature_ids)
    if catalog is not None:
        found = [dataclasses.replace(f, feature_ids=_disambiguate(f.feature_ids, context or text, catalog)) for f in found]
    # "the second phase of the Thai-China high-speed railway": a phase may also name a line of its own sentence
    groups = [
        *(phase_groups or []),
        *(terms.index.phases[fid] for f in found for fid in f.feature_ids if fid in terms.index.phases),
    ]
    more, unsure = places.resolve(text, norm, terms.index, groups, bytes(taken.used))
    found += [Mention(f.start, f.end, f.feature_ids, f.how) for f in more]
    if ambiguous is not None:
        ambiguous.extend(unsure)
    return sorted(found, key=lambda f: f.start)


_COUNTRY_OF = {w: code for code, words in COUNTRY_WORDS.items() for w in words}
_COUNTRY_RE = re.compile(
    "|".join(
        re.escape(w) if CJK.search(w) else rf"(?<![\w]){re.escape(w)}(?![\w])" for w in sorted(_COUNTRY_OF, key=len, reverse=True)
    )
)


def _countries_named(text: str) -> set[str]:
    return {_COUNTRY_OF[m.group(0)] for m in _COUNTRY_RE.finditer(text)}


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


# --- the whole article -------------------------------------------------------------------


def link_article(text: str, catalog: Catalog) -> dict:
    """{"excerpts": [{"text", "feature_ids"}],
    "facts": [{"feature_id", "metric", "value", "unit", "qualifier", "period", "excerpt"}],
    "ambiguous": [{"text", "candidates", "excerpt"}], "too_long": [{"start", "chars"}]}, where "excerpt" is the 1-based number of the
    excerpt it was read from (for an ambiguous mention: of the sentence's excerpt, 0 if it named nothing else)."""
    terms = build_terms(catalog)
    index = terms.index
    excerpts, facts, unsure, seen, too_long = [], [], [], set(), []
    phase_groups: list[dict] = []  # the phase groups of the lines named so far: "the second phase" then resolves
    points = frozenset(catalog.features.loc[catalog.features.geometry.geom_type == "Point", "id"])
    for para in body_paragraphs(text):
        for sent in sentences(para):
            if len(sent) > MAX_EXCERPT_CHARS:  # not a sentence: named, never an excerpt
                too_long.append({"start": sent[:80], "chars": len(sent)})
                continue
            key = re.sub(r"\s+", " ", normalise(sent))
            if key in seen:
                continue
            seen.add(key)
            # a name shared by several features is told apart by the countries the
            # sentence names, else by those its paragraph names
            context = sent if _countries_named(sent) - {"CHN"} else para
            found_unsure: list[dict] = []
            mentions = find_mentions(
                sent, terms, context=context, catalog=catalog, ambiguous=found_unsure, phase_groups=phase_groups
            )
            ids = list(dict.fromkeys(fid for m in mentions for fid in m.feature_ids))
            phase_groups += [index.phases[fid] for fid in ids if fid in index.phases]
            if ids:
                excerpts.append({"text": sent, "feature_ids": ids})
            unsure += [{**u, "sentence": sent, "excerpt": len(excerpts) if ids else 0} for u in found_unsure]
            for f in read_figures(sent, mentions, points):  # the sentence is named by its number, not repeated per figure
                facts.append(_fact(f, len(excerpts)))
    return {"excerpts": excerpts, "facts": facts, "ambiguous": unsure, "too_long": too_long}


def _fact(f: FoundFact, excerpt: int) -> dict:
    return {**f.as_fact(), "excerpt": excerpt}


def highlight_spans(text: str, catalog: Catalog, terms: Terms | None = None) -> list[Mention]:
    """Mentions of known features in a stored excerpt (for the Sources page)."""
    return find_mentions(text, terms or build_terms(catalog), context=text, catalog=catalog)


def _canon(s: str) -> str:
    """The text but for whitespace and quote style."""
    return re.sub(r"\s+", " ", "".join(QUOTES.get(c, c) for c in s)).strip()


def contains_verbatim(haystack: str, needle: str) -> bool:
    """`needle` appears in `haystack`, whitespace and quote style aside."""
    return _canon(needle) in _canon(haystack)
