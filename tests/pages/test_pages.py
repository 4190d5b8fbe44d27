"""AppTest: every page runs without an exception, and the shared filters change what it shows."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from atlas.ui import md_escape
from tests.conftest import REPO, feature, write_data

PAGES = [
    "pages/map.py",
    "pages/projects.py",
    "pages/progress.py",
    "pages/sources.py",
    "pages/soft_links.py",
    "pages/journeys.py",
    "pages/whats_new.py",
]


def run(page=None, *, params=None, timeout=30):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=timeout)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def markdown_text(at):
    return " ".join(m.value for m in at.markdown)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page):
    at = run(page)
    assert not at.exception, at.exception
    assert at.title[0].value


def test_map_page_counts_follow_the_country_filter():
    at = run()
    assert "105 of 105 features" in markdown_text(at)
    at.sidebar.multiselect(key="f_country").select("MYS").run()
    assert "All projects in Malaysia** — 15 of 105 features" in markdown_text(at)


def test_projects_table_follows_filters():
    assert len(run("pages/projects.py").dataframe[0].value) == 105
    at = run()
    at.sidebar.multiselect(key="f_kind").select("industrial_park").run()
    at.switch_page("pages/projects.py").run()  # the filter set on one page applies on the next
    assert set(at.dataframe[0].value.index) == {  # the ids: the hidden index that opens a row on the map
        "mckip",
        "cmqip",
        "yuanhong_investment_zone",
        "bintan_industrial_estate",
        "kyaukpyu_sez",
        "saysettha_zone",
        "boten_sez",
        "longjiang_industrial_park",
        "sihanoukville_sez",
        "rayong_industrial_zone",
        "weda_bay_industrial_park",
        "morowali_industrial_park",
        "hengyi_pmb",
        "an_duong_industrial_park",
        "konawe_industrial_park",
        "golden_triangle_sez",
    }


def test_url_restores_filters_and_selected_feature():
    at = run(params={"country": "IDN", "feature": "jakarta_bandung_hsr"})
    assert at.sidebar.multiselect(key="f_country").value == ["IDN"]
    assert at.session_state["feature"] == "jakarta_bandung_hsr"
    assert "All projects in Indonesia** — 11 of 105 features" in markdown_text(at)


def test_unknown_url_values_show_a_notice():
    at = run(params={"country": "XYZ", "kind": "rail_corridor"})
    # the value from the link is a code span: shown verbatim, never markdown
    assert any("Ignored unknown country value(s) in the link: ` XYZ `." in w.value for w in at.sidebar.warning)
    assert at.sidebar.multiselect(key="f_kind").value == ["rail_corridor"]


def test_soft_links_follow_country_filter():
    all_rows = len(run("pages/soft_links.py").dataframe[0].value)
    at = run()
    at.sidebar.multiselect(key="f_country").select("SGP").run()
    at.switch_page("pages/soft_links.py").run()
    names = set(at.dataframe[0].value["name"])
    assert "25 China–Singapore MOUs and agreements" in names and len(names) < all_rows


def test_bad_data_shows_banner_and_the_rest(tmp_path, monkeypatch):
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("ok_line"), feature("bad_line", countries=["XX"])]})
    monkeypatch.setenv("ATLAS_DATA_DIR", str(root))
    at = run()
    assert not at.exception
    assert "1 problem in the data" in at.error[0].value
    assert "bad_line: countries: expected ISO alpha-3 codes" in at.code[0].value
    assert "1 of 1 features" in markdown_text(at)


def test_progress_page_raises_no_conflict_for_figures_that_agree_to_their_precision():
    """Regression (issue 18): 142 km and 142.3 km for Whoosh were flagged "sources disagree"."""
    at = run("pages/progress.py")
    assert not any("disagree" in w.value for w in at.warning)
    table = at.dataframe[0].value
    assert {142.0, 142.3} <= set(table["value"]) and (table["conflict"] == "").all()


def test_atlas_offline_makes_the_outline_the_default(monkeypatch):
    monkeypatch.setenv("ATLAS_OFFLINE", "1")
    assert run().session_state["basemap"] == "outline"
    monkeypatch.delenv("ATLAS_OFFLINE")
    assert run().session_state["basemap"] == "carto"
    assert run(params={"basemap": "osm"}).session_state["basemap"] == "osm"


@pytest.mark.parametrize(
    "params",
    [
        # a phishing link in an unknown feature id (rendered as a clickable link before)
        {"feature": "[Session expired - log in again](https://evil.example/login)"},
        # an image in an unknown country: the browser fetched it
        {"country": "![p](https://evil.example/pixel.png)"},
        # markup in an unknown parameter name
        {"[x](https://evil.example/)": "1"},
        # markup in an unknown basemap and language
        {"basemap": "**bold**[a](https://evil.example/)", "lang": "<b>zh</b>"},
    ],
)
def test_url_values_in_notices_are_never_markdown(params):
    at = run(params=params)
    warnings = [w.value for w in at.sidebar.warning]
    assert warnings, "an unknown value gives a notice"
    for text in warnings:  # outside the code spans that hold the URL's values, no markdown at all
        outside = re.sub(r"(`+) .*? \1", "", text)
        assert re.search(r"[\[\]!*<>]|https?:", outside) is None, text


def test_empty_data_folder_with_a_year_in_the_link(tmp_path, monkeypatch):
    # regression: IndexError in ui.read_url (no years to pick from)
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "empty"))
    at = run(params={"year": "2020"})
    assert not at.exception, at.exception
    assert any("Ignored year 2020" in w.value for w in at.sidebar.warning)
    assert "0 of 0 features" in markdown_text(at)


def test_headline_km_under_a_country_filter_match_the_progress_page():
    # regression: filtered to Laos, "Rail km open" showed whole lines (≈1,049 km), Progress the Lao share (≈465 km)
    at = run(params={"country": "LAO"})
    tile = next(m for m in at.metric if m.label == "Rail km open")
    from atlas import stats
    from atlas.catalog import load_catalog
    from atlas.filters import Selection, apply

    km = stats.km_by_status_country(apply(load_catalog(), Selection(country=("LAO",))))
    lao_open = km[(km["country"] == "Laos") & (km["status"] == "open")]["km"].sum()
    assert 400 < lao_open < 500  # the Lao share only, not the 1,049 km of whole lines
    assert tile.value == f"≈ {lao_open:,.0f} km", tile.value
    assert md_escape("only the part of each cross-border line inside Laos is counted") in tile.help
    unfiltered = next(m for m in run().metric if m.label == "Rail km open")
    assert "inside" not in (unfiltered.help or "")


def test_committed_finance_is_a_tile_of_its_own_with_aiddata_cited():
    at = run(params={"country": "LAO"})
    tile = next(m for m in at.metric if m.label == md_escape("Committed finance (AidData)"))
    assert tile.value.startswith("$4.") and tile.value.endswith("B"), tile.value
    assert md_escape("AidData GCDF 3.0") in tile.help and md_escape("not the atlas's sourced progress figures") in tile.help
    assert md_escape("only projects whose recipient is Laos") in tile.help
    assert "AidData" not in (next(m for m in at.metric if m.label == "Rail km open").help or "")


def test_progress_finance_section_follows_country_and_year():
    at = run("pages/progress.py", params={"country": "LAO", "year": "2016"})
    assert not at.exception, at.exception
    assert "Chinese finance (AidData, 2000–2021)" in [h.value for h in at.subheader]
    assert any("not the atlas's sourced status" in c.value for c in at.caption)
    table = next(d.value for d in at.dataframe if "AidData id" in d.value.columns)
    assert set(table["recipient"]) == {"Laos"} and table["commitment year"].max() <= 2016
    assert table["link"].str.startswith("https://china.aiddata.org/projects/").all()
    assert "China–Laos Railway (Kunming–Vientiane)" in set(table["feature on the map"])  # the 2016 loan
    assert md_escape("Linked to a feature on the map:") in markdown_text(at)


def link_value(at, key: str) -> str:
    value = at.query_params.get(key, "")
    return value[0] if isinstance(value, list) else value


def map_args(at) -> str:
    """The scripts of the layers st_folium sends to the browser (its `feature_group` argument)."""
    return json.loads(at.get("component_instance")[0].proto.json_args)["feature_group"]


@pytest.mark.parametrize(
    "params, on, notice",
    [
        ({}, False, None),  # off by default: not a byte of it in the map
        ({"finance": "1", "country": "LAO", "year": "2019"}, True, None),  # the share link turns it on
        ({"finance": "yes"}, False, "Ignored unknown value of the finance layer in the link: ` yes `"),
    ],
)
def test_the_finance_layer_is_off_by_default_and_kept_in_the_link(params, on, notice):
    at = run(params=params)
    assert not at.exception, at.exception
    assert at.session_state["finance"] is on and at.sidebar.toggle(key="finance").value is on
    assert ("atlasFinance(" in map_args(at)) is on
    assert (link_value(at, "finance") == "1") is on  # in the address bar only when on
    warnings = [w.value for w in at.sidebar.warning]
    assert any(notice in w for w in warnings) if notice else not warnings


def test_turning_the_finance_layer_on_in_the_sidebar_adds_it_to_the_map():
    at = run()
    at.sidebar.toggle(key="finance").set_value(True).run()
    assert "atlasFinance(" in map_args(at) and link_value(at, "finance") == "1"
    at.sidebar.multiselect(key="f_sector").select("energy").run()
    assert '"sectorCodes":["energy"]' in map_args(at)  # the sector filter reaches the layer
