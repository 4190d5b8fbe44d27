"""Browser scenario for the Journeys page (issue 14): the path drawn, the link restoring it, Chinese."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.helpers import IDLE, TIMEOUT, map_frame, open_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
MAP = 'iframe[title="streamlit_folium.st_folium"]'


def test_journey_page_draws_the_path_and_the_link_restores_it(page, app):
    # a deep link as a first request: the page still gets the sidebar and reads from/to/year
    open_app(page, f"{app.url}/journeys?basemap=outline&from=Kunming&to=Bangkok&year=2025")
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1")).to_have_text("Journeys across the network", timeout=TIMEOUT)
    expect(main).to_contain_text("Kunming South station → Bangkok, at the end of 2025")
    frame = map_frame(page)
    expect(frame.locator("path.atlas-journey-rail")).to_have_count(4, timeout=TIMEOUT)  # China–Laos, Thai–Lao, two Thai phases
    expect(frame.locator("path.atlas-journey-missing")).to_have_count(1)  # Vientiane station – Khamsavath: no line
    expect(frame.locator("path.atlas-journey-open").first).to_have_attribute("stroke", "#2e7d32")
    expect(frame.locator("path.atlas-journey-missing")).to_have_attribute("stroke-dasharray", "6 8")
    table = main.locator('[data-testid="stDataFrame"]')
    expect(table).to_be_visible()
    expect(main).to_contain_text("Not open yet")
    expect(main).to_contain_text(
        "Thailand–China high-speed railway, phase 2 (Nakhon Ratchasima–Nong Khai): planned at the end of 2025, expected to open 2030"
    )
    page.screenshot(path=str(ARTIFACTS / "journey_kunming_bangkok.png"))
    main.locator('[data-testid="stVegaLiteChart"]').scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "journey_kunming_bangkok_chart.png"))

    # type another end, as a user would: the page and the address bar follow
    box = page.get_by_role("textbox", name="To", exact=True)
    box.fill("Singapore")
    box.press("Enter")
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    expect(main).to_contain_text("Kunming South station → Singapore", timeout=TIMEOUT)
    expect(page).not_to_have_url(re.compile(r"to=Bangkok"))
    expect(map_frame(page).locator("path.atlas-journey-missing").first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(800)  # the map's fit to the new path: a picture, not an assertion, depends on it
    page.screenshot(path=str(ARTIFACTS / "journey_kunming_singapore.png"))
    page.reload()
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    expect(page.get_by_role("textbox", name="To", exact=True)).to_have_value("Singapore", timeout=TIMEOUT)


def test_journey_page_in_chinese_and_an_unknown_name(page, app):
    open_app(page, f"{app.url}/journeys?basemap=outline&lang=zh&from=昆明&to=万象")
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1")).to_have_text("跨网络行程", timeout=TIMEOUT)
    expect(main).to_contain_text("全程开通时间")
    expect(main).to_contain_text("已全程开通")
    expect(map_frame(page).locator("path.atlas-journey-rail")).to_have_count(1, timeout=TIMEOUT)
    page.screenshot(path=str(ARTIFACTS / "journey_zh.png"))
    box = page.get_by_role("textbox", name="目的地", exact=True)
    box.fill("Vientianne")
    box.press("Enter")
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    expect(main.locator('[data-testid="stAlert"]').first).to_contain_text("网络上没有名为", timeout=TIMEOUT)
    expect(main).to_contain_text("Vientiane")  # the closest names
