"""Property-based page tests (Hypothesis): the classes of input a reader reaches, not chosen examples.

- every URL parameter of every page, with arbitrary text and known hostile values: the page
  runs (no exception, no error page) and a value with markup in it is never shown as markup;
- every year of the slider on every page: the page runs, its heading counts what the year's
  network holds, and the map page's style table covers every feature it draws.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlas import mapview, timeline
from atlas.catalog import load_catalog
from atlas.filters import FILTERS, Selection, apply
from atlas.i18n import LANGS
from atlas.ui import md_escape
from tests.pages.test_pages import PAGES, run
from tests.unit.test_mapview import drawn_style_keys

pytestmark = pytest.mark.slow  # make test-quick leaves it out; make test runs it

CAT = load_catalog()
YEARS = timeline.years(CAT)
URL_KEYS = sorted({f.key for f in FILTERS} | {"lang", "basemap", "finance", "feature", "from", "to"})
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "https://evil.example/login",
    "www.evil.example",
    "**bold** _it_ `code` # head",
    "²⁰²⁴",
    "٢٠٢٠",
    "２０２０",
    "-1",
    "99999999999999999999",
    "x\r=1+1",
    "\u202eevil",
    "a\x00b",
    "LAO,,THA,<b>",
    "中老铁路",
    " ",
]
# characters that markdown or HTML would act on, or that make a link
MARKUP = re.compile(r"[<>\[\]*_`#|~\\]|://|www\.")
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
settings.register_profile("pages", max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def shown_markdown(at) -> list[str]:
    """The markdown source of every text element the page shows, code spans removed (those show text as is)."""
    elements = [*at.title, *at.header, *at.subheader, *at.markdown, *at.caption, *at.warning, *at.info, *at.error]
    return [CODE_SPAN.sub("", str(e.value)) for e in elements]


def assert_runs_and_escapes(at, value: str) -> None:
    """No exception, and the value, where it holds markup, is shown only escaped (ui.md_escape) or as code."""
    assert not at.exception, at.exception
    raw = value.strip()
    if len(raw) >= 2 and MARKUP.search(raw):
        for text in shown_markdown(at):
            assert raw not in text.replace(md_escape(raw), ""), f"{raw!r} shown as markdown in {text[:200]!r}"


link_value = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=24))


@settings(settings.get_profile("pages"))
@given(page=st.sampled_from(PAGES), key=st.sampled_from(URL_KEYS), value=link_value)
def test_any_link_value_on_any_page_gets_a_page_not_an_error(page, key, value):
    at = run(page, params={key: value})
    assert_runs_and_escapes(at, value)


@settings(settings.get_profile("pages"))
@given(page=st.sampled_from(PAGES), params=st.dictionaries(st.sampled_from(URL_KEYS), link_value, min_size=2, max_size=5))
def test_any_combination_of_link_values_gets_a_page(page, params):
    at = run(page, params=params)
    for value in params.values():
        assert_runs_and_escapes(at, value)


@pytest.mark.parametrize("year", YEARS)
def test_every_year_on_the_map_page_counts_and_styles_what_it_draws(year):
    at = run(params={"year": str(year)})
    assert not at.exception, at.exception
    shown = apply(CAT, Selection(year=year))
    heading = " ".join(m.value for m in at.markdown)
    assert f"{len(shown.features)} of {len(CAT.features)} features" in heading
    missing = drawn_style_keys(shown) - set(mapview.style_table()["index"])
    assert not missing, f"no style for {sorted(missing)} at {year}"


@pytest.mark.parametrize("page", PAGES[1:])
@pytest.mark.parametrize("year", YEARS)
def test_every_year_on_every_other_page_renders(page, year):
    """Every page × every year of the slider (exhaustive), the language cycling through the catalogues."""
    lang = sorted(LANGS)[year % len(LANGS)]
    at = run(page, params={"year": str(year), "lang": lang})
    assert not at.exception, at.exception
    assert at.title and at.title[0].value
