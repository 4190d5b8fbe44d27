"""A figure's or an excerpt's citation (atlas/cite.py): everything a reader pastes, BibTeX that parses,
and markup from data escaped where the citation goes into HTML."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from atlas import cite, render
from atlas.catalog import load_catalog
from atlas.schema import Source
from tests.conftest import feature, write_data

TODAY = dt.date(2026, 12, 1)
PERMALINK = "http://localhost:8501/?feature=china_laos_railway&lang=zh"
HOSTILE = Source(
    id="x",
    title="<b>Rails</b> {across} the 100% Mekong_ & co}",
    author="Jane {Doe",
    outlet="Outlet #1 $",
    published="2024-11-18",
    url="https://example.org/a?b={c}&d=1",
    excerpts=[{"id": "x#1", "text": "It carried {over} 16 million passengers.", "feature_ids": ["china_laos_railway"]}],
)
QUOTE = HOSTILE.excerpts[0].text


@pytest.mark.parametrize("lang", ["en", "zh", "id"])
def test_the_plain_citation_holds_everything_a_reader_pastes(lang):
    c = cite.citation(HOSTILE, QUOTE, permalink=PERMALINK, lang=lang, accessed=TODAY, figure="over 16 million passenger trips")
    for part in (QUOTE, HOSTILE.outlet, HOSTILE.title, HOSTILE.author, HOSTILE.url, PERMALINK, "over 16 million passenger trips"):
        assert part in c.plain, part
    assert {"en": "Nov 18, 2024", "zh": "2024年11月18日", "id": "18 Nov 2024"}[lang] in c.plain


@pytest.mark.parametrize("lang", ["en", "zh", "id"])
def test_bibtex_parses_with_balanced_braces(lang):
    c = cite.citation(HOSTILE, QUOTE, permalink=PERMALINK, lang=lang, accessed=TODAY)
    assert c.bibtex.startswith("@online{" + c.key + ",\n") and c.bibtex.endswith("\n}")
    assert cite.balanced(c.bibtex), c.bibtex
    body = c.bibtex[c.bibtex.index(",\n") + 2 : -2]
    fields = dict(line.strip().split(" = ", 1) for line in body.split(",\n"))
    assert set(fields) == {"author", "title", "organization", "date", "url", "urldate", "note"}
    assert all(v.startswith("{") and v.endswith("}") and cite.balanced(v) for v in fields.values()), fields
    assert fields["url"] == "{https://example.org/a?b=%7Bc%7D&d=1}" and fields["date"] == "{2024-11-18}"
    assert r"100\% Mekong\_ \& co\}" in fields["title"] and PERMALINK.replace("&", r"\&").replace("_", r"\_") in fields["note"]


def test_balanced_tells_an_unbalanced_entry():
    assert cite.balanced(r"@online{k, title = {a \} b}}") and not cite.balanced("@online{k, title = {a } b}}")


def test_the_key_is_stable_and_tells_quotes_apart():
    a = cite.citation(HOSTILE, QUOTE, permalink=PERMALINK, lang="en", accessed=TODAY)
    b = cite.citation(HOSTILE, QUOTE, permalink="http://other/", lang="zh", accessed=dt.date(2030, 1, 1))
    c = cite.citation(HOSTILE, "Another sentence.", permalink=PERMALINK, lang="en", accessed=TODAY)
    assert a.key == b.key != c.key and a.key.startswith("outlet12024_")


def test_the_china_laos_figures_and_excerpts_each_have_a_cite_with_the_permalink():
    cat = load_catalog()
    html = render.details_html(cat, "china_laos_railway", "en", permalink=PERMALINK, accessed=TODAY)
    quotes = html.count('<div class="atlas-quote">')
    assert html.count('<details class="atlas-citebox"') == quotes > 0  # one Cite per figure and excerpt
    assert html.count(PERMALINK.replace("&", "&amp;")) == quotes  # in each plain text
    assert html.count(PERMALINK.replace("&", r"\&amp;").replace("_", r"\_")) == quotes  # and in each BibTeX note
    assert "over 62.5 million passenger trips, Dec 2021 – Dec 2025" in html[html.index('class="atlas-citetext"') :]


def test_markup_in_a_title_is_escaped_in_the_details(tmp_path):
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("x_line")]})
    path = root / "sources" / "t.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["title"] = "<img src=x onerror=alert(1)> & <b>bold</b>"
    path.write_text(json.dumps(doc), encoding="utf-8")
    html = render.details_html(load_catalog(root), "x_line", permalink='http://h/?feature="><script>x()</script>')
    assert "<img src=x" not in html and "<b>bold" not in html and "<script>x()" not in html
    box = html[html.index('class="atlas-citetext"') :]
    assert "“&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;”" in box
