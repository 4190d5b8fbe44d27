"""Headline figures keep their as-of dates and sources; lengths come from facts or the ellipsoid."""

import pytest

from atlas import stats
from atlas.data import load_catalog
from atlas.filters import Selection, apply
from tests.conftest import feature, write_data

CAT = load_catalog()


def figs(cat):
    return {f.key: f for f in stats.headline(cat)}


def test_malaysia_headline_changes():
    all_f, my = figs(CAT), figs(apply(CAT, Selection(country=("MYS",))))
    assert my["km_under_construction"].value == 665 + 192  # the ECRL and the Gemas–Johor Bahru double track, both cited
    # open: only the KTM West Coast line, measured on its traced track (no cited length): about 695 km
    assert 650 < my["km_open"].value < 720 and my["km_open"].approximate
    assert "passengers" not in my and all_f["passengers"].value > 0


def test_passengers_use_the_latest_figure_per_line():
    laos = figs(apply(CAT, Selection(q="China–Laos Railway (Kunming–Vientiane)")))
    # 62.5 million to 2 Dec 2025 (Xinhua) is newer than 43 million to 2 Dec 2024 and 16 million Jan–Oct 2024
    assert laos["passengers"].value == 62_500_000
    assert laos["passengers"].as_of == "2025-12-02"
    assert "xinhua_2025_12_02_china_laos" in laos["passengers"].source_ids


def test_geodesic_length_when_no_source_gives_one(tmp_path):
    # one degree of longitude at the equator is 111.32 km on WGS84
    root = write_data(
        tmp_path / "data", layers={"rail_corridors": [feature("eq", coords=((100.0, 0.0), (101.0, 0.0)), countries=["IDN"])]}
    )
    f = figs(load_catalog(root))["km_open"]
    assert f.value == pytest.approx(111.3, abs=0.1)
    assert f.approximate


def test_cross_border_km_split_by_country():
    km = stats.km_by_status_country(apply(CAT, Selection(q="China–Laos Railway (Kunming–Vientiane)")))
    by = km.groupby("country")["km"].sum()
    assert by.sum() == pytest.approx(1035)
    assert by["China"] > by["Laos"] > 300  # most of the drawn line is in Yunnan


def test_facts_table_newest_first_with_quotes():
    t = stats.facts_table(CAT)
    dates = list(t["as_of"])
    assert dates[0] >= dates[-1]
    rows = t[(t["feature_id"] == "ecrl") & (t["metric"] == "percent_complete")]
    assert list(rows["value"]) == [92.62, 81.07, 72.93]  # newest first: Feb 2026, Mar 2025, Sep 2024
    assert "92.62 per cent completion as of February 2026" in rows.iloc[0]["quote"]
    assert "72.93% of the total work completed by September" in rows.iloc[2]["quote"]


@pytest.mark.parametrize(
    ("rows", "flagged"),
    [
        # same feature, metric, month, different sources and values: both flagged
        ([("a", "length", 142, "2023-10-02", None, "s1"), ("a", "length", 142.3, "2023-10", None, "s2")], {0, 1}),
        # different periods (Jan–Oct vs since opening) are not a conflict
        (
            [
                ("a", "passengers", 16e6, "2024-10-31", "2024-01-01", "s1"),
                ("a", "passengers", 43e6, "2024-12-02", "2021-12-03", "s2"),
            ],
            set(),
        ),
        # same value from two sources agrees
        ([("a", "length", 142, "2023-10-02", None, "s1"), ("a", "length", 142, "2023-10-05", None, "s2")], set()),
        # one source revising itself is not two sources disagreeing
        ([("a", "length", 142, "2023-10-02", None, "s1"), ("a", "length", 143, "2023-10-05", None, "s1")], set()),
        # a later figure is progress, not a conflict
        (
            [("a", "percent_complete", 64, "2024-03", None, "s1"), ("a", "percent_complete", 72.93, "2024-09-30", None, "s2")],
            set(),
        ),
    ],
)
def test_conflicts(rows, flagged):
    import pandas as pd

    facts = pd.DataFrame(
        [
            {"feature_id": f, "metric": m, "value": v, "unit": "x", "as_of": d, "period_start": p, "source_id": s}
            for f, m, v, d, p, s in rows
        ]
    )
    assert set(stats.conflicts(facts, {})) == flagged
