"""scripts/build_rail_geometry.py on tiny made-up ways: tracing, small gaps closed, long ones left schematic."""

import importlib.util
import json
import sys

import pytest
from shapely.geometry import LineString

from tests.conftest import DATA, REPO

spec = importlib.util.spec_from_file_location("build_rail_geometry", REPO / "scripts" / "build_rail_geometry.py")
brg = importlib.util.module_from_spec(spec)
sys.modules["build_rail_geometry"] = brg  # its dataclasses look their module up
spec.loader.exec_module(brg)

# two stretches of track along the equator, 0.05° (5.6 km) of track each, with a 0.2° (22 km) hole between them
WEST = LineString([(100.0, 0.0), (100.02, 0.001), (100.05, 0.0)])
EAST = LineString([(100.25, 0.0), (100.28, 0.001), (100.30, 0.0)])


def _target(max_gap):
    return brg.Target("t", ("xxx",), start=(100.0, 0.0), end=(100.30, 0.0), box=(99.9, -0.1, 100.4, 0.1), max_gap_km=max_gap)


def test_a_hole_longer_than_the_gap_limit_is_not_bridged():
    import networkx as nx

    g = brg.graph_of([WEST, EAST])
    assert nx.number_connected_components(g) == 2  # 22 km > GAP_KM: no invented track


def test_a_long_hole_becomes_its_own_schematic_part(monkeypatch):
    monkeypatch.setattr(brg, "_path", lambda target, ways=None: _path_of(target, [WEST, EAST]))
    parts = brg.trace_parts(_target(30.0))
    assert [p for p, _ in parts] == ["traced", "schematic", "traced"]
    assert list(parts[1][1].coords) == [(100.05, 0.0), (100.25, 0.0)]  # the straight part spans exactly the hole
    assert brg.length_km(parts[1][1]) == pytest.approx(22.3, abs=0.2)


def _path_of(target, ways):
    import networkx as nx

    g = brg.graph_of(ways, target.max_gap_km)
    return nx.shortest_path(g, (100.0, 0.0), (100.3, 0.0), weight="weight"), g


def test_the_targets_file_holds_targets_of_lines_in_the_hand_layer():
    targets = brg.load_targets()  # data/build/rail_targets.json: raises on a field Target lacks or a wrong type
    layer = json.loads((DATA / "geo" / "rail_corridors.geojson").read_text(encoding="utf-8"))
    lines = {f["properties"]["id"] for f in layer["features"] if f["geometry"]["type"] in ("LineString", "MultiLineString")}
    assert targets and all(isinstance(t, brg.Target) for t in targets)
    assert [t.feature_id for t in targets if t.feature_id not in lines] == []
    assert len({t.feature_id for t in targets}) == len(targets)  # one target per line


GOOD = {"feature_id": "a_line", "countries": ["lao"], "start": [101, 20], "end": [102.5, 18], "box": [100, 17, 103, 21]}


@pytest.mark.parametrize(
    "target, expected",
    [
        ({**GOOD, "note": "why this stretch"}, None),  # a note is for readers and is allowed
        ({**GOOD, "max_gap": 30}, "target #1 (a_line): max_gap: expected no such field, found 30"),  # a misspelt field
        ({**GOOD, "box": [100, 17, 103]}, "target #1 (a_line): box.3: expected a value (the field is required)"),
        ({**GOOD, "start": ["101", 20]}, "target #1 (a_line): start.0: expected a valid number, found '101'"),
        ({**GOOD, "part": "1"}, "target #1 (a_line): part: expected a valid integer, found '1'"),
        ({**GOOD, "countries": "lao"}, "target #1 (a_line): countries: expected a valid array, found 'lao'"),
        ({k: v for k, v in GOOD.items() if k != "feature_id"}, "target #1: feature_id: expected a value (the field is required)"),
        ({**GOOD, "note": 7}, "target #1 (a_line): note: expected text, found 7"),
    ],
)
def test_a_target_is_checked_field_by_field(tmp_path, target, expected):
    path = tmp_path / "targets.json"
    path.write_text(json.dumps([target]), encoding="utf-8")
    if expected is None:
        assert brg.load_targets(path)[0].start == (101.0, 20.0)
        return
    with pytest.raises(ValueError) as err:
        brg.load_targets(path)
    assert expected in str(err.value)


@pytest.mark.slow  # about 15 s: make test runs it, make test-quick does not
def test_rebuild_is_byte_identical_and_leaves_the_hand_layer_alone(tmp_path):
    hand = (DATA / "geo" / "rail_corridors.geojson").read_bytes()
    out = brg.build(tmp_path)
    assert out == tmp_path / "rail_traced.geojson"
    assert out.read_bytes() == (DATA / "geo" / "derived" / "rail_traced.geojson").read_bytes()
    assert (DATA / "geo" / "rail_corridors.geojson").read_bytes() == hand
