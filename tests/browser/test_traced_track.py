"""Browser scenario for traced track (issue 11): the Lao half of the China–Laos Railway follows OpenStreetMap."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import TIMEOUT, map_frame, open_app, set_view, wait_map_drawn

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@pytest.mark.parametrize(("place", "lat", "lon"), [("luang_prabang", 19.89, 102.15), ("vang_vieng", 18.93, 102.45)])
def test_lao_half_is_drawn_on_traced_track(page, app, place, lat, lon):
    open_app(page, f"{app.url}/?basemap=outline&feature=china_laos_railway")
    wait_map_drawn(page)
    frame = map_frame(page)
    # the traced track is OpenStreetMap data: credited even on the offline outline
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text(
        "Rail track, park outlines © OpenStreetMap contributors (ODbL) · AidData (ODC-By)"
    )
    traced = frame.locator("path.atlas-part.atlas-id-china_laos_railway")
    expect(traced).to_have_count(1, timeout=TIMEOUT)
    expect(traced).to_have_attribute("stroke-width", "4")  # traced: full width
    expect(frame.locator("path.atlas-feature.atlas-id-china_laos_railway")).to_have_attribute(
        "stroke-width", "2.5"
    )  # through stations
    # zoom the map in on the town, as a user would, and look at the line there
    set_view(page, lat, lon, 11)
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
    set_view(page, 19.868, 102.213, 13)
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


def test_morowali_park_is_drawn_with_its_outline_and_the_outline_opens_it(page, app):
    open_app(page, f"{app.url}/?basemap=outline&country=IDN")
    wait_map_drawn(page)
    frame = map_frame(page)
    outline = frame.locator("path.atlas-outline.atlas-id-morowali_industrial_park")
    expect(outline).to_have_count(1, timeout=TIMEOUT)
    expect(frame.locator(".atlas-legend")).to_contain_text("Shaded: a park's published outline (zoom in)")
    set_view(page, -2.838, 122.165, 13)
    o = outline.bounding_box()
    assert o["width"] > 150 and o["height"] > 200  # about 4 x 6 km at ~12 m a pixel: an area, not a dot
    marker = frame.locator("path.atlas-feature.atlas-id-morowali_industrial_park").bounding_box()
    cx, cy = marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] / 2
    assert o["x"] < cx < o["x"] + o["width"] and o["y"] < cy < o["y"] + o["height"]  # the point is kept, inside its outline
    # click the outline 60 px below the point (about 700 m, inside the park): the park's details open
    outline.evaluate(
        """(el, dy) => {
            const c = el.ownerDocument.querySelector("path.atlas-feature.atlas-id-morowali_industrial_park").getBoundingClientRect();
            const x = c.x + c.width / 2, y = c.y + c.height / 2 + dy;
            if (el.ownerDocument.elementFromPoint(x, y) !== el) { throw new Error("not on the outline"); }
            for (const type of ["mouseover", "mousedown", "mouseup", "click"]) {
                el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true, clientX: x, clientY: y, view: window}));
            }
        }""",
        60,
    )
    panel = page.locator(".atlas-card")
    expect(panel).to_contain_text("Indonesia Morowali Industrial Park (IMIP)", timeout=TIMEOUT)
    expect(panel).to_contain_text("At the centre of its published outline, drawn when zoomed in")
    expect(panel).to_contain_text("Position from: Centre of the outline in geo/outlines.geojson")
    page.screenshot(path=str(ARTIFACTS / "outline_morowali.png"))
