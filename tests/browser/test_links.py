"""Links a reader shares: values shown as text, filters that go into the link and come back out of it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from atlas import i18n
from atlas.catalog import load_catalog
from atlas.filters import Selection, apply
from tests.browser.helpers import TIMEOUT, expect_feature_count, open_app, wait_map_drawn

CATALOG = load_catalog()

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


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
    # a source names it as financier, or AidData records it as lender of the feature's aiddata_ids
    assert all("China Development Bank" in r["financiers"] + r["aiddata_lenders"] for r in rows)
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
