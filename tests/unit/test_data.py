"""Loading and validation: a clean catalog from data/, and one sentence per problem."""

import json

import pytest

from atlas.catalog import load_catalog
from atlas.cli import main
from tests.conftest import feature, write_data


def test_bundled_data_is_clean():
    cat = load_catalog()
    assert cat.problems == ()
    # every place the first article names is on the map
    for fid in (
        "china_laos_railway",
        "thailand_laos_railway",
        "thai_china_hsr_phase1",
        "thai_china_hsr_phase2",
        "china_vietnam_railway_vietnam",
        "china_cambodia_railway",
        "muse_mandalay_railway",
        "ecrl",
        "jakarta_bandung_hsr",
        "mohan_station",
        "boten_station",
        "mckip",
        "cmqip",
        "kyaukpyu_port",
        "singapore_shandong_gdsc",
        "ccisc",
        "cmec",
        "rcec",
    ):
        assert cat.feature(fid) is not None, fid
    assert {"acfta_3", "lancang_mekong_visa", "visa_free_entry", "china_singapore_mous_2024"} <= set(cat.agreements["id"])


def test_china_laos_line_runs_through_its_stations_in_order():
    f = load_catalog().feature("china_laos_railway")
    china, laos = f["geometry"].geoms
    assert f["part_precisions"] == ("through_stations", "traced") or list(f["part_precisions"]) == ["through_stations", "traced"]
    lats = [y for _, y in china.coords]
    assert len(lats) >= 7  # Kunming South, Yuxi, Mojiang, Ning'er, Pu'er, Jinghong, Mengla, Mohan
    assert lats == sorted(lats, reverse=True)  # north to south through the stations, never a straight line between termini
    # the Lao half follows OpenStreetMap track: many vertices, from Boten down to Vientiane
    assert len(laos.coords) > 100
    assert laos.coords[0][1] > 21.1 and laos.coords[-1][1] < 18.1


def test_article_excerpts_are_verbatim():
    seed = load_catalog().data_dir.parents[1] / "shared" / "seeds" / "000_80fca922129cac07.txt"
    if not seed.exists():
        pytest.skip("shared/ seed not beside the checkout")
    text = " ".join(seed.read_text(encoding="utf-8").split())
    src = load_catalog().sources["thinkchina_2024_11_18"]
    for ex in src.excerpts:
        assert " ".join(ex.text.split()) in text, ex.id


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        # a two-letter country code
        (lambda f: f["properties"].update(countries=["CN"]), "countries: expected ISO alpha-3 codes such as 'CHN', found ['CN']"),
        # a status outside the vocabulary
        (lambda f: f["properties"].update(status="finished"), "status: expected 'operational', 'trial_operation'"),
        # a date that does not parse
        (
            lambda f: f["properties"].update(status_as_of="2024-13-01"),
            "status_as_of: expected an ISO date YYYY[-MM[-DD]], found '2024-13-01'",
        ),
        # a line of one point
        (
            lambda f: f["geometry"].update(coordinates=[[101.0, 20.0]]),
            "geometry.coordinates: expected a line of two points or more",
        ),
        # coordinates swapped (lat, lon) fall outside the region
        (lambda f: f["geometry"].update(coordinates=[[20.0, 101.0], [19.0, 102.0]]), "expected [lon, lat] inside the region"),
        # regression: MultiPoint stations blank the map in streamlit-folium
        (
            lambda f: f.update(geometry={"type": "MultiPoint", "coordinates": [[101, 20], [102, 19]]}),
            "expected one Point per station, park or port, found MultiPoint",
        ),
        # a related id that does not exist
        (lambda f: f["properties"].update(related=["nowhere"]), "related: expected the id of a feature, found 'nowhere'"),
        # an empty summary
        (lambda f: f["properties"].update(summary="  "), "summary: expected text, found an empty string"),
    ],
)
def test_each_problem_is_one_clear_line(tmp_path, mutate, expected):
    bad, good = feature("bad_line"), feature("good_line", coords=((100.0, 18.0), (101.0, 17.0)))
    mutate(bad)
    cat = load_catalog(write_data(tmp_path / "data", layers={"rail_corridors": [bad, good]}))
    lines = [str(p) for p in cat.problems]
    assert any(line.startswith("data/geo/rail_corridors.geojson: bad_line: ") and expected in line for line in lines), lines
    assert "good_line" in set(cat.features["id"])  # the valid rest is kept


def test_duplicate_ids_across_layers(tmp_path):
    cat = load_catalog(
        write_data(
            tmp_path / "data",
            layers={"rail_corridors": [feature("same")], "ports": [feature("same", kind="port", countries=["MYS"])]},
        )
    )
    assert any(
        "same: id: duplicate id 'same' (also in data/geo/rail_corridors.geojson, feature #1)" in str(p) for p in cat.problems
    )
    assert list(cat.features["id"]) == ["same"]


def test_broken_json_file_leaves_other_layers(tmp_path):
    root = write_data(
        tmp_path / "data", layers={"rail_corridors": [feature("a_line")], "ports": [feature("a_port", kind="port")]}
    )
    (root / "geo" / "ports.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    cat = load_catalog(root)
    assert any(str(p).startswith("data/geo/ports.geojson: (file): (file): expected valid JSON") for p in cat.problems)
    assert list(cat.features["id"]) == ["a_line"]


def test_fact_with_unknown_source_is_dropped(tmp_path):
    root = write_data(
        tmp_path / "data",
        layers={"rail_corridors": [feature("a_line")]},
        facts="a_line,passengers,5,passengers,,,2024-01-01,nosuch,\n",
    )
    cat = load_catalog(root)
    assert "data/facts.csv: row 2 (a_line): source_id: expected the id of a file in sources/, found 'nosuch'" in [
        str(p) for p in cat.problems
    ]
    assert cat.facts.empty


def test_feature_without_any_source_is_reported(tmp_path):
    root = write_data(
        tmp_path / "data",
        layers={"rail_corridors": [feature("a_line"), feature("lonely", coords=((100, 18), (101, 17)))]},
        excerpts=[("t#1", "Only a line.", ["a_line"])],
    )
    assert any("lonely: (sources): expected at least one excerpt or cited fact" in str(p) for p in load_catalog(root).problems)


def test_validate_cli_exit_codes(data_copy, capsys):
    assert main(["validate", str(data_copy)]) == 0
    assert "OK — 105 features" in capsys.readouterr().out
    path = data_copy / "geo" / "border_stations.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["countries"] = ["CN"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["validate", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert (
        "data/geo/border_stations.geojson: mohan_station: countries: expected ISO alpha-3 codes such as 'CHN', found ['CN']"
        in out
    )


def test_every_feature_has_aliases_and_the_chinese_names_sources_use():
    cat = load_catalog()
    for _, f in cat.features.iterrows():
        assert f["aliases"], f["id"]
    names = {n for _, f in cat.features.iterrows() for n in (f["name_zh"], *f["aliases"]) if isinstance(n, str)}
    for zh in ("中老铁路", "雅万高铁", "马来西亚东海岸铁路", "中泰铁路", "关丹产业园", "钦州产业园", "磨憨站"):
        assert zh in names, zh


def test_a_builder_name_with_a_comma_is_refused(tmp_path):
    """A link lists several builders comma-separated (?builder=A,B): a name with a comma could not round-trip."""
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("ok_line", builders=["China Railway Group, Ltd."])]})
    cat = load_catalog(root)
    assert [str(p) for p in cat.problems] == [
        "data/geo/rail_corridors.geojson: ok_line: builders.0: expected a name without a comma, found 'China Railway Group, Ltd.'"
    ]
