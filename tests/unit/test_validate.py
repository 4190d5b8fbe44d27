"""Validation: every kind of bad data is one named problem line (file, record, field, what was
expected, what was found), never a traceback, and the valid rest of the data is still loaded.
Two tables: a feature's fields broken one at a time, and files broken as editors and probes break them."""

from __future__ import annotations

import json

import pytest

from atlas.catalog import load_catalog
from atlas.cli import main
from atlas.data import FILE, FOLLOW_ON
from atlas.mapview import base_map
from tests.conftest import feature, write_data


def _layer(root, name="rail_corridors"):
    return root / "geo" / f"{name}.geojson"


def _write_raw(path, text: str | bytes):
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def _write_country(root, geometry):
    """A basemap outline of one country, Laos, with the given geometry."""
    feat = {"type": "Feature", "properties": {"iso_a3": "LAO", "name": "Laos"}, "geometry": geometry}
    _write_raw(root / "geo" / "countries.geojson", json.dumps({"type": "FeatureCollection", "features": [feat]}))


FACTS_HEADER = "feature_id,metric,value,unit,qualifier,period_start,as_of,source_id,excerpt_id\n"


def _good(tmp_path):
    return write_data(
        tmp_path / "data",
        layers={"rail_corridors": [feature("good_line")], "ports": [feature("a_port", kind="port", coords=((101.5, 19.5),))]},
    )


CASES = [
    # a CSV saved by a Windows editor in cp1252 (é is 0xe9): was a UnicodeDecodeError traceback
    (
        lambda r: _write_raw(r / "facts.csv", (FACTS_HEADER + "good_line,length,1,km,café,,2024,t,\n").encode("cp1252")),
        "data/facts.csv: (file): (file): expected UTF-8 text, found byte 0xe9",
    ),
    # the same in GB18030 (铁路): was a UnicodeDecodeError traceback
    (
        lambda r: _write_raw(r / "facts.csv", (FACTS_HEADER + "good_line,length,1,km,铁路,,2024,t,\n").encode("gb18030")),
        "data/facts.csv: (file): (file): expected UTF-8 text, found byte 0xcc",
    ),
    # a member of "features" that is not an object: was AttributeError
    (
        lambda r: _write_raw(_layer(r), json.dumps({"type": "FeatureCollection", "features": [feature("good_line"), "oops"]})),
        "data/geo/rail_corridors.geojson: feature #2: (record): expected a GeoJSON Feature object, found 'oops'",
    ),
    # properties given as a list: was AttributeError
    (
        lambda r: _write_raw(
            _layer(r, "ports"),
            json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": ["x"], "geometry": None}]}),
        ),
        "data/geo/ports.geojson: feature #1: properties: expected an object of properties, found ['x']",
    ),
    # "features": null: was TypeError
    (
        lambda r: _write_raw(_layer(r, "ports"), '{"type": "FeatureCollection", "features": null}'),
        "data/geo/ports.geojson: (file): features: expected a list of Features, found None",
    ),
    # 100,000 nested arrays: was RecursionError
    (
        lambda r: _write_raw(_layer(r, "ports"), "[" * 100_000 + "]" * 100_000),
        "data/geo/ports.geojson: (file): (file): expected JSON nested at most 64 levels deep, found deeper",
    ),
    # a basemap outline that is not a FeatureCollection: validate said OK, the map crashed
    (
        lambda r: _write_raw(r / "geo" / "countries.geojson", "[1, 2]"),
        "data/geo/countries.geojson: (file): type: expected a FeatureCollection, found 'list'",
    ),
    # a Point in the outline: validate said OK, then layers.encode_outline crashed the Map and Projects pages
    (
        lambda r: _write_country(r, {"type": "Point", "coordinates": [102, 18]}),
        "data/geo/countries.geojson: feature #1: geometry: expected a Polygon or MultiPolygon country outline, found 'Point'",
    ),
    # a GeometryCollection in the outline, likewise
    (
        lambda r: _write_country(r, {"type": "GeometryCollection", "geometries": []}),
        "found 'GeometryCollection'",
    ),
    # an id with a trailing newline ('$' matched before it): now rejected
    (
        lambda r: _write_raw(
            _layer(r, "ports"), json.dumps({"type": "FeatureCollection", "features": [feature("pwn\n", kind="port")]})
        ),
        "id: expected a snake_case id such as 'china_laos_railway', found 'pwn\\n'",
    ),
    # a date with a trailing newline
    (
        lambda r: _write_raw(r / "facts.csv", FACTS_HEADER + 'good_line,length,1,km,,,"2024-01\n",t,\n'),
        "as_of: expected an ISO date YYYY[-MM[-DD]], found '2024-01\\n'",
    ),
    # month 13 (was read as January of the next year)
    (
        lambda r: _write_raw(r / "facts.csv", FACTS_HEADER + "good_line,length,1,km,,,2024-13,t,\n"),
        "as_of: expected an ISO date YYYY[-MM[-DD]], found '2024-13'",
    ),
    # month 00 (was read as December of the year before)
    (
        lambda r: _write_raw(r / "facts.csv", FACTS_HEADER + "good_line,length,1,km,,,2024-00,t,\n"),
        "as_of: expected an ISO date YYYY[-MM[-DD]], found '2024-00'",
    ),
    # inf and nan figures (shown as "over inf passengers")
    (
        lambda r: _write_raw(r / "facts.csv", FACTS_HEADER + "good_line,passengers,inf,passengers,,,2024,t,\n"),
        "value: expected a finite number",
    ),
    (
        lambda r: _write_raw(r / "facts.csv", FACTS_HEADER + "good_line,passengers,nan,passengers,,,2024,t,\n"),
        "value: expected a finite number",
    ),
    # coordinates as strings (were converted silently)
    (
        lambda r: _write_raw(
            _layer(r, "ports"),
            json.dumps({"type": "FeatureCollection", "features": [feature("a_port", kind="port", coords=(("101.5", "19.5"),))]}),
        ),
        "a_port: geometry.coordinates: expected [lon, lat] pairs of numbers, found ['101.5', '19.5']",
    ),
    # one value too many in a CSV row (was "None: expected Keys should be strings")
    (
        lambda r: _write_raw(r / "facts.csv", FACTS_HEADER + "good_line,length,1,km,,,2024,t,,extra\n"),
        "data/facts.csv: row 2: (row): expected 9 values as in the header, found 10",
    ),
]


@pytest.mark.parametrize(("breaks", "expected"), CASES)
def test_bad_input_is_a_named_problem_not_a_traceback(tmp_path, breaks, expected):
    root = _good(tmp_path)
    breaks(root)
    cat = load_catalog(root)
    lines = [str(p) for p in cat.problems]
    assert any(expected in line for line in lines), lines
    assert "good_line" in set(cat.features["id"])  # the rest is still there
    base_map(cat, basemap="outline")  # and the map still builds (the outline crashed it before)


def test_excel_csv_with_a_byte_order_mark_is_read(tmp_path):
    # regression: Excel's "CSV UTF-8" starts with a BOM, and every row failed on 'feature_id'
    root = _good(tmp_path)
    _write_raw(root / "facts.csv", "\ufeff" + FACTS_HEADER + "good_line,length,12.5,km,,,2024,t,\n")
    cat = load_catalog(root)
    assert cat.problems == ()
    assert cat.facts["value"].tolist() == [12.5]


def test_every_problem_of_a_record_is_named(tmp_path):
    # regression: a bad country hid the dangling related id of the same record
    bad = feature("bad_line", countries=["CN"], related=["nowhere"])
    root = write_data(tmp_path / "data", layers={"rail_corridors": [bad, feature("good_line")]})
    lines = [str(p) for p in load_catalog(root).problems]
    assert any("bad_line: countries: expected ISO alpha-3 codes such as 'CHN', found ['CN']" in x for x in lines), lines
    assert any("bad_line: related: expected the id of a feature, found 'nowhere'" in x for x in lines), lines


def test_an_id_twice_in_one_layer_is_named_as_a_duplicate(tmp_path):
    # regression: reported only through its consequences ("expected the id of a feature, found …")
    root = write_data(
        tmp_path / "data",
        layers={
            "border_stations": [feature("mohan_station", kind="border_station"), feature("mohan_station", kind="border_station")]
        },
    )
    lines = [str(p) for p in load_catalog(root).problems]
    assert (
        "data/geo/border_stations.geojson: mohan_station: id: duplicate id 'mohan_station' (also in data/geo/border_stations.geojson, feature #1)"
        in lines
    )


def test_truncated_layer_gives_its_root_cause_and_one_grouped_follow_on(data_copy):
    # regression: a truncated ports.geojson gave 1 real problem and 8 follow-on lines
    (data_copy / "geo" / "ports.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    problems = load_catalog(data_copy).problems
    assert [p.rank for p in problems] == [FILE, FOLLOW_ON], [str(p) for p in problems]
    assert str(problems[0]).startswith("data/geo/ports.geojson: (file): (file): expected valid JSON")
    assert "id(s) not loaded, probably features of the unreadable file: 'kuantan_port', 'kyaukpyu_port', 'melaka_gateway'" in str(
        problems[1]
    )
    assert str(problems[1]).count("\n") == 0  # one line, however many references


def test_root_causes_come_first(tmp_path):
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("a_line", related=["gone"])]})
    _write_raw(root / "milestones.csv", b"\xff\xfe")
    ranks = [p.rank for p in load_catalog(root).problems]
    assert ranks == sorted(ranks) and ranks[0] == FILE


def test_validate_prints_every_probe_problem_once(tmp_path, capsys):
    """`python -m atlas validate` on one copy with many of the problems above: each printed once, no traceback."""
    root = write_data(
        tmp_path / "data",
        layers={
            "rail_corridors": [feature("good_line"), feature("bad_line", countries=["CN"], related=["nowhere"])],
            "border_stations": [feature("twice", kind="border_station"), feature("twice", kind="border_station")],
        },
    )
    _write_raw(_layer(root, "ports"), '{"type": "FeatureCollection", "features": null}')
    _write_raw(
        root / "facts.csv",
        "\ufeff" + FACTS_HEADER + "good_line,passengers,inf,passengers,,,2024-13,t,\ngood_line,length,1,km,,,2024,t,,x\n",
    )
    _write_raw(root / "milestones.csv", b"feature_id,date,event,description,source_id,excerpt_id\n" + "é".encode("cp1252"))
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    expected = [
        "data/milestones.csv: (file): (file): expected UTF-8 text",
        "data/geo/ports.geojson: (file): features: expected a list of Features, found None",
        "bad_line: countries: expected ISO alpha-3 codes",
        # with ports.geojson unreadable, an unknown id may be one of its features: grouped under it
        "data/geo/ports.geojson: (follow-on): references: 1 reference(s) in geo/rail_corridors.geojson to 1 id(s) not loaded, "
        "probably features of the unreadable file: 'nowhere'",
        "twice: id: duplicate id 'twice'",
        "row 2 (good_line): value: expected a finite number",
        "row 2 (good_line): as_of: expected an ISO date",
        "data/facts.csv: row 3: (row): expected 9 values as in the header, found 10",
    ]
    for text in expected:
        assert sum(text in line for line in out) == 1, (text, out)
    assert not any("Traceback" in line for line in out)


# --- a feature's fields, broken one at a time; and records referring to what is not there ---


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


def test_a_builder_name_with_a_comma_is_refused(tmp_path):
    """A link lists several builders comma-separated (?builder=A,B): a name with a comma could not round-trip."""
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("ok_line", builders=["China Railway Group, Ltd."])]})
    cat = load_catalog(root)
    assert [str(p) for p in cat.problems] == [
        "data/geo/rail_corridors.geojson: ok_line: builders.0: expected a name without a comma, found 'China Railway Group, Ltd.'"
    ]
