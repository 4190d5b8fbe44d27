"""The Progress page's finance section (atlas/finance_view.py): AidData's projects by the sidebar's country and
year, their sums, the share linked to a feature on the map, and the largest-projects table and its CSV."""

import io

import pandas as pd
import pytest

from atlas import export, finance_view
from atlas.catalog import load_catalog
from tests.conftest import feature, finance_project, with_finance, write_data

CAT = load_catalog()


@pytest.mark.parametrize(
    "countries, year, check",
    [
        ((), None, lambda t: len(t) == 1391),  # every ASEAN record of the layer
        (("LAO",), None, lambda t: set(t["recipient"]) == {"LAO"}),  # the recipient, as the sidebar's country
        (("LAO", "THA"), 2016, lambda t: set(t["recipient"]) == {"LAO", "THA"} and t["commitment_year"].max() == 2016),
        ((), 1999, lambda t: t.empty),  # AidData starts in 2000
    ],
)
def test_projects_follow_the_country_filter_and_the_year_as_commitment_year(countries, year, check):
    assert check(finance_view.projects(CAT, countries=countries, year=year))


def test_projects_are_largest_first_and_know_their_features():
    table = finance_view.projects(CAT)
    assert table["aiddata_id"].iloc[0] == 85304  # the China–Laos Railway's $3.54 billion loan of 2019
    linked = dict(zip(table["aiddata_id"], table["linked"], strict=True))
    assert linked[33726] == ("china_laos_railway",) and linked[73315] == ("muse_mandalay_railway", "mandalay_kyaukpyu_railway")
    assert linked[65742] == ()  # Vinh Tan 3: no feature of the atlas names it


def test_totals_and_the_linked_share(tmp_path):
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("a_line", aiddata_ids=[1])]})
    projects = [
        finance_project(1, amount_usd_2021=3e8),
        finance_project(2, amount_usd_2021=1e8),
        finance_project(3, amount_usd_2021=None),  # no amount: counted apart, in no sum
    ]
    totals = finance_view.totals(finance_view.projects(load_catalog(with_finance(root, projects))))
    assert totals == finance_view.Totals(usd_2021=4e8, projects=2, unknown=1, linked_usd_2021=3e8, linked_projects=1)
    assert totals.linked_share == 0.75


def test_the_chart_table_adds_up_to_the_totals():
    table = finance_view.projects(CAT, countries=("IDN", "VNM"))
    by = finance_view.by_country_sector_year(table, "id")
    assert set(by["country"]) == {"Indonesia", "Vietnam"}
    assert by["usd_2021"].sum() == pytest.approx(finance_view.totals(table).usd_2021)
    assert "Transportasi dan pergudangan" in set(by["sector"])  # AidData's sector, in the page's language


def test_largest_projects_table_and_its_csv_are_the_same_rows_in_the_pages_language():
    table = finance_view.largest(finance_view.projects(CAT), CAT, "zh")
    assert len(table) == finance_view.LARGEST
    assert list(table.columns)[:3] == ["AidData 编号", "标题（AidData）", "受援国"] and "链接" in table.columns
    first = table.iloc[0]
    assert first["链接"] == "https://china.aiddata.org/projects/85304" and first["出资方"] == "China Eximbank"
    assert first["地图上的要素"] == "中老铁路" and first["金额（2021 年不变价美元）"] == 3977418727
    back = pd.read_csv(io.BytesIO(export.csv_bytes(table)))
    assert list(back.columns) == list(table.columns) and len(back) == len(table)
    assert list(back["AidData 编号"]) == list(table["AidData 编号"])


def test_a_data_folder_without_the_layer_gives_empty_tables(tmp_path):
    # regression: an empty `linked` column (object dtype) picked columns instead of rows in totals()
    cat = load_catalog(write_data(tmp_path / "data", layers={"rail_corridors": [feature("a_line")]}))
    table = finance_view.projects(cat)
    assert table.empty and finance_view.totals(table).projects == 0
    assert finance_view.by_country_sector_year(table).empty and finance_view.largest(table, cat).empty


@pytest.mark.parametrize(
    "lang, line, text",
    [
        ("en", "china_laos_railway", "China Eximbank: $4.54B (constant 2021 USD)"),  # its two loans, summed
        ("zh", "jakarta_bandung_hsr", "China Development Bank：US$45.72亿（2021 年不变价美元）"),
        ("id", "muse_mandalay_railway", "Chinese Government: US$16,46\xa0jt (USD konstan 2021)"),  # a grant, CLDR's "jt"
    ],
)
def test_line_finance_names_lenders_and_the_sum(lang, line, text):
    finance = finance_view.line_finance(CAT, lang)
    assert "thailand_laos_railway" not in finance  # no aiddata_ids: no entry
    assert finance[line] == text


def test_journey_legs_show_the_finance_of_each_line():
    from atlas import journeys

    net = journeys.build(CAT)
    ride = journeys.journey(net, CAT, "Kunming", "Vientiane", None)
    table = journeys.legs_table(ride, "en", finance=finance_view.line_finance(CAT, "en"))
    column = "the line's finance (AidData commitments 2000–2021)"
    assert table[column].tolist() == ["China Eximbank: $4.54B (constant 2021 USD)"]
    assert column not in journeys.legs_table(ride, "en").columns  # without finance, the table is as before


def test_an_id_given_twice_is_one_project(tmp_path):
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("a_line", aiddata_ids=[1, "1"])]})
    cat = load_catalog(with_finance(root, [finance_project(1, amount_usd_2021=3e8)]))
    assert finance_view.line_finance(cat)["a_line"] == "China Eximbank: $300M (constant 2021 USD)"  # not $600M
    assert finance_view.projects(cat)["linked"].tolist() == [("a_line",)]
