"""Browser scenario for the Journeys page (issues 14 and 18): two answers side by side — the ride at the end of the
year and the path once every line is built — each drawn on its own map; the link restoring it; Chinese; an unknown
name; a sea crossing; a box that takes no more than the link keeps."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.helpers import IDLE, TIMEOUT, open_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
MAP = 'iframe[title="streamlit_folium.st_folium"]'


def maps(page):
    """The ride map (first) and the built map (second)."""
    frames = page.frame_locator(MAP)
    return frames.nth(0), frames.nth(1)


def test_journey_page_draws_both_answers_and_the_link_restores_it(page, app):
    # a deep link as a first request: the page still gets the sidebar and reads from/to/year
    open_app(page, f"{app.url}/journeys?basemap=outline&from=Kunming&to=Bangkok&year=2025")
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1")).to_have_text("Journeys across the network", timeout=TIMEOUT)
    expect(main).to_contain_text("Kunming South station → Bangkok, at the end of 2025")
    expect(main).to_contain_text("Ride at the end of the year")
    expect(main).to_contain_text("Once every announced line is built")
    ride, built = maps(page)
    # the ride: China–Laos, Thai–Lao, the open metre-gauge Northeastern Line; all open
    expect(ride.locator("path.atlas-journey-rail")).to_have_count(3, timeout=TIMEOUT)
    expect(ride.locator("path.atlas-journey-rail.atlas-journey-open")).to_have_count(3)
    # once built: China–Laos, Thai–Lao, the two high-speed phases
    expect(built.locator("path.atlas-journey-rail")).to_have_count(4, timeout=TIMEOUT)
    expect(built.locator("path.atlas-journey-missing")).to_have_count(1)  # Vientiane station – Khamsavath: no line
    expect(ride.locator("path.atlas-journey-open").first).to_have_attribute("stroke", "#2e7d32")
    expect(built.locator("path.atlas-journey-missing")).to_have_attribute("stroke-dasharray", "6 8")
    # the legend is the journey's own: its groups, not the atlas's kinds
    legend = main.locator(".atlas-journey-legend")
    expect(legend).to_contain_text("State unknown that year")
    expect(legend).to_contain_text("sea crossing (no rail link)")
    expect(legend).not_to_contain_text("Industrial park")
    expect(main.locator('[data-testid="stDataFrame"]')).to_have_count(2)
    expect(main).to_contain_text("Not open yet")
    expect(main).to_contain_text(
        "Thailand–China high-speed railway, phase 2 (Nakhon Ratchasima–Nong Khai): planned at the end of 2025, expected to open 2031"
    )
    page.wait_for_timeout(800)  # the maps' fit to the paths: a picture, not an assertion, depends on it
    page.screenshot(path=str(ARTIFACTS / "journey_kunming_bangkok.png"))
    page.locator(MAP).first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "journey_kunming_bangkok_maps.png"))

    # type another end, as a user would: the page and the address bar follow
    box = page.get_by_role("textbox", name="To", exact=True)
    box.fill("Jakarta")
    box.press("Enter")
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    expect(main).to_contain_text("Kunming South station → Halim station (Whoosh)", timeout=TIMEOUT)
    expect(page).not_to_have_url(re.compile(r"to=Bangkok"))
    ride, built = maps(page)
    expect(ride.locator("path.atlas-journey-sea").first).to_be_visible(timeout=TIMEOUT)  # named and drawn over water
    expect(main).to_contain_text("sea crossing, no rail link in the data")
    page.wait_for_timeout(800)
    page.locator(MAP).first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "journey_kunming_jakarta_maps.png"))
    page.reload()
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    expect(page.get_by_role("textbox", name="To", exact=True)).to_have_value("Jakarta", timeout=TIMEOUT)

    # 100,000 characters typed: the box takes at most 80 (the rest is refused), so the address bar never holds
    # more than the 80 a link is read with (issue 19); a longer link is shortened with a notice
    box = page.get_by_role("textbox", name="To", exact=True)
    box.fill("z" * 100_000)
    box.press("Enter")
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    assert len(box.input_value()) <= 80 and len(page.url) < 400, len(page.url)
    open_app(page, f"{app.url}/journeys?basemap=outline&from=Kunming&to={'z' * 5000}")
    expect(page.locator('[data-testid="stAlert"]').first).to_contain_text("longer than 80 characters", timeout=TIMEOUT)
    expect(main).to_contain_text("No station or place called")
    assert len(page.url) < 400, len(page.url)


def test_journey_page_in_chinese_and_an_unknown_name(page, app):
    open_app(page, f"{app.url}/journeys?basemap=outline&lang=zh&from=昆明&to=万象")
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1")).to_have_text("跨网络行程", timeout=TIMEOUT)
    expect(main).to_contain_text("全程开通时间")
    expect(main).to_contain_text("已全程开通")
    ride, built = maps(page)
    expect(ride.locator("path.atlas-journey-rail")).to_have_count(1, timeout=TIMEOUT)
    expect(built.locator("path.atlas-journey-rail")).to_have_count(1, timeout=TIMEOUT)
    page.locator(MAP).first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "journey_zh.png"))
    box = page.get_by_role("textbox", name="目的地", exact=True)
    box.fill("Vientianne")
    box.press("Enter")
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    expect(main.locator('[data-testid="stAlert"]').first).to_contain_text("网络上没有名为", timeout=TIMEOUT)
    expect(main).to_contain_text("Vientiane")  # the closest names
    # the same place twice: a notice in Chinese, not the error page
    box.fill("昆明")
    box.press("Enter")
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    expect(main.locator('[data-testid="stAlert"]').first).to_contain_text("出发地与目的地相同", timeout=TIMEOUT)
