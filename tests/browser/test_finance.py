"""Who pays, as a reader sees it: the Laos railway's details list its AidData loans with lender and amount, and the
map's finance layer, turned on, draws AidData's projects the filters select, with its legend and popups."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from atlas.catalog import load_catalog
from atlas.filters import Selection, finance_shown
from tests.browser.helpers import IDLE, TIMEOUT, map_frame, open_app, set_view, wait_map_drawn

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CATALOG = load_catalog()


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


def finance_circles(page):
    return map_frame(page).locator("path.atlas-finance")


def click_circle(page, aiddata_id: int) -> None:
    """Click the middle of a finance circle as a mouse would (events on its own path: other layers may overlap it)."""
    circle = map_frame(page).locator(f"path.atlas-finance-{aiddata_id}")
    circle.wait_for(timeout=TIMEOUT)
    circle.evaluate(
        """el => {
            const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
            for (const type of ['mouseover', 'mousedown', 'mouseup', 'click']) {
                el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true, clientX: x, clientY: y, view: window}));
            }
        }"""
    )


def test_the_finance_layer_toggled_on_for_laos_by_2019_draws_its_projects_with_legend_and_popup(page, app):
    # the year control is one slider (atlas/timeline.py): 2019 keeps AidData's commitments made by the end of 2019
    selected = finance_shown(CATALOG, Selection(country=("LAO",), year=2019))
    located = selected[selected.geometry.notna()]
    open_app(page, f"{app.url}/?country=LAO&year=2019&basemap=outline")
    # no atlas feature in Laos has a status dated by the end of 2019: the map draws the outline alone
    map_frame(page).locator("path.atlas-country").first.wait_for(timeout=TIMEOUT)
    expect(finance_circles(page)).to_have_count(0)  # off by default
    expect(map_frame(page).locator(".atlas-finance-legend")).to_have_count(0)

    page.locator('[data-testid="stSidebar"]').get_by_text("Chinese finance (AidData, 2000–2021)").click()
    expect(page).to_have_url(re.compile(r"[?&]finance=1\b"), timeout=TIMEOUT)
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    expect(finance_circles(page)).to_have_count(len(located), timeout=TIMEOUT)  # 27 of Laos's 198: GeoGCDF locates them
    legend = map_frame(page).locator(".atlas-finance-legend")
    # the layer's scope is said even while its legend is closed (it starts closed on a map this narrow)
    expect(legend.locator("summary")).to_contain_text("AidData's commitments to 2021 — not the atlas's sourced statuses.")
    legend.locator("summary").click()
    expect(legend).to_have_attribute("open", "")
    expect(legend).to_contain_text(f"{len(located)} of {len(selected)} selected projects have a location in GeoGCDF")
    expect(legend).to_contain_text("Transport and storage")
    expect(legend).to_contain_text("Circle area ∝ amount committed (constant 2021 USD)")
    set_view(page, 19.0, 103.5, 6)
    page.screenshot(path=str(ARTIFACTS / "finance_layer_laos_2019_legend.png"))
    legend.locator("summary").click()  # closed again: the popup below is not under it

    click_circle(page, 85304)  # AidData's China–Laos Railway loan, committed in 2019
    popup = map_frame(page).locator(".atlas-finance-popup")
    expect(popup).to_be_visible(timeout=TIMEOUT)
    expect(popup).to_contain_text("China Eximbank provides $3.54 billion of debt financing for China-Laos Railway Project")
    expect(popup).to_contain_text("Financed by: China Eximbank")
    expect(popup).to_contain_text("$3.98B (constant 2021 USD)")
    expect(popup).to_contain_text("committed in 2019")
    expect(popup).to_contain_text("AidData's status: Completion")
    expect(popup.locator("a")).to_have_attribute("href", "https://china.aiddata.org/projects/85304")
    page.screenshot(path=str(ARTIFACTS / "finance_layer_laos_2019_popup.png"))
    # the layer control hides the layer and its legend in the page, without a rerun
    frame = map_frame(page)
    frame.locator(".leaflet-control-layers").hover()
    frame.locator(".leaflet-control-layers-overlays label").filter(has_text=f"(AidData, 2000–2021) ({len(located)})").locator(
        "input"
    ).uncheck()
    expect(finance_circles(page)).to_have_count(0)
    expect(frame.locator(".atlas-finance-legend")).to_have_count(0)
