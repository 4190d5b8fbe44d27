"""The network at the end of a year, from dated milestones."""

import pytest

from atlas import timeline
from atlas.data import load_catalog
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
def test_status_at_the_end_of_a_year(year, expected):
    shown = timeline.as_of_year(CAT, year)
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
