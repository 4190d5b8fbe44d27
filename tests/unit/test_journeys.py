"""Journeys on a tiny network (a transfer, a break of gauge, a missing link, a line opening in a given year)
and on the bundled data (the issue's journeys)."""

from __future__ import annotations

import json

import pytest

from atlas import journeys
from atlas.cli import main
from atlas.data import load_catalog
from tests.conftest import feature, write_data


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny") / "data"
    layers = {
        "rail_corridors": [
            feature(
                "line_a",
                name="Line A (Alpha–Beta)",
                coords=((100.0, 20.0), (101.0, 20.0)),
                related=["alpha", "beta"],
                gauge="standard",
                gauge_excerpt="t#g1",
            ),
            feature(
                "line_b",
                name="Line B (Beta–Gamma)",
                coords=((101.01, 20.0), (102.0, 20.0)),
                status="under_construction",
                gauge="metre",
                gauge_excerpt="t#g2",
            ),
            feature("line_c", name="Line C (Delta–Epsilon)", coords=((103.0, 20.0), (104.0, 20.0))),
        ],
        "border_stations": [
            feature("alpha", kind="station", name="Alpha station", name_zh="阿尔法站", coords=((100.0, 20.0),)),
            feature("beta", kind="station", name="Beta station", coords=((101.0, 20.0),)),
        ],
    }
    excerpts = [
        ("t#g1", "Line A is built to standard gauge.", ["line_a"]),
        ("t#g2", "Line B keeps the metre gauge.", ["line_b"]),
        ("t#x", "Line C opened; Alpha and Beta stations are on line A.", ["line_c", "alpha", "beta"]),
    ]
    milestones = "line_c,2024-06,opened,Opened.,t,t#x\nline_b,2030,planned_opening,Due.,t,t#g2\n"
    write_data(root, layers=layers, excerpts=excerpts, milestones=milestones)
    cat = load_catalog(root)
    assert cat.problems == ()
    return root, cat, journeys.build(cat)


def test_a_journey_changes_lines_names_the_break_of_gauge_and_the_missing_link(tiny):
    _, cat, net = tiny
    r = journeys.journey(net, cat, "Alpha", "Epsilon")
    assert [leg["kind"] for leg in r["legs"]] == ["rail", "transfer", "rail", "missing", "rail"]
    transfer, line_b, missing = r["legs"][1], r["legs"][2], r["legs"][3]
    assert transfer["km"] == pytest.approx(1.05, abs=0.1)  # the two lines end 1 km apart: a change of line
    assert line_b["break_of_gauge"].startswith("standard → metre")
    assert line_b["opens"] == "2030" and line_b["status"] == "under_construction"
    assert missing["from"] == "Gamma" and missing["to"] == "Delta"
    assert missing["km"] == pytest.approx(104.6, abs=0.5)  # one degree of longitude at 20°N, on the ellipsoid
    assert r["km_missing"] == missing["km"] and r["open_by"] is None  # no line at all there: no date for the whole
    assert r["km_total"] == pytest.approx(sum(leg["km"] for leg in r["legs"]), abs=0.2)


def test_a_line_counts_as_open_from_the_year_it_opened(tiny):
    _, cat, net = tiny
    before, after = (journeys.journey(net, cat, "Delta", "Epsilon", y) for y in (2023, 2024))
    assert before["km_open"] == 0 and before["legs"][0]["status"] == "not_reported"
    assert journeys.reasons(before)[0].startswith("Line C (Delta–Epsilon): no source gives its state at the end of 2023")
    assert after["km_open"] == pytest.approx(104.6, abs=0.5) and after["open_by"] == "open"
    opened = {row["year"]: row["km_open"] for row in after["by_year"]}
    assert opened[2023] == 0 and opened[2024] > 100


def test_names_in_chinese_and_unknown_names_with_the_closest(tiny):
    _, cat, net = tiny
    assert journeys.journey(net, cat, "阿尔法", "Beta")["from"] == "Alpha station"
    with pytest.raises(journeys.UnknownPlace) as err:
        journeys.journey(net, cat, "Alpah", "Beta")
    assert "Alpha station" in err.value.suggestions


def test_cli_prints_the_table_and_a_json_last_line(tiny, capsys):
    root, _, _ = tiny
    assert main(["journey", "--from", "Alpha", "--to", "Epsilon", "--data-dir", str(root)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert "break of gauge" in "\n".join(out)
    last = json.loads(out[-1])
    assert {"from", "to", "year", "km_total", "km_open", "km_under_construction", "km_planned", "km_missing", "legs"} <= set(last)
    assert main(["journey", "--from", "Nowhere", "--to", "Epsilon", "--data-dir", str(root)]) == 2


BUNDLED = load_catalog()
NET = journeys.build(BUNDLED)


def test_kunming_to_vientiane_is_open_and_its_length_is_the_cited_one():
    now = journeys.journey(NET, BUNDLED, "Kunming", "Vientiane", 2026)
    assert [leg["line"] for leg in now["legs"]] == ["china_laos_railway"]
    assert now["open_by"] == "open" and abs(now["km_total"] - 1035) / 1035 < 0.05
    then = journeys.journey(NET, BUNDLED, "Kunming", "Vientiane", 2020)
    assert then["km_open"] == 0
    assert "it opened 2021-12-03" in journeys.reasons(then)[0]


def test_kunming_to_bangkok_changes_gauge_and_waits_for_the_thai_line():
    r = journeys.journey(NET, BUNDLED, "昆明", "Bangkok")
    lines = [leg["line"] for leg in r["legs"] if leg["kind"] == "rail"]
    assert lines[:2] == ["china_laos_railway", "thailand_laos_railway"]
    assert {"thai_china_hsr_phase1", "thai_china_hsr_phase2"} <= set(lines)
    assert any(leg.get("break_of_gauge", "").startswith("standard → metre") for leg in r["legs"])
    assert r["km_under_construction"] > 0 and r["km_planned"] > 0


def test_kunming_to_singapore_names_its_missing_stretches():
    r = journeys.journey(NET, BUNDLED, "Kunming", "Singapore")
    assert r["to"] == "Singapore" and r["km_missing"] > 0 and r["open_by"] is None
    missing = [leg for leg in r["legs"] if leg["kind"] == "missing"]
    assert missing and all(leg["km"] > 0 and leg["line_name"] == "" for leg in missing)
