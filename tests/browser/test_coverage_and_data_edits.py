"""What the data covers on screen (every ASEAN member, Cambodia's zone) and a data edit showing without a restart."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from atlas.catalog import load_catalog
from tests.browser.helpers import TIMEOUT, expect_feature_count, map_frame, open_app, wait_map_drawn

CATALOG = load_catalog()


def _count(code: str) -> int:
    return int(CATALOG.features["countries"].map(lambda cs: code in cs).sum())


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
