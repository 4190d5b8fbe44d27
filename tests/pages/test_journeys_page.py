"""AppTest for the Journeys page (issues 18 and 19): two answers side by side, and a notice in the page's
language — never the error page — for every end or year a link can hold."""

import pytest

from tests.conftest import feature, write_data
from tests.pages.test_pages import markdown_text, run

PAGE = "pages/journeys.py"


def texts(at) -> str:
    parts = [markdown_text(at), *(e.value for e in at.error), *(i.value for i in at.info), *(w.value for w in at.warning)]
    return " ".join([*parts, *(c.value for c in at.caption), *(s.value for s in at.subheader)])


def test_two_answers_side_by_side():
    at = run(PAGE, params={"from": "Nong Khai", "to": "Bangkok", "year": "2025"}, timeout=60)
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader][:2] == ["Ride at the end of the year", "Once every announced line is built"]
    assert len(at.dataframe) >= 2  # a legs table per answer
    labels = [m.label for m in at.metric]
    assert labels.count("State unknown that year") == 2 and labels.count("Sea crossing") == 2


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"from": "Kunming", "to": "Kunming"}, "Start and end are the same place."),  # regression: KeyError 'id'
        ({"from": "Lao Cai", "to": "Hanoi"}, "Lao Cai station → Hanoi"),  # regression: KeyError 'id' (no rail leg)
        ({"from": "Muse", "to": "Mandalay"}, "→ Mandalay"),  # regression: KeyError 'id' (no rail leg)
        ({"from": "Kunming", "to": "Kuala Lumpur"}, "Kuala Lumpur: the nearest stop is"),
        ({"from": "Kunming", "to": "Nowhere‮"}, "No station or place called"),  # RTL override stripped
        ({"from": "x" * 5000, "to": "Bangkok"}, "longer than 80 characters"),
        ({"lang": "zh", "from": "昆明", "to": "昆明"}, "出发地与目的地相同。"),
    ],
)
def test_every_end_gets_an_answer_or_a_notice(params, says):
    at = run(PAGE, params=params, timeout=60)
    assert not at.exception, at.exception
    shown = texts(at)
    assert says in shown
    assert "‮" not in shown and "\x00" not in shown


def test_what_is_written_to_the_link_is_capped():
    at = run(PAGE, params={"from": "y" * 100_000, "to": "Bangkok"}, timeout=60)
    assert not at.exception, at.exception
    assert len(at.query_params.get("from", [""])[0]) <= 80


@pytest.mark.parametrize(
    ("layers", "params", "says"),
    [
        # two lines 2,200 km apart: no path joins them
        (
            {
                "rail_corridors": [
                    feature("line_n", name="Line N (North–Nord)", coords=((100.0, 30.0), (101.0, 30.0))),
                    feature("line_s", name="Line S (South–Sud)", coords=((100.0, 10.0), (101.0, 10.0))),
                ]
            },
            {"from": "North", "to": "South"},
            "No path on the network joins",
        ),
        ({}, {}, "No station or place called"),  # a data folder with no line: the default ends are not on it
    ],
)
def test_a_disconnected_or_empty_data_folder_gets_a_notice(tmp_path, monkeypatch, layers, params, says):
    root = write_data(
        tmp_path / "data", layers=layers, excerpts=[("t#x", "Lines N and S.", ["line_n", "line_s"])] if layers else None
    )
    monkeypatch.setenv("ATLAS_DATA_DIR", str(root))
    at = run(PAGE, params=params, timeout=60)
    assert not at.exception, at.exception
    assert says in texts(at)


def test_the_legs_table_shows_the_finance_behind_each_line():
    at = run(PAGE, params={"from": "Kunming", "to": "Vientiane"}, timeout=60)
    assert not at.exception, at.exception
    column = "the line's finance (AidData commitments 2000–2021)"
    tables = [d.value for d in at.dataframe if column in d.value.columns]
    assert tables and all("China Eximbank: $4.54B (constant 2021 USD)" in set(t[column]) for t in tables)
