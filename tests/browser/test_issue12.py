"""Browser scenarios for issue 12: the third language, the builder/financier filter, and the
map drawn by atlas/static/atlas-layers.js from the style table style_for computes."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from atlas import i18n, mapview
from atlas.catalog import load_catalog
from atlas.filters import Selection, apply, describe
from atlas.layers import nested_index, polyline
from tests.browser.helpers import TIMEOUT, click_feature, expect_feature_count, map_frame, open_app, wait_map_drawn

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CATALOG = load_catalog()


def test_indonesian_interface(page, app):
    open_app(page, f"{app.url}/?lang=id&basemap=outline&feature=china_laos_railway")
    wait_map_drawn(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    for key in ("sb.filters", "sb.country", "sb.kind", "sb.builder", "sb.financier", "sb.year", "basemap.outline"):
        expect(sidebar).to_contain_text(i18n.t(key, "id"))
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1")).to_have_text("Atlas Konektivitas Tiongkok–ASEAN")
    expect(main).to_contain_text("Semua proyek — 105 dari 105 fitur di peta.")
    expect(main).to_contain_text("Km rel beroperasi")
    expect(main).to_contain_text("Penumpang diangkut")
    panel = page.locator(".atlas-card")
    expect(panel).to_contain_text("Koridor rel · Tiongkok dan Laos")
    expect(panel).to_contain_text("Beroperasi")
    expect(panel).to_contain_text("Boten–Vientiane (Laos): Ditelusuri dari rel OpenStreetMap")
    expect(panel).to_contain_text("Dibangun / dioperasikan oleh")
    legend = map_frame(page).locator(".atlas-legend")
    expect(legend).to_contain_text("Legenda")
    expect(legend).to_contain_text("Koridor rel")
    expect(legend).to_contain_text("Dalam pembangunan")
    expect(map_frame(page).locator(".leaflet-control-attribution")).to_contain_text("kontributor OpenStreetMap")
    page.screenshot(path=str(ARTIFACTS / "indonesian_map.png"), full_page=True)

    page.get_by_role("link", name="Kemajuan").click()
    expect(page.locator('[data-testid="stMain"] h1')).to_have_text("Kemajuan")
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts.first).to_be_visible(timeout=TIMEOUT)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("Km rel menurut negara dan status")
    # the km chart's legend: status groups in Indonesian
    expect(charts.first).to_contain_text("dalam pembangunan", timeout=TIMEOUT)
    expect(charts.first).to_contain_text("1.000")  # Indonesian thousands separator on the km axis
    expect(charts.nth(1)).to_contain_text("Okt 2024")  # month names from CLDR on the time axis
    page.screenshot(path=str(ARTIFACTS / "indonesian_progress.png"), full_page=True)


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "All projects, financed by China Development Bank"),
        ("zh", "全部项目，融资方：China Development Bank"),
        ("id", "Semua proyek, dibiayai oleh China Development Bank"),
    ],
)
def test_financier_link_filters_map_tables_and_downloads(page, app, lang, sentence):
    shown = apply(CATALOG, Selection(financier=("China Development Bank",)))
    open_app(page, f"{app.url}/?lang={lang}&basemap=outline&financier=China%20Development%20Bank")
    wait_map_drawn(page)
    expect_feature_count(page, len(shown.features))
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(sentence)
    page.get_by_role("link", name=i18n.t("nav.projects", lang)).click()
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(sentence)
    with page.expect_download() as dl:
        page.get_by_role("button", name=i18n.t("projects.csv", lang)).click()
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == list(shown.features["id"])
    assert all("China Development Bank" in r["financiers"] for r in rows)
    if lang == "id":
        page.screenshot(path=str(ARTIFACTS / "financier_filter_id.png"), full_page=True)


def test_builder_picked_in_the_sidebar_goes_into_the_link(page, app):
    builder = "China State Railway Group (operator)"
    open_app(page, f"{app.url}/?basemap=outline")
    wait_map_drawn(page)
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Builder or operator")
    box.click()
    page.get_by_role("option", name=builder).click()
    page.keyboard.press("Escape")
    expect_feature_count(page, 1)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("All projects, built or operated by " + builder)
    expect(page).to_have_url(re.compile(r"builder=China(\+|%20)State(\+|%20)Railway(\+|%20)Group"), timeout=TIMEOUT)


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


@pytest.mark.parametrize("lang", sorted(i18n.LANGS))
def test_filter_click_and_clear_in_every_language(page, app, lang):
    sel = Selection(country=("MYS",))
    shown = apply(CATALOG, sel)
    open_app(page, f"{app.url}/?lang={lang}&basemap=outline&country=MYS")
    wait_map_drawn(page)
    expect_feature_count(page, len(shown.features))
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(describe(sel, lang))
    click_feature(page, "ecrl")
    panel = page.locator(".atlas-card")
    expect(panel).to_contain_text(i18n.kinds(lang)["rail_corridor"] + " · " + i18n.countries(lang)["MYS"])
    expect(panel).to_contain_text(i18n.statuses(lang)["under_construction"])
    expect(panel).to_contain_text(i18n.t("details.figures", lang))
    page.get_by_role("button", name=i18n.t("sb.clear", lang)).click()
    expect_feature_count(page, len(CATALOG.features))
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(i18n.t("describe.all", lang))
