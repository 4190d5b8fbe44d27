"""Journeys on a tiny network (a transfer, a break of gauge, a missing link, a line opening in a given year)
and on the bundled data (the issue's journeys)."""

from __future__ import annotations

import json

import pytest

from atlas import journeys
from atlas.catalog import load_catalog
from atlas.cli import main
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
    # a change of line is no km of the journey: the total is the sum of the other legs
    assert r["km_total"] == pytest.approx(sum(leg["km"] for leg in r["legs"] if leg["kind"] != "transfer"), abs=0.2)


def test_a_line_counts_as_open_from_the_year_it_opened(tiny):
    _, cat, net = tiny
    before, after = (journeys.journey(net, cat, "Delta", "Epsilon", y) for y in (2023, 2024))
    assert before["km_open"] == 0 and before["legs"][0]["status"] == "not_reported"
    assert before["km_unknown"] > 100 and before["km_planned"] == 0  # no source gives its state: unknown, never planned
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
    keys = {
        "from",
        "to",
        "year",
        "km_total",
        "km_open",
        "km_under_construction",
        "km_planned",
        "km_unknown",
        "km_missing",
        "legs",
    }
    assert keys <= set(last) and keys <= set(last["ride"]) and keys <= set(last["built"])
    assert {k: last[k] for k in keys} == {k: last["ride"][k] for k in keys}  # today's top-level keys are the ride answer
    assert main(["journey", "--from", "Nowhere", "--to", "Epsilon", "--data-dir", str(root)]) == 2


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--from", "Alpha", "--to", "Alpha"], 1, "same place"),  # regression: KeyError 'id' traceback (issue 18)
        (["--from", "Alpha", "--to", "Beta", "--year", "-1"], 2, "out of range"),  # regression: ValueError traceback (issue 19)
        (["--from", "Alpha", "--to", "Beta", "--year", "0"], 2, "out of range"),
        (["--from", "Alpha", "--to", "Beta", "--year", "99999"], 2, "out of range"),
        (["--from", "Alpha", "--to", "Beta", "--year", "1000000000"], 2, "out of range"),
        (["--from", "Alpha", "--to", "Beta", "--year", "1"], 2, "out of range"),  # was accepted
        (["--from", "Al\u202epha\x00" + "x" * 105_000, "--to", "Beta"], 2, "no station or place"),  # echoed cleaned, short
    ],
)
def test_cli_refuses_with_one_line_and_no_traceback(tiny, capsys, args, code, says):
    root, _, _ = tiny
    assert main(["journey", *args, "--data-dir", str(root)]) == code
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err and len(err) < 400
    assert "\u202e" not in err and "\x00" not in err


def test_cli_names_a_missing_data_folder(tmp_path, capsys):
    # regression (issue 19): "no station or place called 'Kunming'" instead of naming the folder
    assert main(["journey", "--from", "Kunming", "--to", "Bangkok", "--data-dir", str(tmp_path / "nonexistent")]) == 2
    assert "no data folder" in capsys.readouterr().err


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
    r = journeys.journey(NET, BUNDLED, "昆明", "Bangkok")["built"]  # once built: through the high-speed line
    lines = [leg["line"] for leg in r["legs"] if leg["kind"] == "rail"]
    assert lines[:2] == ["china_laos_railway", "thailand_laos_railway"]
    assert {"thai_china_hsr_phase1", "thai_china_hsr_phase2"} <= set(lines)
    assert any(leg.get("break_of_gauge", "").startswith("standard → metre") for leg in r["legs"])
    assert r["km_under_construction"] > 0 and r["km_planned"] > 0


def test_kunming_to_singapore_names_its_missing_stretches():
    r = journeys.journey(NET, BUNDLED, "Kunming", "Singapore")
    assert r["to_place"]["place"] == "Singapore" and r["km_missing"] > 0 and r["open_by"] is None
    missing = [leg for leg in r["legs"] if leg["kind"] == "missing"]
    assert missing and all(leg["km"] > 0 and leg["line_name"] == "" for leg in missing)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("Lao Cai", "Hanoi"),  # regression: KeyError 'id' when no leg is a rail leg of the path (issue 18/19 item 3)
        ("Muse", "Mandalay"),
    ],
)
def test_journeys_with_no_rail_leg_are_answered(start, end):
    r = journeys.journey(NET, BUNDLED, start, end, 2025)
    assert r["built"]["legs"] and r["km_total"] > 0


def test_same_place_is_a_clear_error():
    with pytest.raises(journeys.SamePlace):
        journeys.journey(NET, BUNDLED, "Kunming", "昆明")


def test_nong_khai_to_bangkok_rides_the_open_northeastern_line():
    r = journeys.journey(NET, BUNDLED, "Nong Khai", "Bangkok", 2025, years=False)
    assert r["ride"]["km_open"] == r["ride"]["km_total"] > 600
    assert [leg["line"] for leg in r["ride"]["legs"]] == ["thai_northeastern_line"]
    assert {"thai_china_hsr_phase1", "thai_china_hsr_phase2"} <= {leg["line"] for leg in r["built"]["legs"]}


def test_dong_dang_to_hanoi_rides_the_existing_line():
    r = journeys.journey(NET, BUNDLED, "Dong Dang", "Hanoi", 2025, years=False)
    assert [leg["line"] for leg in r["legs"]] == ["nanning_hanoi_railway"] and r["km_open"] == r["km_total"]


def test_kunming_to_singapore_rides_mostly_open_and_is_built_through_the_high_speed_lines():
    r = journeys.journey(NET, BUNDLED, "Kunming", "新加坡", 2025, years=False)
    assert r["to_place"]["place"] == "Singapore" and r["to_place"]["km"] < 30
    assert r["ride"]["km_open"] >= 0.9 * r["ride"]["km_total"]
    assert {"thai_china_hsr_phase1", "thai_china_hsr_phase2"} <= {leg["line"] for leg in r["built"]["legs"]}


def test_kunming_to_jakarta_names_the_sea_crossing_and_draws_it_over_water():
    import shapely

    r = journeys.journey(NET, BUNDLED, "Kunming", "Jakarta", 2025, years=False)
    for answer in (r["ride"], r["built"]):
        sea = [leg for leg in answer["legs"] if leg["kind"] == "sea"]
        assert sea and answer["km_sea"] > 500
        for leg in [*sea, *(leg for leg in answer["legs"] if leg["kind"] == "missing")]:
            assert leg["km"] < 1000 or leg["kind"] == "sea"  # no 1,428 km dash across Sumatra
        for leg in sea:  # inner points of a sea crossing are over water
            inner = leg["coords"][2:-2]
            assert not any(shapely.contains_xy(NET.land, x, y) for x, y in inner)


def test_kuala_lumpur_resolves_to_a_stop_with_the_distance_said():
    r = journeys.journey(NET, BUNDLED, "Kunming", "Kuala Lumpur", 2025, years=False)
    # KL Sentral, not the ECRL's Gombak terminal that is drawn at the city's own point until its site is known
    assert r["to_place"] == {
        "place": "Kuala Lumpur",
        "place_zh": "吉隆坡",
        "station": "KL Sentral station",
        "station_zh": "吉隆坡中央车站",  # shown on the Chinese page (issue 21)
        "km": 0.7,
    }
    assert "Gemas" not in [leg["to"] for leg in r["legs"]]  # no longer down to Gemas and back north


def test_year_2010_counts_legs_no_source_gives_as_unknown():
    r = journeys.journey(NET, BUNDLED, "Kunming", "Singapore", 2010, years=False)
    china_laos = next(leg for leg in r["legs"] if leg["line"] == "china_laos_railway")
    assert china_laos["group"] == "unknown" and r["km_unknown"] >= china_laos["km"] and r["km_planned"] == 0
    southern = next(leg for leg in r["legs"] if leg["line"] == "thai_southern_line")
    assert southern["group"] == "open"  # in service since 1927 (a dated source)


def test_a_network_that_falls_apart_is_no_path_and_a_cli_message(tmp_path, capsys):
    # two lines some 2,200 km apart: no stretch joins them (MAX_MISSING_KM), so no path, said in one line
    root = tmp_path / "data"
    layers = {
        "rail_corridors": [
            feature("line_n", name="Line N (North–Nord)", coords=((100.0, 30.0), (101.0, 30.0))),
            feature("line_s", name="Line S (South–Sud)", coords=((100.0, 10.0), (101.0, 10.0))),
        ]
    }
    write_data(root, layers=layers, excerpts=[("t#x", "Lines N and S.", ["line_n", "line_s"])])
    cat = load_catalog(root)
    net = journeys.build(cat)
    with pytest.raises(journeys.NoPath):
        journeys.journey(net, cat, "North", "South")
    assert main(["journey", "--from", "North", "--to", "South", "--data-dir", str(root)]) == 2
    assert "no path on the network joins North – South" in capsys.readouterr().err
