"""Freshness: the audit command, honest status dates, the details panel's "newest source" line."""

import datetime as dt
import json

import pytest

from atlas import audit, render
from atlas.catalog import load_catalog
from atlas.cli import main
from tests.conftest import feature, write_data

TODAY = dt.date(2026, 11, 29)


def _two_sources(root, *, old="2023-05-01", new="2025-10-15"):
    """Add a second, newer source that names only `fresh_line`."""
    src = {
        "id": "newer",
        "title": "Newer report",
        "outlet": "Test Outlet",
        "published": new,
        "url": "https://example.org/newer",
        "excerpts": [{"id": "newer#01", "text": "Fresh Line carried many passengers.", "feature_ids": ["fresh_line"]}],
    }
    (root / "sources" / "newer.json").write_text(json.dumps(src), encoding="utf-8")
    return root


@pytest.fixture
def root(tmp_path):
    layers = {
        "rail_corridors": [
            feature("fresh_line", status_as_of="2025-10-15"),
            feature("old_line", coords=((100.0, 18.0), (101.0, 17.0)), status_as_of="2024-11-18"),
        ]
    }
    r = write_data(tmp_path / "data", layers=layers, facts="fresh_line,passengers,5000,passengers,over,,2025-09,newer,newer#01\n")
    return _two_sources(r)


def test_newest_source_age_and_staleness(root):
    fr = audit.freshness(load_catalog(root), today=TODAY)
    assert (fr["fresh_line"].newest, fr["fresh_line"].months, fr["fresh_line"].stale) == ("2025-10-15", 13, False)
    # the shared test source is dated 2024-11-18: 24 months before today, more than 18
    assert (fr["old_line"].newest, fr["old_line"].months, fr["old_line"].stale) == ("2024-11-18", 24, True)


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28), 0),  # not yet a whole month
        (dt.date(2025, 1, 15), dt.date(2025, 2, 15), 1),
        (dt.date(2024, 11, 18), dt.date(2026, 11, 29), 24),
        (dt.date(2026, 12, 1), dt.date(2026, 11, 29), 0),  # a source "from the future" is not negative
    ],
)
def test_months_between(earlier, later, months):
    assert audit.months_between(earlier, later) == months


def test_audit_cli_table_and_json(root, capsys):
    assert main(["audit", str(root), "--today", "2026-11-29"]) == 0
    table = capsys.readouterr().out
    assert "fresh_line" in table and "passengers 5,000 passengers (2025-09)" in table
    old = next(line for line in table.splitlines() if line.startswith("old_line"))
    assert old.rstrip().endswith("STALE")
    assert "2 features; 1 (50%) with a status confirmed by a source of 2025 or later; 1 stale" in table
    assert main(["audit", str(root), "--json", "--today", "2026-11-29"]) == 0
    report = json.loads(capsys.readouterr().out.splitlines()[-1])
    rows = {r["id"]: r for r in report["features"]}
    assert rows["fresh_line"]["figures"]["passengers"] == {
        "value": 5000.0,
        "unit": "passengers",
        "qualifier": "over",
        "as_of": "2025-09",
        "source_id": "newer",
    }
    assert report["summary"]["stale"] == ["old_line"]


def test_audit_rejects_a_bad_date(root, capsys):
    assert main(["audit", str(root), "--today", "29/11/2026"]) == 2
    assert "--today '29/11/2026': expected YYYY-MM-DD" in capsys.readouterr().err


def test_status_date_later_than_every_source_is_a_problem(tmp_path):
    # status_as_of is the date of the newest source that confirms the status, never the day of the edit
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("edited_line", status_as_of="2026-11-29")]})
    lines = [str(p) for p in load_catalog(root).problems]
    assert (
        "data/geo/rail_corridors.geojson: edited_line: status_as_of: expected the date of a source that confirms the status, "
        "found 2026-11-29, later than the newest source naming it (2024-11-18)"
    ) in lines


def test_a_coarser_status_date_is_not_later(tmp_path):
    # "2024-11" is not later than a source of 2024-11-18
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("month_line", status_as_of="2024-11")]})
    assert load_catalog(root).problems == ()


def test_details_panel_says_how_old_the_newest_source_is(root):
    cat = load_catalog(root)
    fresh = render.details_html(cat, "fresh_line")
    assert "Newest source: 2025-10-15 (Test Outlet)" in fresh and "No report since" not in fresh
    stale = render.details_html(cat, "old_line")
    assert "Newest source: 2024-11-18 (Test Outlet)" in stale
    assert "No report since 2024-11-18 was found; the status is kept as last reported." in stale


def test_details_panel_names_builders_and_financiers(tmp_path):
    f = feature("built_line", builders=["China Railway Group"], financiers=["China Exim Bank", "<b>bank</b>"])
    cat = load_catalog(write_data(tmp_path / "data", layers={"rail_corridors": [f]}))
    html = render.details_html(cat, "built_line")
    assert "Built / operated by:</b> China Railway Group" in html
    assert "Financed by:</b> China Exim Bank and &lt;b&gt;bank&lt;/b&gt;" in html
    zh = render.details_html(cat, "built_line", "zh")
    assert "融资方" in zh


def test_bundled_data_is_current():
    """Issue 10: the headline lines carry 2025–2026 figures and most statuses are confirmed since 2025."""
    report = audit.audit(load_catalog(), today=TODAY)
    rows = {r["id"]: r for r in report["features"]}
    # the newest passenger figure reaches the end of 2025 (a 2024 figure was the stale state of issue 10)
    assert rows["china_laos_railway"]["figures"]["passengers"]["as_of"] >= "2025-12"
    assert rows["ecrl"]["figures"]["percent_complete"] == {
        "value": 92.62,
        "unit": "percent",
        "qualifier": None,
        "as_of": "2026-02",
        "source_id": "thestar_2026_03_16_ecrl",
    }
    assert report["summary"]["features"] >= 100
