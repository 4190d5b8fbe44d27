"""The network at the end of a year, from dated milestones."""

import pytest

from atlas import timeline
from atlas.catalog import load_catalog
from atlas.filters import apply, describe, from_query_params

CAT = load_catalog()


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # Mengzi–Hekou opened Dec 2014; the Muse–Mandalay MoU came in Oct 2018
        (2014, {"china_vietnam_railway_china": "operational", "cmqip": "operational", "kuantan_port": "operational"}),
        (2018, {"thai_china_hsr_phase1": "under_construction", "muse_mandalay_railway": "planned"}),
        # the China–Laos railway opened on 3 Dec 2021
        (2021, {"china_laos_railway": "operational"}),
    ],
)
def test_status_at_the_end_of_a_year(year, expected, frozen_catalog):
    # the frozen data of 30 Nov 2026: Kuantan port's status was then dated 2013 (the live data dates it 2025)
    shown = timeline.as_of_year(frozen_catalog, year)
    status = dict(zip(shown.features["id"], shown.features["status"], strict=True))
    for fid, st in expected.items():
        assert status[fid] == st


def test_features_with_no_known_state_are_left_out():
    ids = set(timeline.as_of_year(CAT, 2018).features["id"])
    assert "china_laos_railway" not in ids  # no dated state before its opening in 2021
    assert "ecrl" not in ids
    assert len(timeline.as_of_year(CAT, 2026).features) == len(CAT.features)


def test_year_in_selection_and_url():
    sel, notices = from_query_params({"year": "2018", "country": "MMR"}, catalog=CAT)
    assert sel["year"] == 2018 and notices == []
    assert describe(sel) == "All projects in Myanmar, as at the end of 2018"
    assert set(apply(CAT, sel).features["id"]) == {"muse_mandalay_railway", "muse_border_crossing"}
    assert from_query_params({"year": "20x8"}, catalog=CAT)[1] == ["Ignored unknown year in the link: ` 20x8 `."]


@pytest.mark.parametrize(
    ("row", "says"),
    [
        # regression (issue 19 item 8): each of these passed validate
        ("china_laos_railway,2030,opened,x,xinhua_2024_12_03_mohan,", "expected a date up to today for 'opened', found 2030"),
        (
            "thai_china_hsr_phase1,2015,opened,x,kinaforum_2017_12_28,",
            "expected an opening after the start of construction (2017-12)",
        ),
        ("ecrl,2026-06-01,cancelled,x,thestar_2026_03_16_ecrl,", "expected the status its newest milestone gives (cancelled"),
    ],
)
def test_validate_refuses_contradictory_milestones(data_copy, row, says):
    with (data_copy / "milestones.csv").open("a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    problems = [str(p) for p in load_catalog(data_copy).problems]
    assert any(says in p for p in problems), problems


def test_a_planned_opening_may_lie_ahead(data_copy):
    with (data_copy / "milestones.csv").open("a", encoding="utf-8") as fh:
        fh.write("ecrl,2031,planned_opening,x,thestar_2026_03_16_ecrl,\n")
    assert load_catalog(data_copy).problems == ()


def _status(cat, year: int) -> dict[str, str]:
    shown = timeline.as_of_year(cat, year).features
    return dict(zip(shown["id"], shown["status"], strict=True))


def test_as_of_year_reads_milestones_in_date_order_and_a_later_milestone_beats_an_older_status():
    import dataclasses

    import pandas as pd

    rows = [  # listed out of order on purpose
        ("ecrl", "2026-06-01", "cancelled"),
        ("ecrl", "2017-08-09", "construction_started"),
    ]
    ms = pd.DataFrame(
        [{"feature_id": f, "date": d, "event": e, "description": "x", "source_id": "s", "excerpt_id": None} for f, d, e in rows]
    )
    cat = dataclasses.replace(CAT, milestones=ms)
    assert _status(cat, 2026)["ecrl"] == "cancelled"  # was: the current status, reported before the cancellation
    assert _status(cat, 2020)["ecrl"] == "under_construction"


def test_as_of_year_of_an_empty_selection():
    # regression (issue 18): KeyError 'id' when the features of a path hold no line
    empty = dataclasses_replace_empty()
    assert timeline.as_of_year(empty, 2020).features.empty


def dataclasses_replace_empty():
    import dataclasses

    return dataclasses.replace(CAT, features=CAT.features.iloc[0:0][[]], milestones=CAT.milestones.iloc[0:0])


def test_the_slider_follows_the_projects_not_the_context_lines():
    # the main lines journeys run on opened in 1923–1967 (their milestones count in journeys), but the slider
    # would otherwise start in 1923
    assert timeline.years(CAT)[0] == 2009
    assert _status(CAT, 2010)["thai_southern_line"] == "operational"


def test_a_confirmation_keeps_the_feature_in_the_years_before_it(frozen_copy):
    """Kuantan port, operational as of 2013-02-02, confirmed by a 2025 page: still drawn in 2014 and 2024."""

    from atlas.proposals import Pending
    from atlas.review import apply_batch

    text = "Kuantan Port is one of the fastest-growing ports on the east coast."  # a sentence of the test page
    src = {"id": "t_2025_04_17_kuantan", "url": "https://example.org/kuantan", "title": "Kuantan", "outlet": "Test",
           "published": "2025-04-17", "language": "en", "author": None}  # fmt: skip
    p = {"id": "t:1", "type": "status", "source_id": src["id"], "feature_id": "kuantan_port", "text": text,
         "status": "operational", "date": "2025-04-17"}  # fmt: skip
    before = load_catalog(frozen_copy)
    assert before.features.set_index("id").loc["kuantan_port", "status_as_of"] < "2014"
    assert apply_batch([Pending(p, None, src)], frozen_copy, today="2026-12-01").ok
    after = load_catalog(frozen_copy)
    assert after.features.set_index("id").loc["kuantan_port", "status_as_of"] == "2025-04-17"
    for year in (2014, 2024, 2025):
        shown = timeline.as_of_year(after, year).features.set_index("id")
        assert shown.loc["kuantan_port", "status"] == "operational", year


def test_every_state_the_log_replaced_is_still_drawn_in_its_year():

    from atlas.timeline import reported_states

    catalog = load_catalog()
    for fid, day, _status, _ in reported_states(catalog):
        shown = timeline.as_of_year(catalog, day.year).features.set_index("id")
        assert fid in shown.index, (fid, day)
