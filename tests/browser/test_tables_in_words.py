"""Issue 21 in the browser: the Projects table in words (localized headers, the name first, no id column), a row
opening its feature on the map, and the pages at phone and laptop size."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from atlas import i18n
from atlas.catalog import load_catalog
from atlas.export import display_table
from atlas.filters import Selection, apply, describe
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import IDLE, TIMEOUT, open_app

CATALOG = load_catalog()
SHOTS = ARTIFACTS / "issue21"


def headers(page) -> list[str]:
    """The column headers of the first table, as glide-data-grid's accessible grid names them."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=TIMEOUT)
    cells = grid.locator('[role="columnheader"]')
    expect(cells.first).to_be_attached(timeout=TIMEOUT)
    return [t.strip() for t in cells.all_inner_texts() if t.strip()]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_projects_table_in_words_and_a_row_opens_on_the_map(page, app, watch, lang):
    open_app(page, f"{app.url}/projects?lang={lang}&country=LAO")
    shown = headers(page)
    assert shown[0] == i18n.t("col.name", lang), shown  # the name first
    assert i18n.t("col.status", lang) in shown
    assert not {"id", "name_zh", "status_as_of", "geometry_precision", "km_source"} & set(shown), shown  # no field names
    # select the first row (the row marker at its left edge): the map page opens with that feature
    first = display_table(apply(CATALOG, Selection(country=("LAO",))), lang).index[0]
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)
    expect(page).to_have_url(re.compile(rf"feature={first}\b"), timeout=TIMEOUT)
    expect(page).not_to_have_url(re.compile(r"/projects"), timeout=TIMEOUT)
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    # the map page, in the same language and with the same filters, the feature selected
    expect(page.locator("h1").first).to_have_text(i18n.t("app.title", lang), timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"country=LAO"), timeout=TIMEOUT)
    sentence = describe(Selection(country=("LAO",)), lang)
    expect(page.get_by_text(sentence).first).to_be_visible(timeout=TIMEOUT)
    name = CATALOG.name_of(first, lang)
    expect(page.get_by_text(name).first).to_be_visible(timeout=TIMEOUT)
    page.screenshot(path=str(SHOTS / f"projects_row_opened_{lang}.png"))
    assert watch.errors == [], watch.errors


VIEWPORTS = {"phone": (390, 844), "laptop": (1600, 1000)}


@pytest.mark.parametrize("lang", ["en", "zh", "id"])
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_issue21_screenshots(browser, app, lang, size):
    """Progress, Projects and Journeys in each language at phone and laptop size, for a reader's eyes
    (test-artifacts/browser/issue21/); asserts only that each page ran without an error box."""
    width, height = VIEWPORTS[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url or "localhost" in r.request.url else r.abort())
    try:
        for name in ("progress", "projects", "journeys"):
            open_app(page, f"{app.url}/{name}?lang={lang}&basemap=outline")
            page.wait_for_timeout(800)  # charts and tables draw after the script ends: a picture, not an assertion
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
            page.screenshot(path=str(SHOTS / f"{name}_{lang}_{width}x{height}.png"))
            for screen in (2, 3, 4):  # the page scrolls inside Streamlit's main area: one picture a screen further
                page.evaluate(
                    """d => { const m = document.querySelector('[data-testid="stMain"]');
                              (m.scrollHeight > m.clientHeight ? m : document.scrollingElement).scrollBy(0, d); }""",
                    height - 120,
                )
                page.wait_for_timeout(400)
                page.screenshot(path=str(SHOTS / f"{name}_{lang}_{width}x{height}_{screen}.png"))
    finally:
        context.close()
