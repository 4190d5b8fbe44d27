"""The year slider, swept as a reader would: every year draws what its heading counts.

Regression (issue 18): the map of 2020-2024 was blank ("33 of 104 features on the map",
none drawn) because the style table held only today's statuses and the runtime threw
`atlas: no style for rail_corridor|suspended|schematic|L`.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from atlas import timeline
from atlas.catalog import load_catalog
from atlas.filters import Selection, apply
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import IDLE, TIMEOUT, features, open_app

CATALOG = load_catalog()
YEARS = timeline.years(CATALOG)
SCREENSHOT_YEARS = {2016, 2020, 2022}


def heading_count(page) -> int:
    text = page.locator('[data-testid="stMarkdown"]').filter(has_text=re.compile(r"\d+ of \d+ features")).first.inner_text()
    return int(re.search(r"(\d+) of \d+ features", text).group(1))


def test_the_slider_swept_over_every_year_draws_what_the_heading_counts(page, app, watch):
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "atlas:" in m.text else None)
    open_app(page, f"{app.url}/?basemap=outline")
    slider = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"] input[type="range"]')
    slider.focus()
    page.keyboard.press("Home")  # the first year; the years follow in order, "latest reports" last (issue 21)
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    seen = []
    for i, year in enumerate(YEARS):
        if i:
            page.keyboard.press("ArrowRight")
        expect(page).to_have_url(re.compile(rf"year={year}\b"), timeout=TIMEOUT)
        page.locator(IDLE).wait_for(timeout=TIMEOUT)
        expected = len(apply(CATALOG, Selection(year=year)).features)
        # the heading and the map agree with the data at the end of that year
        expect(page.get_by_text(f"{expected} of {len(CATALOG.features)} features")).to_be_visible(timeout=TIMEOUT)
        expect(features(page)).to_have_count(expected, timeout=TIMEOUT)
        assert heading_count(page) == expected
        seen.append((year, expected))
        if year in SCREENSHOT_YEARS:
            page.screenshot(path=str(ARTIFACTS / f"year_{year}.png"))
        slider.focus()
    page.keyboard.press("ArrowRight")  # after the last year: the latest reports, and no year in the link
    expect(page).not_to_have_url(re.compile(r"year="), timeout=TIMEOUT)
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    expect(page.get_by_text(f"{len(CATALOG.features)} of {len(CATALOG.features)} features")).to_be_visible(timeout=TIMEOUT)
    assert [y for y, _ in seen] == YEARS
    assert any(n > 0 for _, n in seen if 2020 <= _ <= 2024)
    assert console == [] and watch.errors == [], (console, watch.errors)
