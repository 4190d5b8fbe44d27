"""One language per page (issue 21): every page, run in each language, shows no words of another language in
its headings, text, captions, tiles, table headers, the words of its tables (names, kinds, statuses, places)
and its charts' titles and legend labels.

Allowed: a name the data has only in English, marked " (EN)" on a Chinese page; quotes from sources (“…”);
proper names of data sources and licences (AidData, OpenStreetMap). On an English or Indonesian page, any
run of CJK characters is a leak; on a Chinese page, any Latin word of three letters or more.

Regression: the Chinese Journeys page showed its heading and the legs' from/to in English and "km" tiles;
"中国和ASEAN" in Soft links; the Projects table showed `name_zh` on English pages.
"""

from __future__ import annotations

import json
import re

import pytest
from google.protobuf.json_format import MessageToDict

from atlas import i18n
from atlas.catalog import load_catalog
from atlas.finance import ATTRIBUTION
from tests.pages.test_pages import run

pytestmark = pytest.mark.slow

CAT = load_catalog()
PAGES = ["pages/projects.py", "pages/progress.py", "pages/soft_links.py", "pages/journeys.py", "pages/map.py"]
CJK = re.compile(r"[\u3400-\u9fff]+")
LATIN = re.compile(r"[A-Za-z]{3,}")
QUOTE = re.compile(r"“[^”]*”|\"[^\"]*\"")
# proper names shown in every language: data sources, licences, file formats, currencies
NAMES = {"AidData", "OpenStreetMap", "ODbL", "ODC", "CARTO", "USD", "GCDF", "GeoGCDF", "HTML", "CSV", "GeoJSON", "GeoPackage"}
NAMES |= {"Natural", "Earth"}  # Natural Earth, the outlines' source
# the columns whose cells are words of the page (not a summary, a quote or a company's name)
WORD_COLUMNS = ("name", "feature", "kind", "status", "countries", "type", "parties", "event", "metric", "unit")
WORD_COLUMNS_JOURNEY = ("line", "from", "to", "status")
# names and outlets only the data has, in English: allowed on a Chinese page when marked, and outlets always
EN_NAMES = sorted({*CAT.features["name"], *CAT.agreements["name"]}, key=len, reverse=True)
# and what is cited verbatim: the outlets, the AidData attribution
OUTLETS = sorted({s.outlet for s in CAT.sources.values()} | {s.published for s in CAT.sources.values()}, key=len, reverse=True)
OUTLETS.insert(0, ATTRIBUTION)
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:])")


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _chart_words(spec) -> list[str]:
    """Titles (chart, axis, legend) and legend label expressions of a Vega-Lite spec."""
    out = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("title", "labelExpr") and isinstance(value, str):
                out.append(value.replace("datum.label", ""))
            elif key not in ("config", "datasets", "data"):
                out += _chart_words(value)
    elif isinstance(spec, list):
        for v in spec:
            out += _chart_words(v)
    return out


def shown_words(at, lang: str) -> list[tuple[str, str]]:
    """(where, text) of everything the main area says in words of the page."""
    cols = {i18n.t(f"col.{c}", lang) for c in WORD_COLUMNS} | {i18n.t(f"journey.col.{c}", lang) for c in WORD_COLUMNS_JOURNEY}
    out = []
    for node in _walk(at.main):
        kind = type(node).__name__
        if kind in ("Title", "Header", "Subheader", "Markdown", "Caption"):
            out.append((kind, node.value))
        elif kind == "Metric":
            out += [("metric", node.label), ("metric", str(node.value))]
        elif kind == "Dataframe":
            df = node.value
            out += [("column header", str(c)) for c in df.columns]
            for c in df.columns:
                if c in cols:
                    out += [(f"cell of {c}", str(v)) for v in df[c] if isinstance(v, str)]
        elif kind == "UnknownElement" and getattr(node, "type", "") == "vega_lite_chart":
            spec = json.loads(MessageToDict(node.proto)["spec"])
            out += [("chart", w) for w in _chart_words(spec)]
    return out


def leaks(words: list[tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    found = []
    for where, text in words:
        text = QUOTE.sub(" ", MD_ESCAPE.sub(r"\1", text))
        for outlet in OUTLETS:
            text = text.replace(outlet, " ")
        if lang == "zh":
            for name in EN_NAMES:
                text = text.replace(name + i18n.FALLBACK_MARK, " ")
            bad = [w for w in LATIN.findall(text) if w not in NAMES and not any(w in n for n in NAMES)]
        else:
            bad = CJK.findall(text)
        if bad:
            found.append((where, text.strip()[:160]))
    return found


@pytest.mark.parametrize("lang", sorted(i18n.LANGS))
@pytest.mark.parametrize("page", PAGES)
def test_a_page_speaks_one_language(page, lang):
    at = run(page, params={"lang": lang, "country": "LAO,THA,IDN"}, timeout=90)
    assert not at.exception, at.exception
    words = shown_words(at, lang)
    assert any(where == "column header" for where, _ in words) or page == "pages/map.py", "the tables were read"
    assert leaks(words, lang) == []


@pytest.mark.parametrize(
    ("where", "text", "lang"),
    [
        ("column header", "name_zh", "zh"),  # a field name on a Chinese page
        ("cell of 起点", "Vientiane", "zh"),  # an unmarked English name
        ("Markdown", "**Kunming South station → Johor Bahru**", "zh"),  # the old Journeys heading
        ("cell of 各方", "中国和ASEAN", "zh"),
        ("column header", "名称", "en"),  # CJK on an English page
        ("chart", "事件", "id"),
    ],
)
def test_the_check_catches_a_leak(where, text, lang):
    assert leaks([(where, text)], lang) != []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Subic–Clark railway" + i18n.FALLBACK_MARK, "zh"),  # marked fallback
        ("来源：“Kunming–Vientiane line opened to traffic.”", "zh"),  # a quote
        ("数据：AidData（ODC-By）", "zh"),
    ],
)
def test_the_check_allows_marked_names_quotes_and_sources(text, lang):
    assert leaks([("Markdown", text)], lang) == []
