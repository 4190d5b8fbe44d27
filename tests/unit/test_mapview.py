"""The map object: every feature present, styles by kind and status, no CDN, strings escaped."""

import json

import folium
import pytest

from atlas import mapview
from atlas.data import load_catalog
from atlas.filters import Selection, apply
from tests.conftest import feature, write_data

CAT = load_catalog()


def geojson_layers(m):
    return [c for c in _walk(m) if isinstance(c, folium.GeoJson) and c.layer_name != "Country outline (Natural Earth)"]


def _walk(el):
    for child in el._children.values():
        yield child
        yield from _walk(child)


def test_every_feature_is_drawn_once():
    m = mapview.build_map(CAT)
    ids = [f["id"] for layer in geojson_layers(m) for f in layer.data["features"]]
    assert sorted(ids) == sorted(CAT.features["id"])
    groups = [c.layer_name for c in m._children.values() if isinstance(c, folium.FeatureGroup)]
    assert "Rail corridors (11)" in groups and "Industrial parks (4)" in groups


def test_filtered_map_has_only_the_selection():
    m = mapview.build_map(apply(CAT, Selection(countries=("MYS",))))
    ids = {f["id"] for layer in geojson_layers(m) for f in layer.data["features"]}
    assert ids == {"ecrl", "mckip", "kuantan_port"}


@pytest.mark.parametrize(
    ("kind", "status", "precision", "expect"),
    [
        ("rail_corridor", "operational", "through_stations", {"dashArray": None, "opacity": 0.95}),
        ("rail_corridor", "under_construction", "through_stations", {"dashArray": "8 7"}),
        ("rail_corridor", "planned", "through_stations", {"dashArray": "1 7"}),
        ("rail_corridor", "suspended", "through_stations", {"color": mapview.SUSPENDED_GREY}),
        # schematic geometry is faded and never solid
        ("economic_corridor", "operational", "schematic", {"dashArray": "10 6", "opacity": 0.5}),
    ],
)
def test_style_by_kind_and_status(kind, status, precision, expect):
    style = mapview.style_for(kind, status, precision)
    for key, value in expect.items():
        assert style[key] == value


def test_no_cdn_assets_in_the_html():
    html = mapview.build_map(CAT).get_root().render()
    assert '<script src="/app/static/leaflet/leaflet.js"' in html
    for cdn in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "bootstrapcdn", "fontawesome"):
        assert cdn not in html


def test_names_from_data_are_escaped(tmp_path):
    evil = "<script>alert(1)</script>"
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("evil_line", name=evil, name_zh="<b>x</b>")]})
    m = mapview.build_map(load_catalog(root))
    props = geojson_layers(m)[0].data["features"][0]["properties"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in props["tip"] and "<script>" not in props["tip"]
    assert "&lt;b&gt;x&lt;/b&gt;" in props["tip"]
    assert "<script>" not in props["popup"]
    html = m.get_root().render()
    assert "<script>alert(1)</script>" not in html  # also not raw inside the embedded JSON


def test_highlight_layer_outlines_only_the_selected_feature():
    group = mapview.build_highlight(CAT, "mohan_station")
    layers = [c for c in _walk(group) if isinstance(c, folium.GeoJson)]
    assert [f["id"] for f in layers[0].data["features"]] == ["mohan_station"]
    assert not list(_walk(mapview.build_highlight(CAT, None)))


def test_legend_names_every_kind_and_status():
    legend = mapview.legend_html()
    for label in ("Rail corridor", "Industrial park", "Operational", "Under construction", "Planned", "Suspended", "Schematic"):
        assert label in legend
    json.dumps(legend)  # embeddable
