"""Issue 21, in a real Chromium: the phone's first screen holds the map, a tapped feature's details open as a
sheet with its name in view and close back to the map, and a `?feature=` link opens zoomed to the feature.
Screenshots of the map page with a feature selected, phone and desktop, in every language, go to
test-artifacts/browser/issue21/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from atlas import i18n
from atlas.catalog import load_catalog
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import MAP_IFRAME, TIMEOUT, click_feature, map_frame, open_app, wait_map_drawn

CATALOG = load_catalog()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1600, "height": 1000}
SHOTS = ARTIFACTS / "issue21"


@pytest.fixture
def viewport_page(browser, watch):
    """A page of a given viewport (the `page` fixture is a laptop's), tiles blocked as everywhere."""
    contexts = []

    def make(viewport: dict):
        ctx = browser.new_context(viewport=viewport)
        ctx.route(
            "**/*", lambda r: r.continue_() if "//127.0.0.1" in r.request.url or "//localhost" in r.request.url else r.abort()
        )
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.on("pageerror", lambda e: watch.errors.append(str(e)))
        return pg

    yield make
    for ctx in contexts:
        ctx.close()


def map_bounds(page) -> dict:
    """The Leaflet map's view in degrees, read from the page."""
    return (
        map_frame(page)
        .locator(".leaflet-container")
        .evaluate(
            "() => { const b = window.map.getBounds(); return {s: b.getSouth(), w: b.getWest(), n: b.getNorth(), e: b.getEast()}; }"
        )
    )


def wait_view(page, key: str) -> None:
    """Wait until the map has fitted itself to the target named `key` (atlas-view.js)."""
    map_frame(page).locator(".leaflet-container").evaluate(
        """(el, key) => new Promise((resolve, reject) => {
            const t0 = Date.now();
            (function poll() {
                if (window.map && window.map._atlasViewKey === key) { resolve(true); return; }
                if (Date.now() - t0 > 30000) { reject(new Error('view never fitted to ' + key)); return; }
                setTimeout(poll, 100);
            })();
        })""",
        key,
    )


def test_phone_map_first_then_sheet_and_back(viewport_page, app, watch):
    page = viewport_page(PHONE)
    open_app(page, app.url)
    wait_map_drawn(page)
    top = page.locator(MAP_IFRAME).bounding_box()["y"]
    assert top < PHONE["height"], f"the map starts at {top:.0f} px, below the first screen"
    # the whole region in view at phone width: Java's south coast and the Philippines' east
    wait_view(page, "shown:" + ",".join(f"{v:.4f}" for v in CATALOG.features.total_bounds))
    b = map_bounds(page)
    west, south, east, north = CATALOG.features.total_bounds
    assert b["w"] <= west and b["e"] >= east and b["s"] <= south and b["n"] >= north, b
    # the attribution is an ⓘ, the credit still in the page, whole, and opened by a tap
    attribution = map_frame(page).locator(".leaflet-control-attribution")
    assert "atlas-attr-compact" in attribution.get_attribute("class")
    assert attribution.bounding_box()["height"] <= 30
    assert "OpenStreetMap" in attribution.text_content()
    attribution.click()
    expect(attribution).to_contain_text("OpenStreetMap")
    assert attribution.bounding_box()["height"] > 12 and attribution.get_attribute("aria-expanded") == "true"
    # a tap on a line opens its details as a sheet, the name in view without scrolling
    click_feature(page, "china_laos_railway")
    sheet = page.locator(".st-key-atlas-sheet")
    name = sheet.locator(".atlas-card h3")
    expect(name).to_have_text(CATALOG.name_of("china_laos_railway", "en"), timeout=TIMEOUT)
    box = name.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    close = sheet.get_by_role("button", name=i18n.t("details.clear", "en"))
    close_box = close.bounding_box()
    assert 0 <= close_box["y"] < box["y"], "the close button comes before the name, at the sheet's top"
    # the map zoomed to the line it was tapped on
    wait_view(page, "feature:china_laos_railway")
    # closing returns to the map: the sheet is gone, the map is on the screen
    close.click()
    expect(page.locator(".st-key-atlas-sheet")).to_have_count(0, timeout=TIMEOUT)
    map_box = page.locator(MAP_IFRAME).bounding_box()
    assert map_box["y"] < PHONE["height"] and map_box["y"] + map_box["height"] > 0
    # the figures the phone leaves out of its two rows of tiles are one tap away
    everything = page.locator(".st-key-atlas-head-all")
    everything.get_by_text(i18n.t("head.all", "en")).click()
    expect(everything.get_by_text(i18n.t("head.passengers", "en"))).to_be_visible()
    expect(everything.get_by_text(i18n.t("head.freight", "en"))).to_be_visible()
    assert watch.errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_feature_link_opens_zoomed_to_the_ecrl(viewport_page, app, viewport):
    page = viewport_page(viewport)
    open_app(page, app.url + "/?feature=ecrl")
    wait_map_drawn(page)
    wait_view(page, "feature:ecrl")
    b = map_bounds(page)
    west, south, east, north = CATALOG.features[CATALOG.features["id"] == "ecrl"].total_bounds
    # the whole line in view
    assert b["w"] <= west and b["e"] >= east and b["s"] <= south and b["n"] >= north, b
    # and close: in its longer direction the view is at most about three times the line
    ratio = min((b["e"] - b["w"]) / (east - west), (b["n"] - b["s"]) / (north - south))
    assert ratio <= 3.2, f"the view is {ratio:.1f}× the line's extent: not zoomed to it"
    if viewport is DESKTOP:  # a wide screen keeps its tiles and details as they were: no phone-only parts
        expect(page.locator(".st-key-atlas-head-all")).to_be_hidden()
        assert map_frame(page).locator(".leaflet-control-attribution.atlas-attr-compact").count() == 0


@pytest.mark.parametrize("lang", ["en", "zh", "id"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_issue21_screenshots_feature_selected(viewport_page, app, lang, viewport):
    """The map page with China–Laos selected, as a reader sees it: the name in view, the map zoomed to it."""
    page = viewport_page(viewport)
    open_app(page, app.url + f"/?feature=china_laos_railway&lang={lang}")
    wait_map_drawn(page)
    wait_view(page, "feature:china_laos_railway")
    name = page.locator(".atlas-card h3")
    expect(name).to_have_text(CATALOG.name_of("china_laos_railway", lang), timeout=TIMEOUT)
    if viewport is PHONE:
        box = name.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    else:
        page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(400)  # the picture, not an assertion, waits for the last repaint
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = f"{viewport['width']}x{viewport['height']}"
    page.screenshot(path=str(SHOTS / f"map_china_laos_{size}_{lang}.png"))
