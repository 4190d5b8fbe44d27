"""Who pays, as a reader sees it: the Laos railway's details list its AidData loans with lender and amount."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.helpers import TIMEOUT, open_app, wait_map_drawn

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def test_the_laos_railway_details_show_its_loans_with_lender_and_amount(page, app):
    open_app(page, f"{app.url}/?feature=china_laos_railway&basemap=outline")
    wait_map_drawn(page)
    page.locator(".atlas-sec-finance > summary").click(timeout=TIMEOUT)  # a section the reader opens (issue 21)
    section = page.locator(".atlas-finance")
    expect(section).to_be_visible(timeout=TIMEOUT)
    expect(section).to_contain_text("not the atlas's sourced status")
    loans = section.locator("li.atlas-loan")
    expect(loans).to_have_count(2)
    # the larger loan first: its lender, its amount in constant 2021 USD and as committed, and AidData's page
    expect(loans.first).to_contain_text("China Eximbank")
    expect(loans.first).to_contain_text("$3.98B (constant 2021 USD)")
    expect(loans.first).to_contain_text("($3.54B as committed)")
    expect(loans.nth(1)).to_contain_text("$566.79M (constant 2021 USD)")
    expect(loans.nth(1).locator("a")).to_have_attribute("href", "https://china.aiddata.org/projects/33726")
    expect(section).to_contain_text("AidData GCDF 3.0")
    section.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "who_pays_laos.png"))
