"""Browser scenarios for the atlas as of today (issue 10): current figures, every ASEAN member, cancelled projects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from atlas.catalog import load_catalog
from tests.browser.helpers import TIMEOUT, click_feature, expect_feature_count, map_frame, open_app, wait_map_drawn

CATALOG = load_catalog()
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def _count(code: str) -> int:
    return int(CATALOG.features["countries"].map(lambda cs: code in cs).sum())


def test_headline_shows_2025_2026_figures_with_dates(page, app):
    open_app(page, app.url)
    wait_map_drawn(page)
    tiles = page.locator('[data-testid="stMetric"]')
    passengers = tiles.filter(has_text="Passengers carried")
    expect(passengers.locator('[data-testid="stMetricValue"]')).to_contain_text("M")
    # the newest passenger figure is dated December 2025 (China–Laos, Xinhua); the km under construction March 2026 (ECRL)
    expect(page.get_by_text("as of 2025-12-02").first).to_be_visible()
    expect(page.get_by_text("as of 2026-03-16").first).to_be_visible()
    caption = page.get_by_text(re.compile(r"features have a source from the last 18 months"))
    expect(caption).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "headline_2026.png"))


def test_cambodia_shows_the_sihanoukville_zone(page, app):
    open_app(page, f"{app.url}/?country=KHM&feature=sihanoukville_sez")
    wait_map_drawn(page)
    expect_feature_count(page, _count("KHM"))
    expect(map_frame(page).locator("path.atlas-id-sihanoukville_sez")).to_have_count(1)
    card = page.locator(".atlas-card")
    expect(card.locator("h3")).to_have_text("Sihanoukville Special Economic Zone (SSEZ)", timeout=TIMEOUT)
    expect(card).to_contain_text("more than 200 enterprises")
    expect(card).to_contain_text("Newest source: 2025-05-23")


@pytest.mark.parametrize(("code", "fid"), [("BRN", "muara_port"), ("PHL", "subic_clark_railway"), ("TLS", "tibar_bay_port")])
def test_every_asean_member_shows_something(page, app, code, fid):
    open_app(page, f"{app.url}/?country={code}")
    wait_map_drawn(page)
    n = _count(code)
    assert n >= 1
    expect_feature_count(page, n)
    expect(map_frame(page).locator(f"path.atlas-id-{fid}")).to_have_count(1)


def test_a_filter_with_nothing_recorded_says_so(page, app):
    open_app(page, f"{app.url}/?country=TLS&kind=rail_corridor")
    expect(page.get_by_text("No feature matches these filters")).to_be_visible(timeout=TIMEOUT)


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
