"""What the map fits itself to (mapview.view_target, drawn by atlas/static/atlas-view.js): the selected
feature, else the shown features, else the region."""

from __future__ import annotations

import json

import folium
import pytest

from atlas import mapview, vocab
from atlas.catalog import load_catalog
from atlas.filters import Selection, apply

CAT = load_catalog()
EMPTY = apply(CAT, Selection(country=("SGP",), kind=("industrial_park",), status=("cancelled",)))


def bounds_of(fid):
    west, south, east, north = CAT.features[CAT.features["id"] == fid].total_bounds
    return [south, west, north, east]


def flat(bounds):
    return [v for corner in bounds for v in corner]


@pytest.mark.parametrize(
    "feature, shown, key, point, zoom",
    [
        ("ecrl", CAT, "feature:ecrl", False, mapview.FEATURE_MAX_ZOOM),  # a line: its bounds, padded in the browser
        ("mohan_station", CAT, "feature:mohan_station", True, mapview.POINT_ZOOM),  # a point: a zoom of its own
        ("ecrl", EMPTY, "feature:ecrl", False, mapview.FEATURE_MAX_ZOOM),  # a link to a feature the filters hide
    ],
)
def test_a_selected_feature_is_the_target(feature, shown, key, point, zoom):
    t = mapview.view_target(CAT, shown, feature)
    assert t["key"] == key and t["point"] is point and t["maxZoom"] == zoom
    assert flat(t["bounds"]) == pytest.approx(bounds_of(feature))


def test_without_a_selection_the_shown_features_or_the_region():
    every = mapview.view_target(CAT, CAT, None)
    west, south, east, north = CAT.features.total_bounds
    assert (
        flat(every["bounds"]) == pytest.approx([south, west, north, east]) and south < -8 and east > 125
    )  # Java, the Philippines
    assert mapview.view_target(CAT, CAT, "no_such_feature")["key"] == every["key"]
    west, south, east, north = vocab.REGION
    assert EMPTY.features.empty and mapview.view_target(CAT, EMPTY, None)["bounds"] == [[south, west], [north, east]]


def test_the_highlight_layer_carries_the_fit_and_every_map_folds_its_attribution():
    m = folium.Map()
    group = mapview.build_highlight(CAT, "ecrl", target=mapview.view_target(CAT, CAT, "ecrl"))
    group.add_to(m)
    html = m.get_root().render()
    assert f"window.atlasFitView({m.get_name()}, " in html and '"key": "feature:ecrl"' in html
    base = mapview.base_map(CAT, lang="zh")
    label = json.dumps("地图版权与数据来源")  # as tojson writes it
    assert f"window.atlasCompactAttribution({base.get_name()}, {label});" in base.get_root().render()
