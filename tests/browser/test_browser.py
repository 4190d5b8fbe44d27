"""Everything a user clicks, in a real Chromium, with the internet blocked."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from atlas import i18n
from atlas.catalog import load_catalog
from atlas.filters import Selection, apply
from tests.browser.helpers import (
    IDLE,
    TIMEOUT,
    choose,
    click_feature,
    expect_feature_count,
    map_frame,
    open_app,
    wait_map_drawn,
)
from tests.conftest import MALAYSIA_IDS, feature, link_second_article, write_data

CATALOG = load_catalog()
TILE_HOSTS = re.compile(r"^https://[abc]\.basemaps\.cartocdn\.com/")


def details(page):
    return page.locator('[data-testid="stColumn"]').filter(has=page.locator(".atlas-card")).first


@pytest.mark.smoke
def test_map_draws_every_feature_offline(page, app, watch):
    open_app(page, app.url)
    wait_map_drawn(page)
    expect_feature_count(page, len(CATALOG.features))
    # the country outline is drawn under the features, so the map reads without tiles
    assert map_frame(page).locator("path.atlas-country").count() > 10
    # Leaflet came from our server: the only requests blocked are map tiles
    assert watch.blocked, "expected the tile requests to be tried and blocked"
    assert all(TILE_HOSTS.match(u) for u in watch.blocked), [u for u in watch.blocked if not TILE_HOSTS.match(u)]
    assert watch.errors == []
    expect(map_frame(page).locator(".atlas-legend")).to_contain_text("Under construction")


@pytest.mark.smoke
def test_click_china_laos_railway_shows_details(page, app):
    open_app(page, app.url)
    wait_map_drawn(page)
    click_feature(page, "china_laos_railway")
    panel = page.locator(".atlas-card")
    expect(panel.locator("h3")).to_have_text("China–Laos Railway (Kunming–Vientiane)", timeout=TIMEOUT)
    expect(panel).to_contain_text("carried over 16 million passengers and transported over 16 million tons of goods")
    expect(panel).to_contain_text("Peng Nian")
    expect(page).to_have_url(re.compile(r"feature=china_laos_railway"))
    # the selected line is outlined on the map without remounting it
    expect(map_frame(page).locator("path.atlas-highlight")).to_have_count(1, timeout=TIMEOUT)


def test_malaysia_filter_leaves_only_malaysian_features(page, app):
    open_app(page, app.url)
    wait_map_drawn(page)
    km_open = page.locator('[data-testid="stMetric"]').filter(has_text="Rail km open")
    before = km_open.locator('[data-testid="stMetricValue"]').inner_text()
    choose(page, "Country", "Malaysia (MYS)")
    expect_feature_count(
        page, len(MALAYSIA_IDS)
    )  # the ECRL and its 8 stations, MCKIP, Kuantan Port, Melaka Gateway, Gemas–JB, KTM
    for fid in ("ecrl", "mckip", "kuantan_port", "melaka_gateway", "gemas_jb_edtp", "kota_bharu_ecrl_station"):
        # one feature each (a line drawn in parts adds atlas-part paths, Gemas–Johor Bahru has two)
        expect(map_frame(page).locator(f"path.atlas-feature.atlas-id-{fid}")).to_have_count(1)
    expect(map_frame(page).locator("path.atlas-part.atlas-id-gemas_jb_edtp")).to_have_count(2)
    expect(map_frame(page).locator("path.atlas-id-china_laos_railway")).to_have_count(0)
    expect(km_open.locator('[data-testid="stMetricValue"]')).not_to_have_text(before)
    expect(page).to_have_url(re.compile(r"country=MYS"))


@pytest.mark.parametrize("lang", sorted(i18n.LANGS))
def test_url_restores_filter_and_selection(page, app, lang):
    open_app(page, f"{app.url}/?country=IDN&feature=jakarta_bandung_hsr&lang={lang}")
    wait_map_drawn(page)
    expect_feature_count(page, len(CATALOG.features[CATALOG.features["countries"].map(lambda c: "IDN" in c)]))
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(f"{i18n.countries(lang)['IDN']} (IDN)")
    expect(page.locator(".atlas-card h3")).to_have_text(CATALOG.name_of("jakarta_bandung_hsr", lang), timeout=TIMEOUT)
    expect(page.locator(".atlas-card")).to_contain_text("5.79 million passengers")  # the quote, in its own language


@pytest.mark.parametrize("lang", sorted(i18n.LANGS))
def test_unknown_url_values_are_ignored_with_a_notice(page, app, watch, lang):
    open_app(page, f"{app.url}/?country=XYZ&status=%3Cscript%3Ealert(1)%3C/script%3E&lang={lang}")
    wait_map_drawn(page)
    notice = i18n.t("notice.value", lang, what=i18n.t("sb.country", lang).lower(), values="XYZ")
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(notice.rstrip("."))
    expect_feature_count(page, len(CATALOG.features))
    assert watch.dialogs == []


def test_sources_page_feature_link_opens_it_on_the_map(page, app):
    open_app(page, f"{app.url}/sources")
    page.locator("a", has_text="Jakarta–Bandung high-speed railway (Whoosh)").first.click()
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"feature=jakarta_bandung_hsr"))
    expect(page.locator(".atlas-card h3")).to_have_text("Jakarta–Bandung high-speed railway (Whoosh)", timeout=TIMEOUT)
    wait_map_drawn(page)
    expect(map_frame(page).locator("path.atlas-highlight")).to_have_count(1, timeout=TIMEOUT)


def test_markup_in_data_is_shown_as_text(page, make_app, tmp_path, watch):
    evil = "<img src=x onerror=alert(1)>"
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("evil_line", name=evil, countries=["LAO"])]})
    server = make_app(root)
    open_app(page, server.url)
    wait_map_drawn(page)
    frame = map_frame(page)
    frame.locator("path.atlas-id-evil_line").hover()
    expect(frame.locator(".leaflet-tooltip")).to_contain_text(evil)
    click_feature(page, "evil_line")
    expect(frame.locator(".leaflet-popup-content")).to_contain_text(evil)
    expect(page.locator(".atlas-card h3")).to_have_text(evil, timeout=TIMEOUT)
    assert frame.locator("img[src='x']").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert watch.dialogs == []


def test_broken_layer_shows_banner_and_the_rest(page, make_app, data_copy_dir):
    (data_copy_dir / "geo" / "ports.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    server = make_app(data_copy_dir)
    open_app(page, server.url)
    wait_map_drawn(page)
    expect(page.locator('[data-testid="stAlert"]').first).to_contain_text(re.compile(r"\d+ problems? in the data"))
    n_ports = int((CATALOG.features["kind"] == "port").sum())
    expect_feature_count(page, len(CATALOG.features) - n_ports)
    expect(page.locator("body")).not_to_contain_text("Traceback")
    page.get_by_text("Show the data problems").click()
    expect(page.locator("body")).to_contain_text("data/geo/ports.geojson: (file): (file): expected valid JSON")


def test_projects_csv_holds_exactly_the_rows_shown(page, app):
    open_app(page, f"{app.url}/projects?country=MYS,LAO&kind=rail_corridor,industrial_park")
    expect(page.get_by_text(re.compile(r"— \d+ features\."))).to_be_visible(timeout=TIMEOUT)
    shown = int(re.search(r"— (\d+) features\.", page.locator("body").inner_text()).group(1))
    grid = page.locator('[data-testid="stDataFrame"]')
    expect(grid).to_be_visible()
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    expected = {
        "china_laos_railway",
        "thailand_laos_railway",
        "vientiane_vung_ang_railway",
        "ecrl",
        "gemas_jb_edtp",
        "ktm_west_coast_line",
        "mckip",
        "saysettha_zone",
        "boten_sez",
        "golden_triangle_sez",
    }
    assert {r["id"] for r in rows} == expected
    assert len(rows) == shown == len(expected)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download GeoJSON").click()
    doc = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert {f["id"] for f in doc["features"]} == expected


@pytest.mark.parametrize("lang", sorted(i18n.LANGS))
def test_related_feature_button_jumps_to_it(page, app, lang):
    open_app(page, f"{app.url}/?feature=china_laos_railway&lang={lang}")
    wait_map_drawn(page)
    expect(page.locator(".atlas-card h3")).to_have_text(CATALOG.name_of("china_laos_railway", lang), timeout=TIMEOUT)
    page.get_by_role("button", name=CATALOG.name_of("mohan_station", lang), exact=True).click()
    expect(page.locator(".atlas-card h3")).to_have_text(CATALOG.name_of("mohan_station", lang), timeout=TIMEOUT)
    expect(page.locator(".atlas-card")).to_contain_text("Mohan station" if lang == "zh" else "磨憨站")  # the other name
    expect(page).to_have_url(re.compile(r"feature=mohan_station"))
    expect(map_frame(page).locator("path.atlas-highlight")).to_have_count(1, timeout=TIMEOUT)
    page.get_by_role("button", name=i18n.t("details.clear", lang)).click()
    expect(page.get_by_text(i18n.t("details.hint", lang))).to_be_visible(timeout=TIMEOUT)
    expect(page).not_to_have_url(re.compile(r"feature="))


def test_sources_page_highlights_mentions_and_marks_unreviewed(page, make_app, data_copy_dir):
    assert link_second_article(data_copy_dir, "atlas_test_second") == 0
    server = make_app(data_copy_dir)
    open_app(page, f"{server.url}/sources")
    card = page.locator(".atlas-card").filter(has_text="Rails across the Mekong")
    expect(card.locator(".atlas-badge.unreviewed")).to_have_text("unreviewed")
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="not reviewed yet")).to_be_visible()
    # newest first: the new source (2026) comes before the article of 2024
    assert page.locator(".atlas-card h3").first.inner_text().startswith("Rails across the Mekong")
    card.locator("a.atlas-mention", has_text="雅万高铁").click()
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    expect(page.locator(".atlas-card h3")).to_have_text("Jakarta–Bandung high-speed railway (Whoosh)", timeout=TIMEOUT)
    expect(page.locator(".atlas-card")).to_contain_text("unreviewed")


def test_downloaded_map_opens_offline(page, app, browser, tmp_path):
    open_app(page, f"{app.url}/projects?country=MYS")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download this map (HTML, works offline)").click()
    path = tmp_path / "atlas_map.html"  # the browser opens a file by its extension
    dl.value.save_as(path)
    offline = browser.new_page()
    blocked: list[str] = []
    offline.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else (blocked.append(r.request.url), r.abort())
    )
    offline.goto(path.as_uri())
    expect(offline.locator("path.atlas-feature")).to_have_count(len(MALAYSIA_IDS), timeout=TIMEOUT)
    assert offline.locator("path.atlas-country").count() > 10
    assert all(TILE_HOSTS.match(u) for u in blocked), blocked  # nothing but tiles was asked for
    offline.close()


def test_offline_outline_basemap_and_time_slider(page, app, watch):
    open_app(page, f"{app.url}/?basemap=outline")
    wait_map_drawn(page)
    expect_feature_count(page, len(CATALOG.features))
    labels = map_frame(page).locator(".atlas-country-label")
    expect(labels.filter(has_text="Laos")).to_have_count(1)
    assert labels.count() >= 10
    assert watch.blocked == []  # outline mode asks nothing of the internet, not even tiles
    # the time slider: the network at the end of 2018
    open_app(page, f"{app.url}/?basemap=outline&year=2018")
    # the features some source gives a state for at the end of 2018, the century-old main lines included
    expect_feature_count(page, len(apply(CATALOG, Selection(year=2018)).features))
    expect(page.get_by_text("as at the end of 2018")).to_be_visible()
    expect(map_frame(page).locator("path.atlas-id-china_laos_railway")).to_have_count(0)  # opened in 2021


def test_chinese_interface(page, app):
    open_app(page, f"{app.url}/?lang=zh&feature=china_laos_railway&country=LAO")
    wait_map_drawn(page)
    expect(page.locator("h1").first).to_have_text("中国—东盟互联互通地图")
    sidebar = page.locator('[data-testid="stSidebar"]')
    for text in ("筛选", "国家", "项目类型", "状态", "底图"):
        expect(sidebar).to_contain_text(text)
    expect(page.locator(".atlas-card h3")).to_have_text("中老铁路", timeout=TIMEOUT)
    expect(page.locator(".atlas-card")).to_contain_text("运营中")
    # excerpts stay in the language of their source
    expect(page.locator(".atlas-card")).to_contain_text("carried over 16 million passengers")
    expect(map_frame(page).locator(".atlas-legend")).to_contain_text("在建")
    # the switch is in the URL, and back to English
    expect(sidebar).to_contain_text("老挝 (LAO)")
    page.get_by_text("English", exact=True).click()
    expect(page.locator("h1").first).to_have_text("China–ASEAN Connectivity Atlas", timeout=TIMEOUT)
    expect(page).not_to_have_url(re.compile(r"lang=zh"))
    expect(sidebar).to_contain_text("Laos (LAO)")  # the filter survives the switch, relabelled
