"""How the map draws: styles from the table Python computes, the legend, cancelled projects, decoding."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import expect

from atlas import mapview
from atlas.catalog import load_catalog
from atlas.layers import nested_index, polyline
from tests.browser.helpers import TIMEOUT, click_feature, map_frame, open_app, wait_map_drawn

CATALOG = load_catalog()

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def test_legend_starts_closed_on_a_narrow_map_and_opens_on_click(page, app):
    # regression: on a 1400-px window the open legend covered about a fifth of the map
    open_app(page, app.url)
    wait_map_drawn(page)
    frame = map_frame(page)
    legend = frame.locator("details.atlas-legend")
    expect(legend).not_to_have_attribute("open", re.compile(".*"))
    box = legend.bounding_box()
    map_box = frame.locator(".leaflet-container").bounding_box()
    assert box["width"] * box["height"] < 0.02 * map_box["width"] * map_box["height"]
    legend.locator("summary").click()
    expect(legend).to_have_attribute("open", "")
    expect(legend).to_contain_text("Under construction")


def test_cancelled_project_has_its_own_style_and_legend_row(page, app):
    open_app(page, f"{app.url}/?country=PHL")
    wait_map_drawn(page)
    path = map_frame(page).locator("path.atlas-id-mindanao_railway_phase1")
    expect(path).to_have_attribute("stroke", "#795548")
    expect(path).to_have_attribute("stroke-dasharray", "2 9")
    legend = map_frame(page).locator("details.atlas-legend")
    legend.locator("summary").click()
    expect(legend).to_contain_text("Cancelled")
    click_feature(page, "mindanao_railway_phase1")
    expect(page.locator(".atlas-card")).to_contain_text("Cancelled", timeout=TIMEOUT)
    expect(page.locator(".atlas-card")).to_contain_text("no longer pursue Chinese loans")
    page.screenshot(path=str(ARTIFACTS / "philippines_cancelled.png"))


def test_drawn_styles_come_from_the_style_table(page, app):
    open_app(page, f"{app.url}/?basemap=outline")
    wait_map_drawn(page)
    frame = map_frame(page)
    tables = frame.locator("body").evaluate("() => [window.atlasTables.styleIndex, window.atlasTables.styles]")
    want_table = json.loads(json.dumps(mapview.style_table()))
    assert tables == [nested_index(want_table["index"]), want_table["styles"]]  # the browser got what style_for computed
    table = {key: want_table["styles"][n] for key, n in want_table["index"].items()}
    cases = [
        # an existing national line (role context): thin and grey under the projects
        ("path.atlas-feature.atlas-id-thai_southern_line", "rail_corridor|operational|traced|L|context"),
        ("path.atlas-feature.atlas-id-china_laos_railway", "rail_corridor|operational|through_stations|L"),
        ("path.atlas-part.atlas-id-china_laos_railway", "rail_corridor|operational|traced|L"),
        ("path.atlas-feature.atlas-id-ecrl", "rail_corridor|under_construction|through_stations|L"),
        ("path.atlas-feature.atlas-id-mohan_station", "border_station|operational|approximate|P"),
    ]
    for selector, key in cases:
        want = table[key]
        path = frame.locator(selector).first
        expect(path).to_have_attribute("stroke", want["color"], timeout=TIMEOUT)
        expect(path).to_have_attribute("stroke-width", f"{want['weight']:g}")
        if want["dashArray"]:
            expect(path).to_have_attribute("stroke-dasharray", want["dashArray"])
        else:
            assert path.get_attribute("stroke-dasharray") is None
        if key.endswith("|P"):
            expect(path).to_have_attribute("fill", want["fillColor"])
            expect(path).to_have_attribute("fill-opacity", f"{want['fillOpacity']:g}")


def test_the_browser_decodes_what_python_encodes(page, app):
    open_app(page, f"{app.url}/?basemap=outline")
    wait_map_drawn(page)
    coords = [[102.6, 17.97], [102.61234, 17.98765], [-0.00001, 0.0], [179.99999, -89.99999]]
    decoded = map_frame(page).locator("body").evaluate("(el, s) => window.atlasDecode(s)", polyline(coords))
    assert len(decoded) == len(coords)
    assert all(abs(a - b) < 1e-5 for p, q in zip(decoded, coords, strict=True) for a, b in zip(p, q, strict=True))
    click_feature(page, "ecrl")
    expect(page.locator(".atlas-card")).to_contain_text("East Coast Rail Link")
