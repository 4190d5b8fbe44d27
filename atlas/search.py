"""The search box: what a reader types, matched the way a reader means it.

Case, hyphens and dashes, spaces, diacritics and full-width characters do not matter ("high speed"
finds "high-speed", "Kunming–Vientiane" with an en dash finds "Kunming-Vientiane", "Lao Cai" finds
"Lào Cai", "ＨＳＲ" finds "HSR"). A query that is a kind's word in any of the three languages (port /
港 / pelabuhan) also finds every feature of that kind, and a trait's word (high-speed / 高铁 / kereta
cepat / HSR) every feature with that trait: the words are the `search` of atlas/vocab.py's tables.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pandas as pd

from atlas import vocab
from atlas.text import DASHES

# what does not matter between words: spaces, dashes, underscores, the middle dot of "Laos · Thailand"
_GAPS = re.compile(rf"[\s{re.escape(DASHES)}_·・]+")
CJK = re.compile(r"[\u3400-\u9fff]")


def fold(text: str) -> str:
    """`text` as search compares it: full-width and compatibility forms to their plain ones (NFKC),
    diacritics dropped, case folded, spaces and dashes removed."""
    plain = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", str(text)))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return _GAPS.sub("", plain.casefold().replace("đ", "d"))


@functools.cache
def term_index() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each folded search word -> (the kinds it names, the traits it names)."""
    index: dict[str, tuple[set, set]] = {}
    for kind in vocab.KIND_TABLE:
        for word in kind.search:
            index.setdefault(fold(word), (set(), set()))[0].add(kind.code)
    for trait in vocab.TRAIT_TABLE:
        for word in trait.search:
            index.setdefault(fold(word), (set(), set()))[1].add(trait.code)
    return {w: (tuple(sorted(k)), tuple(sorted(t))) for w, (k, t) in index.items()}


def terms_of(query: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The kinds and traits a query names ((), () for none); a plural "s" is taken ("ports")."""
    q = fold(query)
    index = term_index()
    if q in index:
        return index[q]
    if q.endswith("s") and q[:-1] in index:
        return index[q[:-1]]
    return (), ()


def _names(row) -> list[str]:
    """What a feature (or agreement) is called: its id, names and aliases, folded."""
    names = [row.get("id"), row.get("name"), row.get("name_zh"), *(row.get("aliases") or ())]
    return [fold(n) for n in names if isinstance(n, str) and n]


def has_trait(row, code: str) -> bool:
    trait = next(t for t in vocab.TRAIT_TABLE if t.code == code)
    if row.get("kind") not in trait.kinds:
        return False
    marks = [fold(m) for m in trait.marks]
    return any(m in name for name in _names(row) for m in marks)


def matches(query: str, row) -> bool:
    """Whether a feature or agreement row answers the query. A kind or trait word finds that kind or
    trait and the names holding the word (not every summary that mentions "port" in "transport");
    any other query is looked for in the names, the aliases, the id and the summary."""
    q = fold(query)
    if not q:
        return True
    kinds, traits = terms_of(query)
    names = _names(row)
    if kinds or traits:
        return row.get("kind") in kinds or any(has_trait(row, t) for t in traits) or any(q in n for n in names)
    summary = row.get("summary")
    return any(q in n for n in names) or (isinstance(summary, str) and q in fold(summary))


def mask(frame: pd.DataFrame, query: str) -> pd.Series:
    """The rows of a features or agreements frame the query finds."""
    if frame.empty:
        return pd.Series(False, index=frame.index, dtype=bool)
    return frame.apply(lambda row: matches(query, row), axis=1).astype(bool)
