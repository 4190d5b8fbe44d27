"""Filters: apply(), describe() and the URL round trip."""

import pytest

from atlas.data import load_catalog
from atlas.filters import Selection, apply, describe, from_query_params, md_literal, to_query_params

CAT = load_catalog()
IDS = set(CAT.features["id"])


@pytest.mark.parametrize(
    ("sel", "must", "must_not"),
    [
        # the check: Malaysia leaves the ECRL and the Kuantan park, not the China–Laos line
        (Selection(countries=("MYS",)), {"ecrl", "mckip"}, {"china_laos_railway"}),
        # kinds and statuses combine with AND
        (
            Selection(kinds=("rail_corridor",), statuses=("planned",)),
            {"thai_china_hsr_phase2", "muse_mandalay_railway"},
            {"thai_china_hsr_phase1", "mohan_station"},
        ),
        # search matches aliases ...
        (Selection(q="whoosh"), {"jakarta_bandung_hsr"}, {"ecrl"}),
        # ... and Chinese names
        (Selection(q="中老铁路"), {"china_laos_railway"}, {"ecrl"}),
        # a cross-border line belongs to both countries
        (Selection(countries=("LAO",)), {"china_laos_railway", "boten_station"}, {"mohan_station"}),
    ],
)
def test_apply(sel, must, must_not):
    ids = set(apply(CAT, sel).features["id"])
    assert must <= ids
    assert not (must_not & ids)


def test_apply_filters_facts_and_agreements_too():
    shown = apply(CAT, Selection(countries=("IDN",)))
    assert set(shown.facts["feature_id"]) == {
        "jakarta_bandung_hsr",
        "weda_bay_industrial_park",
        "morowali_industrial_park",
        "konawe_industrial_park",
    }
    assert "prabowo_visit_2024" in set(shown.agreements["id"])
    assert "anwar_visit_2024" not in set(shown.agreements["id"])
    assert len(CAT.features) == 101  # the input catalog is untouched


@pytest.mark.parametrize(
    ("sel", "sentence"),
    [
        (Selection(), "All projects"),
        (
            Selection(kinds=("rail_corridor",), countries=("LAO", "THA"), statuses=("operational", "under_construction")),
            "Rail corridors in Laos and Thailand, operational or under construction",
        ),
        (Selection(kinds=("industrial_park", "port")), "Industrial parks and ports"),
        (Selection(q="Mohan"), 'All projects, matching "Mohan"'),
    ],
)
def test_describe(sel, sentence):
    assert describe(sel) == sentence


def test_query_params_round_trip():
    sel = Selection(countries=("LAO", "THA"), statuses=("operational",), q="rail", feature="mohan_station")
    params = to_query_params(sel)
    assert params == {"country": "LAO,THA", "status": "operational", "q": "rail", "feature": "mohan_station"}
    assert from_query_params(params, feature_ids=IDS) == (sel, [])


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"country": "LAO,XX"}, "Ignored unknown country value(s) in the link: ` XX `."),
        ({"status": "<script>"}, "Ignored unknown status value(s) in the link: ` <script> `."),
        ({"feature": "nowhere"}, "Ignored unknown feature in the link: ` nowhere `."),
        ({"zoom": "9"}, "Ignored unknown link parameter(s): ` zoom `."),
    ],
)
def test_unknown_url_values_are_ignored_with_a_notice(params, notice):
    sel, notices = from_query_params(params, feature_ids=IDS)
    assert notice in notices
    assert "XX" not in sel.countries and "<script>" not in sel.statuses and sel.feature is None


@pytest.mark.parametrize(
    ("value", "span"),
    [
        # a phishing link: inside a code span it is text, not a link (escaping alone still autolinked the URL)
        ("[Log in](https://evil.example/login)", "` [Log in](https://evil.example/login) `"),
        # backticks in the value cannot close the span: the fence is longer than any run inside
        ("a`b``c", "``` a`b``c ```"),
        # a line break cannot start a new markdown block
        ("x\n# heading", "` x # heading `"),
    ],
)
def test_url_values_become_code_spans(value, span):
    assert md_literal(value) == span
