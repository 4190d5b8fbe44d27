"""Headline figures keep their as-of dates and sources; lengths come from facts or the ellipsoid."""

import pytest

from atlas import stats
from atlas.catalog import load_catalog
from atlas.filters import Selection, apply
from tests.conftest import feature, write_data

CAT = load_catalog()


def figs(cat):
    return {f.key: f for f in stats.headline(cat)}


def test_malaysia_headline_changes(frozen_catalog):
    # the frozen data of 30 Nov 2026, when Gemas–Johor Bahru was still under construction
    all_f, my = figs(frozen_catalog), figs(apply(frozen_catalog, Selection(country=("MYS",))))
    assert my["km_under_construction"].value == 665 + 192  # the ECRL and the Gemas–Johor Bahru double track, both cited
    # the only open line in Malaysia is the KTM West Coast Line: an existing national line (role context),
    # drawn and used by journeys but not a China–ASEAN project, so not counted and named as such
    assert my["km_open"].value == 0
    assert "Not counted: Padang Besar–Gemas railway (KTM West Coast Line)" in my["km_open"].detail
    assert "passengers" not in my and all_f["passengers"].value > 0


def test_headline_and_progress_km_leave_out_context_lines():
    """Regression (issue 18): 'Rail km open ≈ 4,354 km' counted ~2,300 km of century-old SRT and KTM main lines."""
    context = set(CAT.features.loc[CAT.features["role"] == "context", "id"])
    assert context == {"thai_northeastern_line", "thai_southern_line", "ktm_west_coast_line"}
    counted = " ".join(f.detail.split("Not counted")[0] for f in figs(CAT).values() if f.unit == "km")
    for fid in context:
        assert CAT.name_of(fid) not in counted
    km = stats.km_by_status_country(CAT)
    assert not set(km["feature"]) & {CAT.name_of(fid) for fid in context}
    thailand_open = km[(km["country"] == "Thailand") & (km["status"] == "open")]["km"].sum()
    assert thailand_open < 100  # the Thailand–Laos link's Thai part, not ~1,600 km of SRT track


@pytest.mark.parametrize("year", range(2009, 2027))
def test_no_headline_figure_is_dated_after_the_year_chosen(year):
    """Regression (issue 18): at ?year=2015 the passengers tile showed a figure dated 2026-03-03."""
    for f in stats.headline(apply(CAT, Selection(year=year)), year=year):
        if f.as_of:
            assert int(f.as_of[:4]) <= year, (f.key, f.as_of)
        if not f.reported:
            assert f.detail == f"None reported by the end of {year}"


def test_passenger_and_freight_tiles_never_add_two_lines(frozen_catalog):
    """Regression (issue 18): 'Passengers carried 72.8M' added China–Laos (since 2021), Whoosh (since 2023)
    and ten months of Nanning–Hanoi: the tile is one line's own newest figure; the others are listed."""
    # the frozen data of 30 Nov 2026 (China–Laos's newest figure then: to 2 Dec 2025)
    latest = stats._latest(frozen_catalog.facts, "passengers")
    tile = figs(frozen_catalog)["passengers"]
    assert tile.value in set(latest["value"]) and tile.value == latest["value"].max()
    assert tile.feature_id == "china_laos_railway" and tile.covers == "2021-12-03 to 2025-12-02"
    assert tile.more == len(latest) - 1 >= 2
    for r in latest.itertuples():
        assert frozen_catalog.name_of(r.feature_id) in tile.detail


def test_passengers_use_the_latest_figure_per_line(frozen_catalog):
    # the frozen data of 30 Nov 2026
    laos = figs(apply(frozen_catalog, Selection(q="China–Laos Railway (Kunming–Vientiane)")))
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
        ([("a", "length", 142, "2023-10-02", None, "s1"), ("a", "length", 145, "2023-10", None, "s2")], {0, 1}),
        ([("a", "length", 142.3, "2023-10-02", None, "s1"), ("a", "length", 142.5, "2023-10", None, "s2")], {0, 1}),
        # regression (issue 18): 142 and 142.3 agree to the unit 142 is stated in; "16 million" and 16.2 million too
        ([("a", "length", 142, "2023-10-02", None, "s1"), ("a", "length", 142.3, "2023-10", None, "s2")], set()),
        ([("a", "passengers", 16e6, "2024-10", None, "s1"), ("a", "passengers", 16.2e6, "2024-10", None, "s2")], set()),
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


@pytest.mark.parametrize(
    "sel, projects, at_least_usd, lender",
    [
        (Selection(), 34, 15.0e9, "China Eximbank"),  # every linked project, each once
        (Selection(country=("LAO",)), 6, 4.5e9, "China Eximbank"),  # the railway's two loans and the Lao zones
        (Selection(country=("IDN",)), None, 4.5e9, "China Development Bank"),  # Jakarta–Bandung, Morowali, …
        (Selection(year=2021), 16, 7.5e9, "China Eximbank"),  # the features shown at 2021, commitments by its end
    ],
)
def test_committed_finance_of_the_shown_features(sel, projects, at_least_usd, lender):
    total = stats.committed_finance(apply(CAT, sel), countries=sel["country"], year=sel["year"])
    assert projects is None or total.projects == projects
    assert total.usd_2021 >= at_least_usd and lender in total.lenders


def test_committed_finance_counts_a_shared_loan_once_and_says_what_it_leaves_out(tmp_path):
    from tests.conftest import finance_project, with_finance

    root = write_data(
        tmp_path / "data",
        layers={
            "rail_corridors": [
                feature("a_line", aiddata_ids=[1, 2]),
                feature("b_line", aiddata_ids=[1]),  # the same loan named by two lines: counted once
                feature("c_line", countries=["THA"], aiddata_ids=[3]),
            ]
        },
    )
    projects = [
        finance_project(1, amount_usd_2021=5e8),
        finance_project(2, amount_usd_2021=None, financiers=["Bank of China"]),  # no amount: counted as unknown
        finance_project(3, recipient="THA", amount_usd_2021=2e8, commitment_year=2020),
        finance_project(4, amount_usd_2021=9e9),  # linked to no feature: not counted
    ]
    cat = load_catalog(with_finance(root, projects))
    assert stats.committed_finance(cat) == stats.CommittedFinance(7e8, 2, 1, 3, ("China Eximbank",))
    assert stats.committed_finance(cat, countries=("THA",)).usd_2021 == 2e8  # the recipient, not the line's countries
    assert stats.committed_finance(cat, year=2019) == stats.CommittedFinance(5e8, 1, 1, 2, ("China Eximbank",))
    assert stats.committed_finance(cat, year=1999).projects == 0
