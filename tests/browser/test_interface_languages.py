"""The interface in each language: Chinese glyphs, Indonesian, chart axes, filters clicked and cleared."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from atlas import i18n
from atlas.catalog import load_catalog
from atlas.filters import Selection, apply, describe
from tests.browser.helpers import TIMEOUT, click_feature, expect_feature_count, map_frame, open_app, wait_map_drawn

CATALOG = load_catalog()

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


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
