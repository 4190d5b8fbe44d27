"""build_map(catalog) -> folium.Map, and its parts for st_folium. Builds, never renders.

Conventions (the README's "Map conventions"; shared/DESIGN.md): colour by kind, line style by status, schematic
geometry faded and dashed; one FeatureGroup per kind with a layer control; a
light country outline under everything so the map reads without tiles; every
string from data is escaped before it reaches HTML; Leaflet and jQuery are
served by the app itself (see atlas/assets.py), never from a CDN.
"""

from __future__ import annotations

import functools
import json
import math

import folium
from branca.element import MacroElement
from jinja2 import Template

from atlas import i18n, vocab
from atlas.data import Catalog
from atlas.finance import ATTRIBUTION, SECTORS
from atlas.layers import CANVAS_THRESHOLD, AtlasLayer, AtlasOutline, AtlasRuntime, FinanceLayer, encode, encode_finance
from atlas.palette import CONTEXT_GREY, HIGHLIGHT, KIND_COLOURS, LEGEND_INK, STATUS_COLOURS
from atlas.schema import KINDS
from atlas.templating import render

STATUS_DASH = {s.code: s.dash for s in vocab.STATUS_TABLE}  # line style by status (atlas/vocab.py)
SCHEMATIC_DASH = "10 6"
CONTEXT_WEIGHT = 2  # an existing national line: thinner than any project
REGION_CENTER = (15.0, 108.0)  # the middle of vocab.REGION, a little north: the map opens on mainland and islands
STATIC_BASE = "/app/static"
LOCAL_JS = [
    ("leaflet", f"{STATIC_BASE}/leaflet/leaflet.js"),
    ("jquery", f"{STATIC_BASE}/jquery/jquery.min.js"),
    ("atlas_layers", f"{STATIC_BASE}/atlas/atlas-layers.js"),  # ours: atlas/static/, copied by `python -m atlas assets`
    ("atlas_view", f"{STATIC_BASE}/atlas/atlas-view.js"),  # ours: fitting the view, the phone's folded attribution
]
LOCAL_CSS = [
    ("leaflet_css", f"{STATIC_BASE}/leaflet/leaflet.css"),
    ("atlas_css", f"{STATIC_BASE}/atlas/atlas-map.css"),  # ours: the legend and country labels (atlas/static/)
]
TILES_URL = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png"
TILES_ATTR = "&copy; OpenStreetMap contributors &copy; CARTO"
TILE_SOURCES = {  # url, attribution; the layer control names them from the catalogue (basemap.*)
    "carto": (TILES_URL, TILES_ATTR),
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "&copy; OpenStreetMap contributors"),
}
SHAPES = {"L": "line", "P": "point", "O": "outline"}  # the style table's shape codes
# the finance layer's circles: area proportional to the amount (constant 2021 USD), FINANCE_REF_RADIUS px at
# FINANCE_REF_USD; never smaller than FINANCE_MIN_RADIUS px (clickable); a project without an amount small and hollow
FINANCE_REF_USD = 1e9
FINANCE_REF_RADIUS = 15.0  # so the smallest size starts at a round $40M
FINANCE_MIN_RADIUS = 3.0
FINANCE_HOLLOW_RADIUS = 4.0
FINANCE_SIZE_REFERENCES = (1e8, 1e9, 4e9)  # the legend's circles


def style_for(
    kind: str, status: str, precision: str, *, point: bool = False, shape: str | None = None, role: str = "project"
) -> dict:
    """Leaflet path options for a feature drawn as a line, a point or a published outline
    (shape "outline"). The only style rules of the map: the legend reads them, and the
    browser draws from style_table(), computed here. A context line (an existing national
    line a project connects to) is thin and grey, under the projects."""
    shape = shape or ("point" if point else "line")
    colour = CONTEXT_GREY if role == "context" else STATUS_COLOURS.get(status, KIND_COLOURS[kind])
    if shape == "outline":
        return {"color": colour, "weight": 1.5, "opacity": 0.9, "fillColor": colour, "fillOpacity": 0.18}
    dash = STATUS_DASH[status]
    schematic = vocab.PRECISION[precision].schematic
    if schematic and dash is None:
        dash = SCHEMATIC_DASH
    style = {
        "color": colour,
        "weight": 2 if shape == "point" else vocab.PRECISION[precision].weight,
        "opacity": 0.5 if schematic else 0.95,
        "dashArray": dash,
    }
    if role == "context":
        style.update(weight=CONTEXT_WEIGHT, opacity=0.8)
    if shape == "point":
        fill = vocab.STATUS[status].point_fill
        style.update(fillColor=colour, fillOpacity=fill * (0.6 if schematic else 1.0), radius=7)
    return style


def finance_radius(amount_usd_2021: float | None) -> float:
    """The radius in px of a finance circle: area ∝ amount, at least FINANCE_MIN_RADIUS; FINANCE_HOLLOW_RADIUS without an amount."""
    if amount_usd_2021 is None or not math.isfinite(amount_usd_2021):
        return FINANCE_HOLLOW_RADIUS
    return max(FINANCE_MIN_RADIUS, FINANCE_REF_RADIUS * math.sqrt(amount_usd_2021 / FINANCE_REF_USD))


def finance_smallest_usd() -> float:
    """The amount below which a circle is drawn at the smallest size (the legend says it)."""
    return FINANCE_REF_USD * (FINANCE_MIN_RADIUS / FINANCE_REF_RADIUS) ** 2


def finance_styles(sector: str) -> tuple[dict, dict]:
    """Leaflet path options of a finance circle of AidData's `sector` (a SECTORS code): with an amount (filled),
    and without (hollow). The colour is the sector's (atlas/finance.py SECTOR_TABLE)."""
    colour = SECTORS[sector].colour
    full = {"color": colour, "weight": 1, "opacity": 0.9, "fillColor": colour, "fillOpacity": 0.5}
    return full, {**full, "weight": 1.5, "fillOpacity": 0.0}


def style_key(kind: str, status: str, precision: str, shape: str, role: str = "project") -> str:
    """The style table's key: 'kind|status|precision|shape', with '|context' for a context line."""
    return "|".join((kind, status, precision, shape, *(("context",) if role == "context" else ())))


def style_combinations() -> list[tuple[str, str, str, str, str]]:
    """Every (kind, status, precision, shape, role) the vocabulary allows a feature to be drawn as:
    lines with any precision but a point-only one, points with any but a line-only one, published
    outlines for the kinds that may have one, context lines for the kinds that may be context.
    The year slider gives features statuses they do not have today, so the table covers them all."""
    combos = []
    for kind in vocab.KIND_TABLE:
        for status in vocab.STATUS_TABLE:
            for prec in vocab.PRECISION_TABLE:
                if "line" in prec.shapes:
                    combos.append((kind.code, status.code, prec.code, "L", "project"))
                    if kind.context:
                        combos.append((kind.code, status.code, prec.code, "L", "context"))
                if "point" in prec.shapes:
                    combos.append((kind.code, status.code, prec.code, "P", "project"))
                    if kind.outline:
                        combos.append((kind.code, status.code, prec.code, "O", "project"))
    return combos


@functools.cache
def style_table() -> dict[str, list]:
    """style_for of every combination the vocabulary allows (style_combinations), as
    {"index": {style_key: n}, "styles": [distinct styles]}: what atlas/static/atlas-layers.js
    styles each feature and part with, whatever status the year gives it."""
    index: dict[str, int] = {}
    styles: list[dict] = []
    seen: dict[str, int] = {}
    for kind, status, prec, shape, role in style_combinations():
        style = style_for(kind, status, prec, shape=SHAPES[shape], role=role)
        sig = json.dumps(style, sort_keys=True)
        if sig not in seen:
            seen[sig] = len(styles)
            styles.append(style)
        index[style_key(kind, status, prec, shape, role)] = seen[sig]
    return {"index": index, "styles": styles}


def base_map(catalog: Catalog, *, tiles: bool = True, height: int = 640, basemap: str = "carto", lang: str = "en") -> folium.Map:
    """Tiles (or the outline alone, with country names, for offline use), the country
    outline, the legend and the layer runtime: the same for every filter, so that a
    filter change does not remount the map."""
    m = folium.Map(location=REGION_CENTER, zoom_start=4, tiles=None, control_scale=True, height=height, zoom_snap=0.5)
    m.default_js = LOCAL_JS
    m.default_css = LOCAL_CSS
    if tiles and basemap in TILE_SOURCES:
        url, attr = TILE_SOURCES[basemap]
        folium.TileLayer(url, attr=attr, name=i18n.t(f"basemap.{basemap}", lang), control=True).add_to(m)
    AtlasRuntime(lang, style_table()).add_to(m)
    if not catalog.countries.empty:
        AtlasOutline(catalog.countries, labels=basemap == "outline" or not tiles, lang=lang).add_to(m)
    Legend(lang).add_to(m)
    CompactAttribution(i18n.t("map.attribution", lang)).add_to(m)
    return m


def feature_groups(catalog: Catalog, *, encoded: dict | None = None, lang: str = "en") -> list[folium.FeatureGroup]:
    """One FeatureGroup per kind present, each holding a compact AtlasLayer."""
    encoded = encoded if encoded is not None else encode(catalog.features, lang=lang, outlines=catalog.outlines)
    canvas = len(catalog.features) > CANVAS_THRESHOLD
    groups = []
    for kind in KINDS:
        n = len(encoded["kinds"].get(kind, {}).get("ids", []))
        if not n:
            continue
        group = folium.FeatureGroup(name=f"{i18n.kinds(lang)[kind]} ({n})", show=True)
        AtlasLayer(kind, encoded, canvas=canvas).add_to(group)
        groups.append(group)
    return groups


def finance_encoded(projects, *, lang: str = "en") -> dict:
    """The finance layer's compact rows (layers.encode_finance) with this module's size and colour rules."""
    return encode_finance(projects, radius=finance_radius, styles={c: finance_styles(c) for c in SECTORS}, lang=lang)


def finance_legend_html(encoded: dict, lang: str = "en") -> str:
    """The finance layer's legend (atlas/templates/finance_legend.html.j2): the sectors shown, the size scale,
    hollow circles, how many of the selected projects are drawn, the scope and the source."""
    sectors = [(label, SECTORS[code].colour) for (label, _), code in zip(encoded["sectors"], encoded["sectorCodes"], strict=True)]
    sizes = [(i18n.money(usd, "USD", lang), round(finance_radius(usd), 1)) for usd in FINANCE_SIZE_REFERENCES]
    return render(
        "finance_legend.html.j2",
        lang,
        sectors=sectors,
        sizes=sizes,
        small_radius=FINANCE_MIN_RADIUS,
        small_amount=i18n.money(finance_smallest_usd(), "USD", lang),
        hollow_radius=FINANCE_HOLLOW_RADIUS,
        selected=encoded["selected"],
        drawn=len(encoded["cols"]["ids"]),
        cite=i18n.t("details.finance.cite", lang, attribution=ATTRIBUTION),
        ink=LEGEND_INK,
    )


def finance_group(projects, *, encoded: dict | None = None, lang: str = "en") -> folium.FeatureGroup:
    """The finance layer (AidData's projects the filters select, filters.finance_shown) as one FeatureGroup
    of circle markers with its legend; the page adds it only when the reader turns the layer on."""
    encoded = encoded if encoded is not None else finance_encoded(projects, lang=lang)
    n = len(encoded["cols"]["ids"])
    group = folium.FeatureGroup(name=f"{i18n.t('legend.finance', lang)} ({n})", show=True)
    FinanceLayer(encoded, finance_legend_html(encoded, lang), canvas=n > CANVAS_THRESHOLD).add_to(group)
    return group


def mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def view(catalog: Catalog, *, width_px: int = 560, height_px: int = 560) -> tuple[tuple[float, float], int]:
    """Centre and zoom (Web Mercator) that fit the features (the whole region when none)."""
    if catalog.features.empty:
        return REGION_CENTER, 4
    west, south, east, north = catalog.features.total_bounds
    lon_span = max(east - west, 0.05)
    y_span = max(mercator_y(north) - mercator_y(south), 0.001)
    zoom_lon = math.log2(360.0 * width_px / (256.0 * lon_span))
    zoom_lat = math.log2(2 * math.pi * height_px / (256.0 * y_span))
    zoom = int(max(3, min(9, math.floor(min(zoom_lon, zoom_lat)))))
    return (float(south + north) / 2.0, float(west + east) / 2.0), zoom


def build_map(catalog: Catalog, *, tiles: bool = True, height: int = 640, lang: str = "en") -> folium.Map:
    """The whole map in one object (standalone HTML, tests): base, layers, control, view."""
    m = base_map(catalog, tiles=tiles, height=height, lang=lang)
    for group in feature_groups(catalog, lang=lang):
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if not catalog.features.empty:
        west, south, east, north = catalog.features.total_bounds
        # the right padding keeps the features clear of the legend in the upper right corner
        m.fit_bounds([[south, west], [north, east]], padding_top_left=(20, 20), padding_bottom_right=(240, 20), max_zoom=9)
    return m


POINT_ZOOM = 11  # a selected point: close enough to see its surroundings, far enough to see its town
FEATURE_MAX_ZOOM = 12  # a short line is not zoomed in further than this
FILTER_MAX_ZOOM = 9


def view_target(full: Catalog, shown: Catalog, feature_id: str | None) -> dict:
    """What the map fits itself to (atlas/static/atlas-view.js, in the browser, where the map's size is known):
    the selected feature, else the shown features, else the region. `key` names the target, so the view
    changes only when the target does."""
    rows = full.features[full.features["id"] == feature_id] if feature_id else full.features.iloc[0:0]
    if not rows.empty:
        west, south, east, north = (float(v) for v in rows.total_bounds)
        point = rows.iloc[0]["geometry"].geom_type == "Point" or (east - west < 1e-6 and north - south < 1e-6)
        zoom, key = (POINT_ZOOM if point else FEATURE_MAX_ZOOM), f"feature:{feature_id}"
    else:
        west, south, east, north = (float(v) for v in shown.features.total_bounds) if not shown.features.empty else vocab.REGION
        point, zoom = False, FILTER_MAX_ZOOM
        key = "shown:" + ",".join(f"{v:.4f}" for v in (west, south, east, north))
    return {"key": key, "bounds": [[south, west], [north, east]], "point": bool(point), "maxZoom": zoom}


class FitView(MacroElement):
    """Fits the map to view_target() (atlas/static/atlas-view.js). It rides in the highlight layer, which
    st_folium runs again whenever the selection or the filters change."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        window.atlasFitView({{ this._parent._parent.get_name() }}, {{ this.target | tojson }});
        {% endmacro %}
    """)

    def __init__(self, target: dict):
        super().__init__()
        self._name = "FitView"
        self.target = target


class CompactAttribution(MacroElement):
    """On a narrow map, the attribution as an ⓘ that opens on tap (atlas/static/atlas-view.js); the credit
    stays whole in the page."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        window.atlasCompactAttribution({{ this._parent.get_name() }}, {{ this.label | tojson }});
        {% endmacro %}
    """)

    def __init__(self, label: str):
        super().__init__()
        self._name = "CompactAttribution"
        self.label = label


def build_highlight(
    catalog: Catalog, feature_id: str | None, *, lang: str = "en", target: dict | None = None
) -> folium.FeatureGroup:
    """A layer that outlines the selected feature (empty when none); with `target` (view_target), it also
    fits the map to it."""
    group = folium.FeatureGroup(name=i18n.t("map.selected", lang), control=False)
    if target is not None:
        FitView(target).add_to(group)
    rows = catalog.features[catalog.features["id"] == feature_id] if feature_id else catalog.features.iloc[0:0]
    if not rows.empty:
        geom = rows.iloc[0]["geometry"].__geo_interface__
        folium.GeoJson(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "id": feature_id, "properties": {}, "geometry": geom}],
            },
            style_function=lambda f: {
                "color": HIGHLIGHT,
                "weight": 12,
                "opacity": 0.55,
                "fillOpacity": 0.0,
                "radius": 13,
                "className": "atlas-highlight",
            },
            marker=folium.CircleMarker(radius=13),
            interactive=False,
        ).add_to(group)
    return group


def legend_html(lang: str = "en") -> str:
    """The legend's HTML (atlas/templates/legend.html.j2): colours by kind, line styles by status,
    how each line was drawn, from the vocabulary tables."""
    kinds = [(i18n.kinds(lang)[k.code], k.colour) for k in vocab.KIND_TABLE]
    statuses = [(i18n.statuses(lang)[s.code], s.colour or LEGEND_INK, s.dash) for s in vocab.STATUS_TABLE]
    drawn = [  # label, colour, dash, opacity, width
        (i18n.t("legend.schematic", lang), LEGEND_INK, SCHEMATIC_DASH, 0.5, 4),
        (i18n.t("legend.stations", lang), LEGEND_INK, None, 0.95, vocab.PRECISION["through_stations"].weight),
        (i18n.t("legend.traced", lang), LEGEND_INK, None, 0.95, vocab.PRECISION["traced"].weight),
        (i18n.t("legend.context", lang), CONTEXT_GREY, None, 0.8, CONTEXT_WEIGHT),
    ]
    return render("legend.html.j2", lang, kinds=kinds, statuses=statuses, drawn=drawn, ink=LEGEND_INK)


class Legend(MacroElement):
    """A Leaflet control in the corner that holds legend_html()."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "topright"});
        {{ this.get_name() }}.onAdd = function (map) {
            var div = L.DomUtil.create("div", "atlas-legend-box");
            div.innerHTML = {{ this.html | tojson }};
            // clicks on the legend (opening, closing it) are not clicks on the map
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        // traced rail lines are OpenStreetMap data (ODbL): credited on every basemap, the offline outline included
        if ({{ this._parent.get_name() }}.attributionControl) {
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.track_credit | tojson }});
        }
        // an open legend covers a fifth of a map narrower than this: start it closed there
        if ({{ this._parent.get_name() }}.getSize().x < {{ this.open_min_width }}) {
            {{ this.get_name() }}.getContainer().querySelector("details").removeAttribute("open");
        }
        {% endmacro %}
    """)

    def __init__(self, lang: str = "en", *, open_min_width: int = 1000):
        super().__init__()
        self._name = "Legend"
        self.html = legend_html(lang)
        self.open_min_width = int(open_min_width)  # px of map width below which the legend starts closed
        self.track_credit = i18n.t("map.track_credit", lang)
