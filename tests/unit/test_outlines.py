"""Published outlines of parks and ports (issue 11): drawn under the point, checked like every other data file."""

import json

import pytest

from atlas.catalog import load_catalog
from atlas.geometry_audit import warnings
from atlas.layers import encode
from tests.conftest import REPO, feature, write_data

SQUARE = [[[101.0, 19.0], [101.02, 19.0], [101.02, 19.02], [101.0, 19.02], [101.0, 19.0]]]  # about 2 km a side


def _data(tmp_path, outlines, *, park_at=(101.01, 19.01), precision="approximate", **park):
    layers = {
        "rail_corridors": [feature("the_line")],
        "industrial_parks": [
            feature("the_park", kind="industrial_park", coords=(park_at,), geometry_precision=precision, **park)
        ],
    }
    root = write_data(tmp_path / "data", layers=layers)
    if outlines is not None:
        fc = {"type": "FeatureCollection", "features": outlines}
        (root / "geo" / "outlines.geojson").write_text(json.dumps(fc), encoding="utf-8")
    return root


def _outline(fid="the_park", source="OpenStreetMap way 1 (ODbL)", geometry=None):
    return {
        "type": "Feature",
        "properties": {"feature_id": fid, "source": source},
        "geometry": geometry or {"type": "Polygon", "coordinates": SQUARE},
    }


def test_a_park_with_an_outline_keeps_its_point_and_sends_the_outline():
    cat = load_catalog(REPO / "data")
    assert cat.problems == ()
    assert list(cat.outlines["feature_id"]) == ["morowali_industrial_park"]
    park = cat.features[cat.features["id"] == "morowali_industrial_park"]
    cols = encode(park, outlines=cat.outlines)["kinds"]["industrial_park"]
    assert cols["t"] == "P"  # the point stays: it is what a user sees and clicks at small zooms
    row, rings = cols["ol"][0]
    assert row == 0 and len(rings) == 1 and len(rings[0][0]) > 100  # one polygon, its exterior ring encoded
    assert "ol" not in encode(park)["kinds"]["industrial_park"]  # no outlines passed: nothing extra


@pytest.mark.parametrize(
    ("outline", "expected"),
    [
        (_outline(fid="nowhere"), "feature_id: expected the id of a park or port, found 'nowhere'"),
        (_outline(fid="the_line"), "feature_id: expected the id of a park or port, found 'the_line'"),
        (_outline(source=" "), "source: expected where the outline came from, found ' '"),
        (
            _outline(geometry={"type": "Point", "coordinates": [101, 19]}),
            "geometry: expected a Polygon or MultiPolygon outline, found 'Point'",
        ),
        (
            _outline(
                geometry={"type": "Polygon", "coordinates": [[[101, 19], [101.02, 19.02], [101.02, 19], [101, 19.02], [101, 19]]]}
            ),
            "geometry: expected a valid, non-empty polygon, found one that is empty or crosses itself",
        ),
        (
            _outline(geometry={"type": "Polygon", "coordinates": [[["x", 19], [101.02, 19]]]}),
            "geometry.coordinates: expected polygon rings of [lon, lat] numbers",
        ),
    ],
)
def test_a_bad_outline_is_named_and_the_park_keeps_its_point(tmp_path, outline, expected):
    cat = load_catalog(_data(tmp_path, [outline]))
    lines = [str(p) for p in cat.problems]
    assert any(expected in x for x in lines), lines
    assert "the_park" in set(cat.features["id"]) and cat.outlines.empty


def test_one_outline_per_feature(tmp_path):
    cat = load_catalog(_data(tmp_path, [_outline(), _outline()]))
    assert [str(p).split(": ", 1)[1] for p in cat.problems] == [
        "feature #2: feature_id: expected one outline per feature, found a second for 'the_park'"
    ]
    assert len(cat.outlines) == 1


@pytest.mark.parametrize("outlines", [None, []])
def test_a_point_at_its_outline_centre_needs_the_outline(tmp_path, outlines):
    root = _data(tmp_path, outlines, precision="outline", location_source="centre of the outline")
    lines = [str(p) for p in load_catalog(root).problems]
    assert lines == [
        "data/geo/industrial_parks.geojson: the_park: geometry_precision: expected an outline in geo/outlines.geojson "
        "for a point placed at its outline's centre, found none"
    ]


@pytest.mark.parametrize(("park_at", "warned"), [((101.01, 19.01), False), ((101.07, 19.01), True)])
def test_a_point_far_outside_its_outline_is_a_warning(tmp_path, park_at, warned):
    cat = load_catalog(_data(tmp_path, [_outline()], park_at=park_at))
    found = [str(w) for w in warnings(cat) if "published outline" in str(w)]
    assert bool(found) == warned, found
    if warned:
        assert (
            "the_park: geometry: warning: expected its point within 1 km of its published outline, found 5.3 km outside"
            in found[0]
        )
