"""geo/derived/rail_traced.geojson laid over rail_corridors.geojson: geometry and its precisions, nothing else."""

import json

import pytest
from shapely.geometry import shape

from atlas.catalog import load_catalog
from tests.conftest import DATA, feature, write_data

TRACED = {"type": "MultiLineString", "coordinates": [[[101.0, 20.0], [101.5, 19.6]], [[101.5, 19.6], [102.0, 19.0]]]}


def _derived(fid, geometry=TRACED, **props):
    props = {
        "id": fid,
        "geometry_precision": "traced",
        "part_precisions": ["traced", "schematic"],
        "part_names": ["a", "b"],
        **props,
    }
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _data(tmp_path, derived):
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("a_line", geometry_precision="schematic")]})
    if derived is not None:
        (root / "geo" / "derived").mkdir()
        doc = {"type": "FeatureCollection", "features": derived}
        (root / "geo" / "derived" / "rail_traced.geojson").write_text(json.dumps(doc), encoding="utf-8")
    return load_catalog(root)


@pytest.mark.parametrize(
    "derived, geometry, precision, parts",
    [
        # the traced geometry and its three properties replace the hand-drawn ones
        ([_derived("a_line")], TRACED, "traced", (["traced", "schematic"], ["a", "b"])),
        # no derived file: the hand line, as drawn
        (None, {"type": "LineString", "coordinates": [[101.0, 20.0], [102.0, 19.0]]}, "schematic", (None, None)),
        # a derived file without this id: the hand line too
        ([], {"type": "LineString", "coordinates": [[101.0, 20.0], [102.0, 19.0]]}, "schematic", (None, None)),
    ],
)
def test_derived_geometry_replaces_the_hand_geometry_of_its_id(tmp_path, derived, geometry, precision, parts):
    cat = _data(tmp_path, derived)
    row = cat.features.loc["a_line"]
    assert [str(p) for p in cat.problems] == []
    assert row.geometry.equals(shape(geometry))
    assert (row["geometry_precision"], row["part_precisions"], row["part_names"]) == (precision, *parts)
    assert row["name"] == "A Line" and row["summary"] == "A test feature."  # the hand-edited attributes stay


def test_a_derived_id_with_no_hand_feature_is_named_with_its_file(tmp_path):
    cat = _data(tmp_path, [_derived("a_line"), _derived("ghost_line")])
    assert [str(p) for p in cat.problems] == [
        "data/geo/derived/rail_traced.geojson: ghost_line: id: expected the id of a feature of rail_corridors.geojson, found none"
    ]
    assert "ghost_line" not in cat.features.index


def test_a_derived_precision_is_validated_like_a_hand_one(tmp_path):
    # regression guard: the overlay goes through the same checks as the hand file (parts and their precisions)
    cat = _data(tmp_path, [_derived("a_line", part_precisions=["traced"])])
    assert "a_line" not in cat.features.index
    assert any(p.record == "a_line" and p.field.startswith("part") for p in cat.problems), [str(p) for p in cat.problems]


def test_every_bundled_derived_line_is_drawn_as_derived():
    derived = json.loads((DATA / "geo" / "derived" / "rail_traced.geojson").read_text(encoding="utf-8"))["features"]
    cat = load_catalog(DATA)
    for f in derived:
        row = cat.features.loc[f["properties"]["id"]]
        assert row.geometry.equals(shape(f["geometry"])), f["properties"]["id"]
        assert row["part_names"] == f["properties"]["part_names"]
