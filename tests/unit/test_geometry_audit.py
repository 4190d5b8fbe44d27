"""The geometry audit (issue 11): each check on a tiny data folder, one that must warn and one that must not."""

import json

import pytest

from atlas.catalog import load_catalog
from atlas.cli import main
from atlas.geometry_audit import warnings
from tests.conftest import REPO, feature, write_data

LINE = ((101.0, 20.0), (101.0, 19.5), (101.0, 19.0))  # about 111 km north to south along 101°E


def _warnings(tmp_path, layers, facts="", countries=False):
    root = write_data(tmp_path / "data", layers=layers, facts=facts)
    if countries:  # the real outline, for the border check
        (root / "geo" / "countries.geojson").write_text((REPO / "data" / "geo" / "countries.geojson").read_text(encoding="utf-8"))
    return [str(w) for w in warnings(load_catalog(root))]


@pytest.mark.parametrize(
    ("station_at", "warned"),
    [
        ((101.005, 19.7), False),  # 0.5 km east of the line
        ((101.05, 19.7), True),  # 5.2 km east: a station placed at its town, not on its line
    ],
)
def test_station_of_a_line_lies_on_it(tmp_path, station_at, warned):
    layers = {
        "rail_corridors": [feature("the_line", coords=LINE, related=["the_station"])],
        "border_stations": [feature("the_station", kind="station", coords=(station_at,))],
    }
    found = [w for w in _warnings(tmp_path, layers) if "the_station: geometry: warning: expected within 1 km of the_line" in w]
    assert bool(found) == warned, found


@pytest.mark.parametrize(("cited", "warned"), [(115, False), (140, True), (95, True)])
def test_drawn_length_against_the_cited_one(tmp_path, cited, warned):
    facts = f"the_line,length,{cited},km,,,2024-11-18,t,\n"
    found = [w for w in _warnings(tmp_path, {"rail_corridors": [feature("the_line", coords=LINE)]}, facts) if "drawn length" in w]
    assert bool(found) == warned, found
    if warned:
        assert f"expected a drawn length within 10% of the cited {cited} km, found 111 km" in found[0]


@pytest.mark.parametrize(
    ("point", "countries", "warned"),
    [
        ((102.6, 17.97), ["LAO"], False),  # Vientiane in Laos
        ((100.5, 13.75), ["LAO"], True),  # Bangkok claimed for Laos
        ((102.74, 17.88), ["LAO", "THA"], False),  # Nong Khai on the border, claimed for both
    ],
)
def test_point_inside_the_countries_it_claims(tmp_path, point, countries, warned):
    layers = {"industrial_parks": [feature("the_park", kind="industrial_park", coords=(point,), countries=countries)]}
    found = [w for w in _warnings(tmp_path, layers, countries=True) if "the_park: geometry: warning: expected inside" in w]
    assert bool(found) == warned, found


@pytest.mark.parametrize(
    ("precision", "coords", "warned"),
    [
        ("through_stations", LINE, False),  # 55 km steps
        ("through_stations", ((101.0, 20.0), (101.0, 19.0)), True),  # one 111 km segment: a station is missing
        ("traced", ((101.0, 20.0), (101.0, 19.0)), True),
        ("schematic", ((101.0, 20.0), (101.0, 19.0)), False),  # a schematic line claims no stations
    ],
)
def test_long_straight_segments(tmp_path, precision, coords, warned):
    layers = {"rail_corridors": [feature("the_line", coords=coords, geometry_precision=precision)]}
    found = [w for w in _warnings(tmp_path, layers) if "segment over 60 km" in w]
    assert bool(found) == warned, found


def test_a_line_in_parts_is_checked_part_by_part(tmp_path):
    f = feature("two_parts", geometry_precision="through_stations")
    f["geometry"] = {"type": "MultiLineString", "coordinates": [[[101.0, 21.0], [101.0, 20.0]], [[101.0, 20.0], [101.0, 19.0]]]}
    f["properties"].update(part_precisions=["schematic", "traced"], part_names=["north, schematic", "south, traced"])
    found = [w for w in _warnings(tmp_path, {"rail_corridors": [f]}) if "segment over 60 km" in w]
    assert found == [
        "data/geo/rail_corridors.geojson: two_parts: geometry: warning: expected no segment over 60 km on a traced line, found one of 111 km"
    ]


@pytest.mark.parametrize(
    ("geometry", "props", "problem"),
    [
        # two precisions but one line
        (
            {"type": "LineString", "coordinates": [[101, 20], [101, 19]]},
            {"part_precisions": ["through_stations", "traced"]},
            "found a LineString",
        ),
        # names without precisions
        (
            {"type": "LineString", "coordinates": [[101, 20], [101, 19]]},
            {"part_names": ["a"]},
            "expected part_precisions beside part_names",
        ),
        # one name for two parts
        (
            {"type": "MultiLineString", "coordinates": [[[101, 21], [101, 20]], [[101, 20], [101, 19]]]},
            {"part_precisions": ["schematic", "traced"], "part_names": ["only one"]},
            "expected 2 names, one per part, found 1",
        ),
    ],
)
def test_parts_must_match_the_geometry(tmp_path, geometry, props, problem):
    f = feature("bad_parts")
    f["geometry"], _ = geometry, f["properties"].update(props)
    cat = load_catalog(write_data(tmp_path / "data", layers={"rail_corridors": [f, feature("ok_line", coords=LINE)]}))
    assert any(problem in str(p) for p in cat.problems), [str(p) for p in cat.problems]


def test_validate_prints_warnings_but_exits_0(tmp_path, capsys):
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("the_line", coords=((101.0, 20.0), (101.0, 19.0)))]})
    assert main(["validate", str(root)]) == 0
    out = capsys.readouterr().out
    assert "the_line: geometry: warning: expected no segment over 60 km" in out
    assert "OK — 1 features" in out and "1 geometry warning(s) above" in out


def test_raw_osm_inputs_are_small_and_licensed():
    raw = REPO / "data" / "raw" / "osm"
    files = sorted(raw.glob("*.geojson"))
    assert {f.name for f in files} == {f"hotosm_{c}_railways_selected.geojson" for c in ("khm", "lao", "mys", "tha", "vnm")}
    assert sum(f.stat().st_size for f in files) < 3_000_000  # seven lines, three of them 600–1,000 km long
    doc = json.loads(files[0].read_text(encoding="utf-8"))
    assert all(f["properties"]["osm_id"] for f in doc["features"])  # every way keeps its OSM id (ODbL attribution)


@pytest.mark.parametrize(
    ("kind", "precision", "extra", "expected"),
    [
        # a station placed "at the station" must say where that coordinate came from
        (
            "station",
            "station_page",
            {},
            "the_feature: location_source: expected where the coordinate came from (geometry_precision 'station_page')",
        ),
        ("station", "chainage", {"location_source": "  "}, "location_source: expected where the coordinate came from"),
        # a precision that only describes a point (or a line) is not given to the other
        (
            "rail_corridor",
            "chainage",
            {"location_source": "km 12"},
            "expected a precision for a line, found 'chainage' on a LineString",
        ),
        ("station", "traced", {}, "expected a precision for a point, found 'traced' on a Point"),
    ],
)
def test_sourced_station_positions_are_checked(tmp_path, kind, precision, extra, expected):
    good = feature("good_line", coords=LINE)
    bad = feature("the_feature", kind=kind, coords=LINE, geometry_precision=precision, **extra)
    root = write_data(tmp_path / "data", layers={"rail_corridors": [good], "border_stations": [bad]})
    cat = load_catalog(root)
    lines = [str(p) for p in cat.problems]
    assert any(expected in x for x in lines), lines
    assert "the_feature" not in set(cat.features["id"]) and "good_line" in set(cat.features["id"])


def test_a_station_at_its_published_position_says_where_it_came_from(tmp_path):
    from atlas.render import details_html

    where = "Wikipedia <b>page</b>: 19°52′05″N 102°12′48″E"
    st = feature("the_station", kind="station", coords=((101.0, 19.7),), geometry_precision="station_page", location_source=where)
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("the_line", coords=LINE)], "border_stations": [st]})
    html = details_html(load_catalog(root), "the_station")
    assert "At the station, from coordinates published for it" in html
    assert "Position from: Wikipedia &lt;b&gt;page&lt;/b&gt;: 19°52′05″N 102°12′48″E" in html  # escaped, never markup
    zh = details_html(load_catalog(root), "the_station", lang="zh")
    assert "位置来源" in zh and "依据公布的车站坐标" in zh


def test_bundled_lao_stations_sit_on_the_traced_track():
    # regression (issue 11): Vientiane, Luang Prabang, Muang Xay and Kunming South stations were drawn at their towns, 2–24 km off the line
    cat = load_catalog(REPO / "data")
    near = {w.split(": ")[1] for w in map(str, warnings(cat)) if "expected within 1 km of china_laos_railway" in w}
    for fid in ("vientiane_station", "luang_prabang_station", "muang_xay_station", "boten_station", "kunming_south_station"):
        assert fid not in near
        f = cat.feature(fid)
        assert f["geometry_precision"] in ("station_page", "chainage", "approximate"), fid


def test_gemas_johor_bahru_is_traced_except_where_the_export_lacks_track():
    # regression (issue 11): drawn straight through five towns, 181 km against the cited 192 km
    cat = load_catalog(REPO / "data")
    f = cat.feature("gemas_jb_edtp")
    assert list(f["part_precisions"]) == ["traced", "schematic", "traced"]
    assert f["geometry"].geom_type == "MultiLineString" and len(f["geometry"].geoms[0].coords) > 20
    from atlas.stats import geodesic_km

    assert 0.9 * 192 <= geodesic_km(f["geometry"]) <= 1.1 * 192
    assert geodesic_km(f["geometry"].geoms[1]) < 30  # only Paloh–Kluang is straight
