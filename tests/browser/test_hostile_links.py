"""Hostile and careless links in a real browser (issue 19): a notice or plain text, never the error page
or a live link."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from atlas import i18n
from tests.browser.helpers import TIMEOUT, open_app

PAGES = ("", "projects", "progress", "sources", "soft-links", "journeys")


def _no_error_page(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Ask Google").count() == 0


@pytest.mark.parametrize("lang", sorted(i18n.LANGS))
def test_superscript_year_gives_a_notice_on_every_page(page, app, watch, lang):
    # regression: "²⁰²⁴".isdigit() is True and int() refuses it: every page showed the error page
    notice = i18n.t("notice.year", lang, value="²⁰²⁴").rstrip(".。")
    for path in PAGES:
        open_app(page, f"{app.url}/{path}?year=%C2%B2%E2%81%B0%C2%B2%E2%81%B4&lang={lang}&basemap=outline")
        expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(notice, timeout=TIMEOUT)
        expect(page.locator('[data-testid="stMain"] h1')).to_be_visible(timeout=TIMEOUT)
        _no_error_page(page)
    assert watch.dialogs == []


def test_bare_urls_in_the_search_and_in_data_are_never_links(page, make_app, data_copy_dir):
    # regression: ?q=https://evil.example/login (and www.) became a clickable link in the heading,
    # and a financier or feature name holding a URL was linked in the heading and the freshness line
    for layer in (data_copy_dir / "geo").glob("*.geojson"):
        doc = json.loads(layer.read_text(encoding="utf-8"))
        for f in doc.get("features", []):
            props = f["properties"]
            if "name" in props and "kind" in props:
                props["name"] = f"www.evil-{props['id']}.example"
                props["financiers"] = [*props.get("financiers", []), "https://evil.example/pay"]
        layer.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    server = make_app(data_copy_dir)
    main = page.locator('[data-testid="stMain"]')
    for path, query in [
        ("", "q=https://evil.example/login"),
        ("projects", "q=www.evil.example"),
        ("progress", "q=https://evil.example/login"),
        ("", "financier=https://evil.example/pay&feature=china_laos_railway"),
    ]:
        open_app(page, f"{server.url}/{path}?{query}&basemap=outline")
        expect(main.locator("h1")).to_be_visible(timeout=TIMEOUT)
        expect(main).to_contain_text("evil", timeout=TIMEOUT)
        assert main.locator("a[href*='evil']").count() == 0, query
        assert page.locator('[data-testid="stSidebar"] a[href*="evil"]').count() == 0, query
        _no_error_page(page)
