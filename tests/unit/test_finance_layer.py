"""The map's finance layer (AidData's projects as circles): the sidebar's filters select its records, its
circles are sized and coloured by the style rules, and no string from the data can become markup."""

import json
import math

import pytest

from atlas import i18n, mapview, search
from atlas.catalog import load_catalog
from atlas.filters import BY_KEY, Selection, apply, describe, finance_shown, from_query_params, to_query_params
from atlas.finance import SECTOR_OF, SECTOR_TABLE, SECTORS
from atlas.layers import script_json
from bench.payload import payload, size
from tests.conftest import feature, finance_project, with_finance, write_data

CAT = load_catalog()
FIN = CAT.finance


def encoded_ids(sel: Selection) -> list[int]:
    return mapview.finance_encoded(finance_shown(CAT, sel))["cols"]["ids"]


def test_laos_by_2019_keeps_only_lao_commitments_made_by_the_end_of_2019():
    shown = finance_shown(CAT, Selection(country=("LAO",), year=2019))
    assert len(shown) == 198  # of the 1,391 ASEAN records
    assert set(shown["recipient"]) == {"LAO"} and shown["commitment_year"].max() == 2019
    later = FIN[(FIN["recipient"] == "LAO") & (FIN["commitment_year"] > 2019)]
    assert len(later) and not set(later.index) & set(shown.index)  # Laos 2020–2021 commitments exist and are left out
    # the layer draws exactly the selected projects GeoGCDF locates, each once
    ids = encoded_ids(Selection(country=("LAO",), year=2019))
    assert sorted(ids) == sorted(shown.index[shown.geometry.notna()]) and len(ids) == 27


@pytest.mark.parametrize(
    "sel, check",
    [
        # AidData's sector, by our code
        (Selection(sector=("energy",)), lambda f: set(f["sector"]) == {"ENERGY"}),
        (Selection(sector=("transport", "health")), lambda f: set(f["sector"]) == {"TRANSPORT AND STORAGE", "HEALTH"}),
        # the financier filter as AidData's lender
        (Selection(financier=("China Eximbank",)), lambda f: all("China Eximbank" in ls for ls in f["financiers"])),
        # the search text in AidData's title, as search reads it: "Mini Hydro Power Project" holds "hydropower"
        (Selection(q="hydropower"), lambda f: f["title"].map(lambda t: "hydropower" in search.fold(t)).all()),
        # filters that say nothing about AidData's records (kind, the atlas's status) leave them all
        (Selection(kind=("port",), status=("planned",)), lambda f: len(f) == len(FIN)),
    ],
)
def test_the_sidebar_filters_select_the_layers_records(sel, check):
    shown = finance_shown(CAT, sel)
    assert len(shown) and check(shown)


def test_the_sector_filter_selects_features_financed_in_that_sector_and_round_trips_through_the_link():
    ids = set(apply(CAT, Selection(sector=("transport",))).features["id"])
    assert {"china_laos_railway", "jakarta_bandung_hsr", "cat_linh_ha_dong_metro"} <= ids
    assert "morowali_industrial_park" not in ids  # its AidData projects are energy and industry, not transport
    sel = Selection(sector=("transport", "energy"))
    assert to_query_params(sel) == {"sector": "transport,energy"}
    assert from_query_params({"sector": "transport,energy"}, catalog=CAT) == (sel, [])
    kept, notices = from_query_params({"sector": "transport,<b>roads</b>"}, catalog=CAT)
    assert kept["sector"] == ("transport",)
    assert notices == ["Ignored unknown sector (aiddata) value(s) in the link: ` <b>roads</b> `."]  # a code span, not markup
    assert describe(sel) == "All projects, AidData sector Transport and storage or Energy"


def test_every_sector_of_the_data_is_in_the_one_table_with_words_in_every_language():
    assert set(FIN["sector"]) == set(SECTOR_OF)
    assert len({s.colour for s in SECTOR_TABLE}) == len(SECTOR_TABLE)  # one colour per sector
    for lang in i18n.LANGS:
        labels = [BY_KEY["sector"].option_label(s.code, lang) for s in SECTOR_TABLE]
        assert all(labels) and len(set(labels)) == len(labels)


def test_circle_area_is_proportional_to_the_amount_with_a_smallest_size_and_hollow_without_amount():
    r = mapview.finance_radius
    assert math.isclose((r(4e9) / r(1e9)) ** 2, 4.0)  # four times the amount, four times the area
    assert r(1e9) == mapview.FINANCE_REF_RADIUS
    assert r(1e6) == r(0) == mapview.FINANCE_MIN_RADIUS  # below the stated amount: the smallest size
    assert math.isclose(mapview.finance_smallest_usd(), 4e7)  # the legend's "Below $40M"
    full, hollow = mapview.finance_styles("energy")
    assert full["fillColor"] == SECTORS["energy"].colour and full["fillOpacity"] > 0 and hollow["fillOpacity"] == 0
    enc = mapview.finance_encoded(finance_shown(CAT, Selection(country=("LAO",), year=2019)))
    c = enc["cols"]
    with_amount = [r for r, a in zip(c["r"], c["a"], strict=True) if a]
    assert with_amount == sorted(with_amount, reverse=True)  # largest first: a small circle is drawn on top
    first = c["ids"].index(85304)  # the China–Laos Railway loan, $3.98B in constant 2021 USD
    assert c["a"][first] == "$3.98B" and enc["sectors"][c["k"][first]][0] == "Transport and storage"
    assert enc["lenders"][c["l"][first]] == "China Eximbank" and c["y"][first] == 2019


def test_amounts_and_labels_follow_the_page_language():
    sel = Selection(country=("LAO",), year=2019)
    zh = mapview.finance_encoded(finance_shown(CAT, sel), lang="zh")
    first = zh["cols"]["ids"].index(85304)
    assert zh["cols"]["a"][first] == i18n.money(FIN.at[85304, "amount_usd_2021"], "USD", "zh") != "$3.98B"
    assert zh["sectors"][zh["cols"]["k"][first]][0] == "交通运输与仓储"


def test_a_line_or_area_is_drawn_at_a_point_on_it(tmp_path):
    area = {"type": "Polygon", "coordinates": [[[102.0, 18.0], [102.2, 18.0], [102.2, 18.2], [102.0, 18.2], [102.0, 18.0]]]}
    line = {"type": "LineString", "coordinates": [[101.0, 19.0], [101.5, 19.5]]}
    projects = [finance_project(1), {**finance_project(2), "geometry": area}, {**finance_project(3), "geometry": line}]
    projects.append({**finance_project(4), "geometry": None})  # no location in GeoGCDF: not drawn
    projects.append(finance_project(5, amount_usd_2021=None))  # no amount: small and hollow, after the others
    root = with_finance(write_data(tmp_path / "data", layers={"rail_corridors": [feature("a_line")]}), projects)
    cat = load_catalog(root)
    enc = mapview.finance_encoded(cat.finance)
    assert sorted(enc["cols"]["ids"]) == [1, 2, 3, 5] and enc["selected"] == 5
    assert enc["cols"]["ids"][-1] == 5 and enc["cols"]["a"][-1] == "" and enc["cols"]["r"][-1] == mapview.FINANCE_HOLLOW_RADIUS
    from tests.unit.test_mapview import decode

    pts = dict(zip(enc["cols"]["ids"], decode(enc["cols"]["pt"]), strict=True))
    assert 102.0 < pts[2][0] < 102.2 and 18.0 < pts[2][1] < 18.2  # inside the area
    assert {enc["cols"]["ids"][i] for i in enc["cols"]["o"]} == {2, 3}  # the popup says "shown at one point of it"
    legend = mapview.finance_legend_html(enc)
    assert "4 of 5 selected projects have a location in GeoGCDF and are drawn" in legend
    assert "AidData&#39;s commitments to 2021 — not the atlas&#39;s sourced statuses." in legend


HOSTILE = "</script><img src=x onerror=alert(1)>{{ 7*7 }} & \u2028"


def test_a_hostile_title_stays_text_in_the_rendered_map(tmp_path):
    projects = [finance_project(1, title=HOSTILE, financiers=["<b>Bank</b>"], status="<i>Done</i>")]
    root = with_finance(write_data(tmp_path / "data", layers={"rail_corridors": [feature("a_line")]}), projects)
    cat = load_catalog(root)
    assert not cat.problems
    # what st_folium sends: the map and the finance layer's feature group, as the page adds it
    sent = "".join(payload(mapview.build_map(cat), [mapview.finance_group(cat.finance)]).values())
    assert "atlasFinance(" in sent
    for raw in ("</script><img", "<img src", "<b>Bank", "<i>Done", "{{ 7*7 }}", "{{7*7}}"):
        assert raw not in sent, raw
    # the title arrives as JSON text (the browser puts it in the popup with textContent), never evaluated by folium's Jinja
    assert "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\\u007b\\u007b 7*7 \\u007d\\u007d" in sent


def test_off_the_layer_adds_nothing_to_the_map_and_on_it_stays_compact():
    m = mapview.base_map(CAT)
    groups = mapview.feature_groups(CAT)
    off = size(payload(m, groups, layer_control=True))
    on_groups = [mapview.finance_group(finance_shown(CAT, Selection())), *mapview.feature_groups(CAT)]
    on_parts = payload(mapview.base_map(CAT), on_groups, layer_control=True)
    assert "atlasFinance(" not in json.dumps(payload(mapview.base_map(CAT), groups, layer_control=True))
    assert "atlasFinance(" in json.dumps(on_parts)
    located = FIN[FIN.geometry.notna()]
    titles = len(script_json(list(located["title"])).encode())  # what the tooltips and popups show: most of it
    added = size(on_parts) - off
    # the 193 located records as columns, not one folium object each: under 110 bytes a circle beyond its title,
    # the legend and the sector styles included (one folium.CircleMarker with a popup and tooltip adds about 960)
    assert len(located) == 193 and 0 < added - titles < 193 * 110, (added, titles)


def test_the_benchmarks_synthetic_finance_is_valid_in_proportion_and_says_it_is_synthetic(tmp_path):
    from bench.generate import SYNTHETIC_FINANCE_ID, generate

    cat = load_catalog(generate(tmp_path / "data", 300))
    assert not cat.problems and len(cat.features) == 300 and len(cat.finance) == 30  # one per ten features
    assert (cat.finance.index >= SYNTHETIC_FINANCE_ID).all()  # never an id AidData uses
    assert cat.finance["title"].str.endswith("(not an AidData record)").all()
    located = cat.finance[cat.finance.geometry.notna()]
    assert 0 < len(located) < len(cat.finance) and cat.finance["amount_usd_2021"].isna().any()  # the real layer's cases
    enc = mapview.finance_encoded(finance_shown(cat, Selection(financier=("Synthetic bank 3",))))
    assert enc["lenders"] == ["Synthetic bank 3"]  # the financier filter reaches synthetic lenders too


def test_a_sector_not_in_the_table_is_a_problem_named_with_its_project(tmp_path):
    # a sector AidData adds must become a row of SECTOR_TABLE (colour, words), never a circle without a colour
    projects = [finance_project(1, sector="ROADS"), finance_project(2)]
    cat = load_catalog(with_finance(write_data(tmp_path / "data", layers={"rail_corridors": [feature("a_line")]}), projects))
    assert [(p.record, p.field) for p in cat.problems] == [("project 1", "sector")]
    assert list(cat.finance.index) == [2]
