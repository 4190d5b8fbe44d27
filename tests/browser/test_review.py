"""Editor mode in Chromium: accepting a proposal on the Review page changes the data (still valid), and
the What's new page, the details panel and the served Atom feed show the change."""

from __future__ import annotations

import json
import urllib.request
import xml.etree.ElementTree as ET

from playwright.sync_api import expect

from atlas import assets, changelog
from atlas.catalog import load_catalog
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import IDLE, TIMEOUT, open_app
from tests.conftest import REPO, frozen_data

SINA = "sina_2026_01_04_zhonglao_2025_full_year"
LABELS = json.loads((REPO / "tests" / "articles" / "real" / "labels.json").read_text(encoding="utf-8"))[SINA]
SENTENCE = next(s for s, _ in LABELS["sentences"] if "1951万" in s)  # names the line and its 2025 passengers


def _inbox(data_dir) -> None:
    doc = {
        "sources": [
            {"id": SINA, "url": LABELS["url"], "title": "中老铁路客货运量强劲增长", "outlet": LABELS["outlet"], "author": None,
             "published": LABELS["published"], "language": "zh"}
        ],
        "proposals": [
            {"id": f"{SINA}:1", "type": "figure", "source_id": SINA, "feature_id": "china_laos_railway", "text": SENTENCE,
             "metric": "passengers", "value": 19510000, "unit": "passengers", "qualifier": None,
             "period_start": "2025-01-01", "as_of": "2025-12-31", "repeat": False}
        ],
    }  # fmt: skip
    (data_dir / "inbox").mkdir(exist_ok=True)
    (data_dir / "inbox" / f"{SINA}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_review_page_accepts_a_proposal_and_the_change_shows(page, make_app, tmp_path, monkeypatch):
    data_copy_dir = frozen_data(tmp_path / "data")  # the data before the December update: the Sina figure is new to it
    _inbox(data_copy_dir)
    log = data_copy_dir / "changes.csv"  # start from an empty log: the feed and What's new then hold this change only
    log.write_text(log.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    facts_before = (data_copy_dir / "facts.csv").read_text(encoding="utf-8")
    monkeypatch.setenv("ATLAS_EDITOR", "1")  # `make edit`: the flag and a server on this machine only
    monkeypatch.setenv("STREAMLIT_SERVER_ADDRESS", "127.0.0.1")
    server = make_app(data_copy_dir)
    try:
        open_app(page, f"{server.url}/review")
        expect(page.get_by_role("heading", name="Review proposals")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("1951万人次", exact=False).first).to_be_visible()
        expect(page.get_by_text("19510000 passengers (2025-12-31)")).to_be_visible()
        accept, apply = page.get_by_text("accept", exact=True), page.get_by_role("button", name="Apply the accepted proposals")
        expect(apply).to_be_visible(timeout=TIMEOUT)
        accept.click()
        page.locator(IDLE).wait_for(timeout=TIMEOUT)
        page.screenshot(path=str(ARTIFACTS / "review-proposal.png"), full_page=True)
        apply.click()
        done = page.get_by_text(f"Applied: wrote sources/{SINA}.json, facts.csv, changes.csv.")
        expect(done).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("The inbox is empty: nothing to review.")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "review-applied.png"), full_page=True)

        # the data file changed, and the folder is valid
        facts = (data_copy_dir / "facts.csv").read_text(encoding="utf-8")
        assert facts.startswith(facts_before) and "china_laos_railway,passengers,19510000" in facts.removeprefix(facts_before)
        assert load_catalog(data_copy_dir).problems == ()
        assert not (data_copy_dir / "inbox" / f"{SINA}.json").exists()

        # the served feed has the one change
        with urllib.request.urlopen(f"{server.url}/app/static/feed-en.xml", timeout=10) as r:
            root = ET.fromstring(r.read())
        entries = root.findall("{http://www.w3.org/2005/Atom}entry")
        assert [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries] == [
            "China–Laos Railway (Kunming–Vientiane): Figure: passengers — 19,510,000 passengers"
        ]

        open_app(page, f"{server.url}/whats-new")
        change = page.locator(".atlas-change")
        expect(change).to_have_count(1, timeout=TIMEOUT)
        expect(change).to_contain_text("Figure: passengers: 19,510,000 passengers")
        expect(change).to_contain_text("1951万人次")
        expect(page.get_by_role("link", name="Subscribe: Atom feed")).to_have_attribute("href", "app/static/feed-en.xml")
        page.screenshot(path=str(ARTIFACTS / "review-whats-new.png"), full_page=True)

        open_app(page, f"{server.url}/?feature=china_laos_railway")
        card = page.locator(".atlas-card")
        expect(card.locator(".atlas-history")).to_contain_text(
            "Figure: passengers: 19,510,000 passengers, 2025-12-31, " + LABELS["outlet"], timeout=TIMEOUT
        )
        card.locator(".atlas-history").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "review-details-history.png"), full_page=False)
    finally:  # the app's static/ is shared: give it back the bundled data's feeds
        changelog.write_feeds(load_catalog(), assets.STATIC_DIR)
