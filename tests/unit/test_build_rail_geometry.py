"""scripts/build_rail_geometry.py on tiny made-up ways: tracing, small gaps closed, long ones left schematic."""

import importlib.util
import sys

import pytest
from shapely.geometry import LineString

from tests.conftest import REPO

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
