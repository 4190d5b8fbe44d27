"""Every page in every language: no interface text of another language, help and tooltips included.

Each page is run with AppTest in each language, with filters set and a feature
selected, so that the heading sentence, the headline tiles with their help, the
details panel, the tables and the notices all show. The text of every element
(labels, values, options, placeholders, help, HTML, table headers and cells) is
collected; the data's own words (names, summaries, excerpts, sources) are taken
out; what is left must hold no string of another language's catalogue that the
page's own catalogue does not also have.
"""

from __future__ import annotations

import html
import re
import string

import pytest
from google.protobuf.json_format import MessageToDict

from atlas import i18n
from atlas.catalog import load_catalog
from atlas.ui import md_escape
from tests.pages.test_pages import PAGES, run

pytestmark = pytest.mark.slow  # make test-quick leaves it out; make test runs it

CAT = load_catalog()
# a link that sets every kind of filter, selects a feature, and carries one bad value (a notice)
PARAMS = {"country": "LAO,THA", "status": "operational,under_construction", "feature": "china_laos_railway", "kind": "XX"}
SKIP = {"UnknownElement"}  # the map component: its script is checked by the map's own tests


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def page_text(at) -> str:
    parts = []
    for node in _walk(at._tree):
        kind = type(node).__name__
        if kind in SKIP or getattr(node, "proto", None) is None:
            continue
        if kind == "Dataframe":
            df = node.value
            parts += [str(c) for c in df.columns] + [str(v) for v in df.astype(str).to_numpy().ravel()]
            continue
        parts += [s for s in _strings(MessageToDict(node.proto)) if not s.startswith("$$ID")]
    return "\n".join(parts)


def _data_strings() -> list[str]:
    f = CAT.features
    words = [*f["name"], *f["name_zh"].dropna(), *f["summary"], *[a for al in f["aliases"] for a in al]]
    words += [s for s in f["location_source"] if isinstance(s, str)]
    words += [n for names in f["part_names"] if isinstance(names, list | tuple) for n in names]
    words += [n for col in ("builders", "financiers") for names in f[col] for n in names or ()]
    words += [
        *CAT.finance["title"],
        *CAT.finance["status"],
        *(n for names in CAT.finance["financiers"] for n in names),
    ]  # AidData's
    words += [*CAT.agreements["name"], *CAT.agreements["summary"], *CAT.milestones["description"]]
    for s in CAT.sources.values():
        words += [s.title, s.outlet, s.author or "", *(e.text for e in s.excerpts)]
    words = [w for w in words if isinstance(w, str) and len(w) > 2]
    return sorted({v for w in words for v in (w, html.escape(w), md_escape(w), html.escape(md_escape(w)))}, key=len, reverse=True)


DATA = _data_strings()


# not interface text: style sheets, markup (class names, links), addresses, quotations (excerpts are shown
# in “…”, verbatim, with the names they mention marked up), record ids such as china_laos_economic_corridor
CODE = re.compile(r"<style>.*?</style>|“[^”]*”|<[^>]*>|https?://\S+|\b[a-z0-9]+(?:_[a-z0-9]+)+\b", re.S)


def without_data(text: str) -> str:
    text = CODE.sub(" ", text)
    for w in DATA:
        if w in text:
            text = text.replace(w, " ")
    return text


CJK = re.compile(r"[\u4e00-\u9fff]{2,}")


def _fragments(entry) -> set[str]:
    """The literal pieces of a catalogue string between its placeholders (long enough to be telling)."""
    out = set()
    for form in entry.values() if isinstance(entry, dict) else [entry]:
        for literal, *_ in string.Formatter().parse(form):
            piece = literal.strip(" ,.:;()（）：，。、—·")
            # phrases only (one word may well be a word of the data, quoted in English); in Chinese, two characters
            if (" " in piece and len(piece) >= 6 and re.search(r"[^\W\d_]", piece)) or CJK.search(piece):
                out.add(piece)
    return out


def foreign_fragments(lang: str) -> set[str]:
    def pieces(cat):  # a language's own name is shown in every language, on the language switch
        return set().union(*(_fragments(e) for k, e in cat.items() if k != "lang.name"))

    own = pieces(i18n.CATALOGUES[lang])
    others = set().union(*(pieces(cat) for other, cat in i18n.CATALOGUES.items() if other != lang))
    # a piece that is also part of one of this language's strings (e.g. "OpenStreetMap") is not foreign
    return {p for p in others - own if not any(p in o for o in own)}


@pytest.mark.parametrize("lang", sorted(i18n.LANGS))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_speaks_only_its_language(page, lang):
    at = run(page, params={**PARAMS, "lang": lang}, timeout=60)
    assert not at.exception, at.exception
    text = without_data(page_text(at))
    leaks = {p: text[max(0, text.index(p) - 60) : text.index(p) + 60] for p in foreign_fragments(lang) if p in text}
    assert leaks == {}, leaks
    assert i18n.t("sb.filters", lang) in text  # the sidebar was read too


def test_the_check_catches_a_leak():
    """The test above can fail: English text on an Indonesian page is found."""
    text = without_data("Filter\nKm rel beroperasi\nRail km under construction")
    assert "Rail km under construction" in {p for p in foreign_fragments("id") if p in text}
