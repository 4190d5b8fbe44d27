"""The map object: every feature present, styles by kind and status, no CDN, strings escaped."""

import dataclasses
import json

import folium
import pandas as pd
import pytest

from atlas import mapview, timeline, vocab
from atlas.catalog import load_catalog
from atlas.filters import Selection, apply
from atlas.layers import CANVAS_THRESHOLD, AtlasLayer, encode
from atlas.palette import CONTEXT_GREY, SUSPENDED_GREY
from tests.conftest import MALAYSIA_IDS, REPO, feature, write_data

CAT = load_catalog()


def atlas_layers(m):
    return [c for c in _walk(m) if isinstance(c, AtlasLayer)]


def drawn_ids(m):
    return [fid for layer in atlas_layers(m) for fid in json.loads(layer.cols_json)["ids"]]


def _walk(el):
    for child in el._children.values():
        yield child
        yield from _walk(child)


def test_every_feature_is_drawn_once():
    m = mapview.build_map(CAT)
    assert sorted(drawn_ids(m)) == sorted(CAT.features["id"])
    groups = [c.layer_name for c in m._children.values() if isinstance(c, folium.FeatureGroup)]
    assert "Rail corridor (27)" in groups and "Industrial park (16)" in groups


def test_filtered_map_has_only_the_selection():
    m = mapview.build_map(apply(CAT, Selection(country=("MYS",))))
    assert set(drawn_ids(m)) == MALAYSIA_IDS


@pytest.mark.parametrize(
    ("kind", "status", "precision", "expect"),
    [
        ("rail_corridor", "operational", "through_stations", {"dashArray": None, "opacity": 0.95}),
        ("rail_corridor", "under_construction", "through_stations", {"dashArray": "8 7"}),
        ("rail_corridor", "planned", "through_stations", {"dashArray": "1 7"}),
        ("rail_corridor", "suspended", "through_stations", {"color": SUSPENDED_GREY}),
        # a cancelled project (Chinese financing dropped) has its own colour and a sparse dot, whatever its kind
        ("rail_corridor", "cancelled", "schematic", {"color": "#795548", "dashArray": "2 9"}),
        ("port", "cancelled", "town", {"color": "#795548", "dashArray": "2 9"}),
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


def test_names_from_data_cannot_become_markup(tmp_path):
    evil = "<script>alert(1)</script>"
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("evil_line", name=evil, name_zh="<b>x</b>")]})
    m = mapview.build_map(load_catalog(root))
    layer = atlas_layers(m)[0]
    assert "<script>" not in layer.cols_json and "\\u003cscript\\u003e" in layer.cols_json
    assert json.loads(layer.cols_json)["n"] == [evil]  # the browser gets the text back, and shows it with textContent
    html = m.get_root().render()
    assert "<script>alert(1)</script>" not in html and "<b>x</b>" not in html
    assert "innerHTML" not in html.split("window.atlasLayer")[1].split("};")[0]


def test_rows_are_compact_and_dense_lines_simplified(tmp_path):
    wiggle = [(100 + i / 100, 20 + (0.0002 if i % 2 else 0)) for i in range(200)]  # 200 vertices, 20 m zigzag
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("dense", coords=wiggle), feature("stations")]})
    cols = encode(load_catalog(root).features)["kinds"]["rail_corridor"]
    lines = dict(zip(cols["ids"], cols["ln"], strict=True))
    assert len(decode(lines["dense"])) < 20  # simplified for the view
    assert decode(lines["stations"]) == [[101.0, 20.0], [102.0, 19.0]]  # a station line is kept as drawn


def decode(s: str) -> list[list[float]]:
    """Python twin of window.atlasDecode, to check the encoding round-trips."""
    out, i, lat, lon = [], 0, 0, 0
    while i < len(s):
        deltas = []
        for _ in range(2):
            shift = result = 0
            while True:
                b = ord(s[i]) - 63
                i += 1
                result |= (b & 0x1F) << shift
                shift += 5
                if b < 0x20:
                    break
            deltas.append(~(result >> 1) if result & 1 else result >> 1)
        lat, lon = lat + deltas[0], lon + deltas[1]
        out.append([lon / 1e5, lat / 1e5])
    return out


@pytest.mark.parametrize(
    "coords",
    [
        [[100.0, 20.0]],
        [[-120.2, 38.5], [-120.95, 40.7], [-126.453, 43.252]],  # Google's documented example
        [[103.84, 1.26], [120.32, 36.07]],
        [[102.6, 17.97], [102.61234, 17.98765]],
        [[-0.00001, 0.0], [179.99999, -89.99999], [100.0, 1.0]],  # signs, the antimeridian, a pole
    ],
)
def test_polyline_round_trips_through_our_decoder_and_the_library(coords):
    import polyline as lib

    from atlas.layers import polyline

    encoded, flat = polyline(coords), [c for pair in coords for c in pair]
    assert [c for pair in decode(encoded) for c in pair] == pytest.approx(flat, abs=1e-5)  # window.atlasDecode's twin
    assert [c for lat, lon in lib.decode(encoded, 5) for c in (lon, lat)] == pytest.approx(flat, abs=1e-5)


def test_the_bundled_map_draws_svg_and_a_map_of_thousands_draws_on_canvas():
    groups = mapview.feature_groups(CAT)
    assert not any(layer.canvas for g in groups for layer in g._children.values())  # clickable SVG paths
    copies = CANVAS_THRESHOLD // len(CAT.features) + 1
    many = pd.concat([CAT.features.assign(id=CAT.features["id"] + f"_{i}") for i in range(copies)])
    groups = mapview.feature_groups(dataclasses.replace(CAT, features=many))
    assert all(layer.canvas for g in groups for layer in g._children.values())  # one canvas, not thousands of paths


@pytest.mark.parametrize(
    ("sel", "zoom_range"),
    [
        (Selection(), (4, 4)),  # the whole region
        (Selection(country=("IDN",)), (4, 5)),
        (Selection(q="Mohan station"), (9, 9)),  # one point: closest zoom allowed
    ],
)
def test_view_fits_the_features(sel, zoom_range):
    (lat, lon), zoom = mapview.view(apply(CAT, sel))
    assert zoom_range[0] <= zoom <= zoom_range[1]
    assert -12 < lat < 38 and 88 < lon < 142


def test_highlight_layer_outlines_only_the_selected_feature():
    group = mapview.build_highlight(CAT, "mohan_station")
    layers = [c for c in _walk(group) if isinstance(c, folium.GeoJson)]
    assert [f["id"] for f in layers[0].data["features"]] == ["mohan_station"]
    assert not list(_walk(mapview.build_highlight(CAT, None)))


def test_template_syntax_in_data_is_never_evaluated(tmp_path):
    # regression: folium compiles each rendered script as a Jinja template again,
    # so "{{ ... }}" in a name would run on the server
    root = write_data(
        tmp_path / "data", layers={"rail_corridors": [feature("tpl_line", name="Line {{ 7*7 }} {% if 1 %}x{% endif %}")]}
    )
    m = mapview.build_map(load_catalog(root))
    html = m.get_root().render()
    assert "Line 49" not in html
    assert "Line \\u007b\\u007b 7*7 \\u007d\\u007d" in html
    assert json.loads(atlas_layers(m)[0].cols_json)["n"] == ["Line {{ 7*7 }} {% if 1 %}x{% endif %}"]


def test_legend_lists_the_cancelled_style():
    html = mapview.legend_html("en")
    assert "Cancelled" in html and 'stroke="#795548"' in html
    assert "已取消" in mapview.legend_html("zh")


def test_a_line_in_parts_encodes_each_part_with_its_precision():
    from atlas.layers import PRECISION_ORDER, encode

    rail = encode(CAT.features[CAT.features["id"] == "china_laos_railway"])["kinds"]["rail_corridor"]
    assert PRECISION_ORDER[rail["p"][0]] == "through_stations"  # the Chinese part, the feature's own row
    (row, prec, line) = rail["xp"][0]
    assert row == 0 and PRECISION_ORDER[prec] == "traced" and len(line) > 200  # the Lao part, traced


@pytest.mark.parametrize(("precision", "weight"), [("traced", 4), ("through_stations", 2.5), ("schematic", 4)])
def test_line_weight_says_how_it_was_drawn(precision, weight):
    assert mapview.style_for("rail_corridor", "operational", precision)["weight"] == weight


def drawn_style_keys(catalog) -> set[str]:
    """The style keys atlas-layers.js looks up to draw `catalog`: each feature's, each further
    part's (its own precision) and each published outline's."""
    encoded = encode(catalog.features, outlines=catalog.outlines)
    from atlas.layers import PRECISION_ORDER, STATUS_ORDER

    keys = set()
    for kind, k in encoded["kinds"].items():
        context = set(k.get("cx", []))
        for i, (s, p, t) in enumerate(zip(k["s"], k["p"], k["t"], strict=True)):
            role = "context" if i in context else "project"
            keys.add(mapview.style_key(kind, STATUS_ORDER[s], PRECISION_ORDER[p], t, role))
        for row, prec, _ in k.get("xp", []):
            role = "context" if row in context else "project"
            keys.add(mapview.style_key(kind, STATUS_ORDER[k["s"][row]], PRECISION_ORDER[prec], "L", role))
        for row, _ in k.get("ol", []):
            keys.add(mapview.style_key(kind, STATUS_ORDER[k["s"][row]], PRECISION_ORDER[k["p"][row]], "O"))
    return keys


@pytest.mark.parametrize("year", [None, *timeline.years(CAT)])
def test_every_year_of_the_slider_draws_with_styles_the_table_has(year):
    """Regression (issue 18): the table was built from today's statuses, so at 2020-2024 the
    browser met 'no style for rail_corridor|suspended|schematic|L' and drew nothing."""
    shown = apply(CAT, Selection(year=year))
    table = mapview.style_table()
    missing = drawn_style_keys(shown) - set(table["index"])
    assert not missing, f"no style for {sorted(missing)} at {year}"


def test_the_style_table_is_style_for_of_every_allowed_combination():
    table = mapview.style_table()
    for kind, status, prec, shape, role in mapview.style_combinations():
        style = table["styles"][table["index"][mapview.style_key(kind, status, prec, shape, role)]]
        assert style == mapview.style_for(kind, status, prec, shape=mapview.SHAPES[shape], role=role)
    assert table["styles"][table["index"]["industrial_park|operational|outline|O"]]["fillOpacity"] == 0.18
    # a context line: grey and thinner than any project line
    context = table["styles"][table["index"]["rail_corridor|operational|traced|L|context"]]
    assert context["color"] == CONTEXT_GREY and context["weight"] < vocab.PRECISION["through_stations"].weight


def test_the_runtime_is_a_static_module_and_the_page_sends_only_tables():
    html = mapview.build_map(CAT).get_root().render()
    assert '<script src="/app/static/atlas/atlas-layers.js"></script>' in html
    assert "window.atlasTables = " in html and "function styleOf" not in html
    js = (REPO / "atlas" / "static" / "atlas-layers.js").read_text(encoding="utf-8")
    assert "T.styleIndex" in js and "#c62828" not in js  # no colour of its own: styles come from the table
