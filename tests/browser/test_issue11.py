"""Browser scenario for traced track (issue 11): the Lao half of the China–Laos Railway follows OpenStreetMap."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import TIMEOUT, map_frame, open_app, wait_map_drawn

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@pytest.mark.parametrize(("place", "lat", "lon"), [("luang_prabang", 19.89, 102.15), ("vang_vieng", 18.93, 102.45)])
def test_lao_half_is_drawn_on_traced_track(page, app, place, lat, lon):
    open_app(page, f"{app.url}/?basemap=outline&feature=china_laos_railway")
    wait_map_drawn(page)
    frame = map_frame(page)
    # the traced track is OpenStreetMap data: credited even on the offline outline
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("Rail track © OpenStreetMap contributors (ODbL)")
    traced = frame.locator("path.atlas-part.atlas-id-china_laos_railway")
    expect(traced).to_have_count(1, timeout=TIMEOUT)
    expect(traced).to_have_attribute("stroke-width", "4")  # traced: full width
    expect(frame.locator("path.atlas-feature.atlas-id-china_laos_railway")).to_have_attribute(
        "stroke-width", "2.5"
    )  # through stations
    # zoom the map in on the town, as a user would, and look at the line there
    frame.locator(".leaflet-container").evaluate(
        """(el, view) => { for (const k of Object.keys(window)) { if (k.startsWith('map_') && window[k].setView) { window[k].setView(view, 11); } } }""",
        [lat, lon],
    )
    page.wait_for_timeout(600)  # Leaflet's zoom animation (a picture, not an assertion, depends on it)
    bends = traced.evaluate("el => el.getAttribute('d').split(/[LM]/).length")
    assert bends > 10  # in this view: a winding track, not one straight stroke between two stations
    panel = page.locator(".atlas-card")
    expect(panel).to_contain_text("Boten–Vientiane (Laos): Traced from OpenStreetMap track")
    expect(panel).to_contain_text("Kunming–Mohan (China): Drawn through its stations in order")
    page.screenshot(path=str(ARTIFACTS / f"traced_{place}.png"))


def test_luang_prabang_station_sits_on_the_track_and_says_where_it_came_from(page, app):
    # regression: the station was drawn at the town's GeoNames point, 6.4 km off the line
    open_app(page, f"{app.url}/?basemap=outline&feature=luang_prabang_station")
    wait_map_drawn(page)
    frame = map_frame(page)
    frame.locator(".leaflet-container").evaluate(
        """el => { for (const k of Object.keys(window)) { if (k.startsWith('map_') && window[k].setView) { window[k].setView([19.868, 102.213], 13); } } }"""
    )
    page.wait_for_timeout(600)  # Leaflet's zoom animation
    station = frame.locator("path.atlas-id-luang_prabang_station").first
    track = frame.locator("path.atlas-part.atlas-id-china_laos_railway")
    expect(station).to_have_count(1, timeout=TIMEOUT)
    box = station.evaluate("el => { const b = el.getBBox(); return [b.x + b.width / 2, b.y + b.height / 2]; }")
    # the nearest point of the drawn track to the marker's centre, in the map's pixels (both in one SVG)
    gap = track.evaluate(
        """(el, c) => { const n = el.getTotalLength(); let best = Infinity;
            for (let i = 0; i <= n; i += 0.5) { const p = el.getPointAtLength(i); best = Math.min(best, Math.hypot(p.x - c[0], p.y - c[1])); }
            return best; }""",
        box,
    )
    assert gap < 10  # at zoom 13 a pixel is about 18 m: under 180 m from the track (it was 6.4 km, some 350 px)
    panel = page.locator(".atlas-card")
    expect(panel).to_contain_text("At the station, from coordinates published for it")
    expect(panel).to_contain_text("Position from: French Wikipedia, “Gare de Luang Prabang”")
    page.screenshot(path=str(ARTIFACTS / "station_luang_prabang.png"))
