"""Property-based tests of journeys (issue 18): every pair of stops of the bundled network × every year of
the slider (and 'as last reported'). The network is built once; each example is one journey."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlas import journeys, timeline
from atlas.catalog import load_catalog

pytestmark = pytest.mark.slow  # make test-quick leaves it out; make test runs it

CAT = load_catalog()
NET = journeys.build(CAT)
# every stop of a line, by the name the network shows for it (what a user picks), and every place of the gazetteer
STOPS = sorted({NET.labels[n][0] for n, d in NET.graph.nodes(data=True) if d["lines"]})
PLACES = sorted({name for name, _, _ in NET.places.values()})
YEARS = [None, *timeline.years(CAT)]
EXAMPLES = 250

stops = st.sampled_from(STOPS)
ends = st.one_of(stops, st.sampled_from(PLACES))
years = st.sampled_from(YEARS)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _journey(start: str, end: str, year, *, by_year: bool = False):
    try:
        return journeys.journey(NET, CAT, start, end, year, years=by_year)
    except journeys.SamePlace:
        return None  # two names of one stop: a clear notice, not a journey


@SETTINGS
@given(start=ends, end=ends, year=years)
def test_any_two_places_any_year_give_a_journey_whose_km_add_up(start, end, year):
    r = _journey(start, end, year)
    if r is None:
        return
    for answer in (r["ride"], r["built"]):
        parts = ("km_open", "km_under_construction", "km_planned", "km_unknown", "km_missing", "km_sea")
        assert sum(answer[k] for k in parts) == pytest.approx(answer["km_total"], abs=1e-6)
        assert all(answer[k] >= 0 for k in parts)
        legs = [leg for leg in answer["legs"] if leg["kind"] != "transfer"]
        assert sum(leg["km"] for leg in legs) == pytest.approx(answer["km_total"], abs=0.05 * len(legs) + 1e-6)
        assert {leg["group"] for leg in answer["legs"]} <= {*journeys.KM_GROUPS, "transfer"}
        assert answer["legs"][0]["from_id"] != answer["legs"][-1]["to_id"]
        for leg in answer["legs"]:  # a line whose state no source gives that year is unknown, never planned
            assert (leg["status"] == "not_reported") == (leg["group"] == "unknown")
    assert {k: r[k] for k in ("km_total", "km_open", "legs")} == {k: r["ride"][k] for k in ("km_total", "km_open", "legs")}


@SETTINGS
@given(start=stops, end=stops, year=years)
def test_the_ride_has_at_least_the_open_km_of_the_built_path(start, end, year):
    r = _journey(start, end, year)
    if r is None:
        return
    assert r["ride"]["km_open"] >= r["built"]["km_open"]
    if r["ride"]["km_open"] == r["built"]["km_open"]:
        assert r["ride"]["km_under_construction"] >= r["built"]["km_under_construction"]


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=stops, end=stops, year=years, lang=st.sampled_from(["en", "zh", "id"]))
def test_the_page_tables_chart_and_reasons_render_in_every_language(start, end, year, lang):
    r = _journey(start, end, year, by_year=True)  # as the page asks: with the km open by year for its chart
    if r is None:
        return
    assert r["by_year"] and all(row["km_open"] <= r["km_total"] + 1e-6 for row in r["by_year"] if not row["projected"])
    for answer in (r["ride"], r["built"]):
        assert len(journeys.legs_table(answer, lang)) == len(answer["legs"])
        assert len(journeys.reasons(answer, lang)) == len(answer["not_open"])
