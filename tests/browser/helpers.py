"""Waiting on conditions in the app and its map, never on a fixed sleep."""

from __future__ import annotations

from playwright.sync_api import FrameLocator, Page, expect

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT = 30_000


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    page.locator(IDLE).wait_for(timeout=TIMEOUT)


def map_frame(page: Page) -> FrameLocator:
    return page.frame_locator(MAP_IFRAME)


def features(page: Page):
    """The Leaflet paths (lines and circle markers) of atlas features."""
    return map_frame(page).locator("path.atlas-feature")


def set_view(page: Page, lat: float, lon: float, zoom: int) -> None:
    """Centre and zoom the map as a user would with the mouse wheel, then wait out Leaflet's zoom animation."""
    map_frame(page).locator(".leaflet-container").evaluate(
        """(el, v) => { for (const k of Object.keys(window)) {
            if (k.startsWith('map_') && window[k].setView) { window[k].setView([v[0], v[1]], v[2]); } } }""",
        [lat, lon, zoom],
    )
    page.wait_for_timeout(600)  # the zoom animation: a picture taken, not an assertion, depends on it


def wait_map_drawn(page: Page) -> None:
    """The features are in the map (a link to a feature zooms to it: the others may be out of view)."""
    features(page).first.wait_for(state="attached", timeout=TIMEOUT)


def expect_feature_count(page: Page, n: int) -> None:
    expect(features(page)).to_have_count(n, timeout=TIMEOUT)


def click_feature(page: Page, feature_id: str) -> None:
    """Click a point on the feature's own path (a line's bounding-box centre
    is usually not on the line): the middle of the path's length."""
    path = map_frame(page).locator(f"path.atlas-id-{feature_id}").first
    path.wait_for(timeout=TIMEOUT)
    path.evaluate(
        """el => {
            const pt = el.getPointAtLength(el.getTotalLength() / 2);
            const m = el.getScreenCTM();
            const x = pt.x * m.a + pt.y * m.c + m.e, y = pt.x * m.b + pt.y * m.d + m.f;
            for (const type of ['mouseover', 'mousedown', 'mouseup', 'click']) {
                el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true, clientX: x, clientY: y, view: window}));
            }
        }"""
    )


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option in a sidebar multiselect by its label."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label)
    box.locator("input").click()
    page.get_by_role("option", name=option).click()
    page.keyboard.press("Escape")
