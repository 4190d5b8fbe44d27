"""Compact map layers: the features as small columns, drawn by a few lines of JS.

folium's GeoJson embeds every property of every feature and a style switch
with every id; at 10,000 features that is megabytes. Here each feature is one
entry in a few columns — id, status, precision, name, Chinese name, as-of
date index, countries index — and its coordinates as an encoded polyline at
5 decimals (dense lines simplified for the view); the style, tooltip and popup are built in
the browser from small lookup tables. Tooltips and popups are DOM nodes filled
with textContent, so a name from data can never become markup.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import polyline as _polyline
import shapely
from branca.element import MacroElement
from jinja2 import Template

from atlas import i18n
from atlas.finance import PROJECT_URL, SECTOR_OF
from atlas.schema import COUNTRIES, PRECISIONS, STATUSES

STATUS_ORDER = list(STATUSES)
PRECISION_ORDER = list(PRECISIONS)
CANVAS_THRESHOLD = 1500  # above this many features, draw on a canvas instead of SVG paths
DENSE_LINE = 50  # lines with more vertices are simplified for the view; station lines are kept as drawn


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def script_json(value) -> str:
    """JSON safe inside a <script> and inside folium's templates: <, >, & escaped so
    no string closes the script element, and { } escaped inside strings because
    folium compiles each rendered script as a Jinja template again (a name such
    as "{{ 7*7 }}" must stay text, never be evaluated)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _JSON_STRING.sub(lambda m: m.group(0).replace("{", "\\u007b").replace("}", "\\u007d"), text)


def polyline(coords) -> str:
    """Google's encoded polyline (precision 5) of [[lon, lat], ...], by the `polyline`
    package: a few ASCII characters per vertex instead of two JSON numbers
    (decoded in the browser by atlasDecode, atlas/static/atlas-layers.js)."""
    return _polyline.encode([(lat, lon) for lon, lat in np.asarray(coords, dtype=float).tolist()], 5)


def _tolerance(features) -> float:
    if not len(features):
        return 0.0
    w, s, e, n = features.total_bounds
    return max(e - w, n - s, 0.01) / 3000.0


def encode_polygon(geom) -> list[list[str]]:
    """A Polygon or MultiPolygon as [polygon][ring] polylines."""
    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    return [[polyline(ring.coords) for ring in (p.exterior, *p.interiors)] for p in polys if not p.is_empty]


def encode(features, *, tolerance: float | None = None, lang: str = "en", outlines=None) -> dict:
    """The features, column by column per kind:
    {"kinds": {kind: {"ids", "s", "p", "n", "z", "d", "c", "t", "pt", "ln"}}, "dates", "places"}, where
    `c` indexes `places`, each distinct list of a feature's countries as one phrase in `lang` ("China and Laos").
    `t` says per feature P(oint) or L(ine); `cx` lists the rows that are context lines (role "context"); `pt` is one polyline of all the
    kind's points in order, `ln` one polyline per line. A line in parts of
    different precision (`part_precisions`) gives its first part in `ln` and
    `p`, and each further part in `xp` as [row, precision index, polyline].
    A point with a published outline (`outlines`: feature_id, geometry) keeps
    its point and adds the outline in `ol` as [row, [polygon][ring] polylines]."""
    if "role" in features and features["role"].eq("context").any():
        # context lines first: drawn before the projects, so under them
        features = features.iloc[features["role"].ne("context").to_numpy().argsort(kind="stable")]
    shapes = {} if outlines is None or not len(outlines) else dict(zip(outlines["feature_id"], outlines.geometry, strict=True))
    tol = _tolerance(features) if tolerance is None else tolerance
    geoms = features.geometry.values
    is_point = shapely.get_type_id(geoms) == 0
    # traced lines come simplified to about 50 m by scripts/build_rail_geometry.py: coarser would leave the track
    traced = features["geometry_precision"].eq("traced").to_numpy(copy=True)
    if "part_precisions" in features:
        traced = traced | features["part_precisions"].map(lambda p: isinstance(p, list | tuple)).to_numpy()
    dense = (shapely.get_num_coordinates(geoms) > DENSE_LINE) & ~is_point & ~traced
    if dense.any():
        geoms = geoms.copy()
        geoms[dense] = shapely.simplify(geoms[dense], tol)
    dates = {d: i for i, d in enumerate(dict.fromkeys(features["status_as_of"]))}
    combo_keys = [",".join(c) for c in features["countries"]]
    combos = {c: i for i, c in enumerate(dict.fromkeys(combo_keys))}
    status_i = {s: i for i, s in enumerate(STATUS_ORDER)}
    prec_i = {p: i for i, p in enumerate(PRECISION_ORDER)}
    kinds: dict[str, dict] = {}
    part_precs = features["part_precisions"] if "part_precisions" in features else [None] * len(features)
    roles = features["role"] if "role" in features else ["project"] * len(features)
    cols = zip(
        roles,
        part_precs,
        features["id"],
        features["kind"],
        features["status"],
        features["geometry_precision"],
        features["name"],
        features["name_zh"],
        features["status_as_of"],
        combo_keys,
        geoms,
        is_point,
        strict=True,
    )
    points: dict[str, list] = {}
    for role, parts, fid, kind, status, prec, name, zh, as_of, combo, geom, point in cols:
        k = kinds.setdefault(kind, {"ids": [], "s": [], "p": [], "n": [], "z": [], "d": [], "c": [], "t": [], "ln": []})
        split = isinstance(parts, list | tuple) and geom.geom_type == "MultiLineString"
        if role == "context":
            k.setdefault("cx", []).append(len(k["ids"]))
        k["ids"].append(fid)
        k["s"].append(status_i[status])
        k["p"].append(prec_i[parts[0] if split else prec])
        primary, other = i18n.names(name, zh, lang)
        k["n"].append(primary)
        k["z"].append(other)
        k["d"].append(dates[as_of])
        k["c"].append(combos[combo])
        if point:
            k["t"].append("P")
            points.setdefault(kind, []).append((geom.x, geom.y))
            if fid in shapes:
                k.setdefault("ol", []).append([len(k["ids"]) - 1, encode_polygon(shapes[fid])])
        elif split:
            k["t"].append("L")
            first, *rest = geom.geoms
            k["ln"].append(polyline(shapely.get_coordinates(first)))
            for part, part_prec in zip(rest, parts[1:], strict=True):
                k.setdefault("xp", []).append([len(k["ids"]) - 1, prec_i[part_prec], polyline(shapely.get_coordinates(part))])
        else:
            k["t"].append("L")
            k["ln"].append(polyline(shapely.get_coordinates(geom)))
    for kind, k in kinds.items():
        k["t"] = "".join(k["t"])
        k["pt"] = polyline(points[kind]) if kind in points else ""
        if not any(k["z"]):
            del k["z"]
    names = i18n.countries(lang)
    places = [i18n.join([names.get(c, c) for c in combo.split(",") if c], lang) for combo in combos]
    return {"kinds": kinds, "dates": list(dates), "places": places}


def nested_index(index: dict[str, int]) -> dict:
    """{"kind|status|precision|shape[|context]": n} as {kind: {status: {precision: {"shape[|context]": n}}}}:
    the same table in about half the bytes (every key of the flat one repeats its kind and status)."""
    out: dict = {}
    for key, n in index.items():
        kind, status, prec, *shape = key.split("|")
        out.setdefault(kind, {}).setdefault(status, {}).setdefault(prec, {})["|".join(shape)] = n
    return out


class AtlasRuntime(MacroElement):
    """The tables atlas/static/atlas-layers.js draws with, set once per map before any layer:
    the style of every (kind, status, precision, shape, role) the vocabulary allows, computed by
    mapview.style_for ({"index": {key: n}, "styles": [...]}), and the labels in the interface language."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        window.atlasTables = {{ this.tables_json }};
        {% endmacro %}
    """)

    def __init__(self, lang: str, styles: dict[str, list]):
        super().__init__()
        self._name = "AtlasRuntime"
        self.tables = {
            "styleIndex": nested_index(styles["index"]),
            "styles": styles["styles"],
            "kinds": i18n.kinds(lang),
            "statusCodes": STATUS_ORDER,
            "statusLabels": [i18n.statuses(lang)[s] for s in STATUS_ORDER],
            "precisions": PRECISION_ORDER,
            "precisionLabels": [i18n.precisions(lang)[p] for p in PRECISION_ORDER],
            "text": {
                "asOf": i18n.t("details.asof", lang),
                "schematic": i18n.t("details.schematic", lang),
                "details": i18n.t("details.hint.popup", lang),
                "context": i18n.t("legend.context", lang),
            },
        }
        self.tables_json = script_json(self.tables)


class AtlasLayer(MacroElement):
    """The features of one kind, added to its parent FeatureGroup."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = window.atlasLayer({{ this.kind | tojson }}, {{ this.cols_json }},
            {{ this.dates | tojson }}, {{ this.places | tojson }}, {{ this.canvas | tojson }});
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        document.body.dataset.atlasDrawn = String((Number(document.body.dataset.atlasDrawn) || 0) + {{ this.count }});
        {% endmacro %}
    """)

    def __init__(self, kind: str, encoded: dict, *, canvas: bool):
        super().__init__()
        self._name = "AtlasLayer"
        self.kind = kind
        self.cols_json = script_json(encoded["kinds"][kind])
        self.dates = encoded["dates"]
        self.places = encoded["places"]
        self.canvas = canvas
        self.count = len(encoded["kinds"][kind]["ids"])


def encode_outline(countries) -> list[list[list[str]]]:
    """Country outlines as [country][polygon][ring] polylines."""
    return [encode_polygon(geom) for geom in countries.geometry.values]


class AtlasOutline(MacroElement):
    """The light, non-interactive country outline under everything."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var group = L.featureGroup();
            {{ this.outline_json }}.forEach(function (country) {
                var rings = country.map(function (poly) { return poly.map(function (ring) {
                    return window.atlasDecode(ring).map(function (c) { return [c[1], c[0]]; }); }); });
                L.polygon(rings, {color: "#9e9e9e", weight: 0.8, fillColor: "#f3f1ec", fillOpacity: 0.55,
                                  interactive: false, className: "atlas-country"}).addTo(group);
            });
            {{ this.labels_json }}.forEach(function (l) {
                var div = document.createElement("div"); div.textContent = l[2];
                L.marker([l[1], l[0]], {interactive: false, keyboard: false, icon: L.divIcon({
                    className: "atlas-country-label", html: div, iconSize: null})}).addTo(group);
            });
            group.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, countries, *, labels: bool = False, lang: str = "en"):
        super().__init__()
        self._name = "AtlasOutline"
        self.outline_json = script_json(encode_outline(countries))
        named = countries[countries["iso_a3"].isin(list(COUNTRIES))] if labels else countries.iloc[0:0]
        points = named.geometry.representative_point()
        self.labels_json = script_json(
            [[round(p.x, 3), round(p.y, 3), i18n.countries(lang)[c]] for p, c in zip(points, named["iso_a3"], strict=True)]
        )


def encode_finance(projects, *, radius, styles: dict[str, tuple[dict, dict]], lang: str = "en") -> dict:
    """AidData's projects that have a location, as columns for one layer of circle markers:
    {"ids", "n" title, "k" sector index, "r" radius px, "a" amount in `lang` ('' when none), "y" commitment year,
    "l" lenders index, "s" AidData status index, "o" rows located as a line or area, "pt" one polyline of
    their points}, with the lookup tables "sectors" (label, [full style, hollow style]), "lenders",
    "statuses" and "text". A line or area is drawn at a point on it (shapely's point_on_surface).
    `radius(amount)` and `styles` (sector code -> (with amount, without)) are the map's style rules (mapview).
    Largest first, so a small circle is never hidden under a larger one."""
    located = projects[projects.geometry.notna()]
    located = located[~located.geometry.is_empty]
    located = located.sort_index().sort_values("amount_usd_2021", ascending=False, na_position="last", kind="stable")
    geoms = located.geometry.values
    points = shapely.point_on_surface(geoms)
    not_point = ~np.isin(shapely.get_type_id(geoms), (0, 4))  # Point, MultiPoint: drawn where they are
    sector_i: dict[str, int] = {}
    lender_i: dict[str, int] = {}
    status_i: dict[str, int] = {}
    cols: dict[str, list] = {"ids": [], "n": [], "k": [], "r": [], "a": [], "y": [], "l": [], "s": []}
    rows = zip(
        located["aiddata_id"],
        located["title"],
        located["sector"],
        located["amount_usd_2021"],
        located["commitment_year"],
        located["financiers"],
        located["status"],
        strict=True,
    )
    for pid, title, sector, amount, year, lenders, status in rows:
        known = amount is not None and not pd.isna(amount)
        cols["ids"].append(int(pid))
        cols["n"].append(title)
        cols["k"].append(sector_i.setdefault(SECTOR_OF[sector], len(sector_i)))
        cols["r"].append(round(radius(float(amount) if known else None), 1))
        cols["a"].append(i18n.money(float(amount), "USD", lang) if known else "")
        cols["y"].append(int(year))
        phrase = i18n.join(list(lenders or ()), lang)
        cols["l"].append(lender_i.setdefault(phrase, len(lender_i)))
        cols["s"].append(status_i.setdefault(status, len(status_i)))
    cols["o"] = np.flatnonzero(not_point).tolist()
    cols["pt"] = polyline([(p.x, p.y) for p in points]) if len(points) else ""
    text_keys = {
        "lender": ("details.financiers", {}),
        "nolender": ("details.finance.nolender", {}),
        "amount": ("details.finance.amount", {"amount": "{amount}"}),
        "noamount": ("details.finance.noamount", {}),
        "year": ("details.finance.year", {"year": "{year}"}),
        "status": ("details.finance.status", {"status": "{status}"}),
        "link": ("details.finance.link", {"id": "{id}"}),
        "shape": ("map.finance.shape", {}),
    }
    return {
        "cols": cols,
        "sectors": [[i18n.t(f"finance.sector.{code}", lang), list(styles[code])] for code in sector_i],
        "sectorCodes": list(sector_i),
        "lenders": list(lender_i),
        "statuses": list(status_i),  # AidData's own words, shown as theirs
        "text": {k: i18n.t(key, lang, **values) for k, (key, values) in text_keys.items()},
        "url": PROJECT_URL,
        "selected": len(projects),
    }


class FinanceLayer(MacroElement):
    """AidData's projects as circle markers (atlas/static/atlas-layers.js, atlasFinance), with their own
    legend, shown while the layer is on the map (the layer control can hide both)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = window.atlasFinance({{ this.data_json }}, {{ this.legend_json }}, {{ this.canvas | tojson }},
            {{ this.open_min_width }});
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        document.body.dataset.atlasFinanceDrawn = "{{ this.count }}";
        {% endmacro %}
    """)

    def __init__(self, encoded: dict, legend_html: str, *, canvas: bool = False, open_min_width: int = 1000):
        super().__init__()
        self._name = "FinanceLayer"
        self.open_min_width = int(open_min_width)  # px of map width below which its legend starts closed
        self.data_json = script_json(encoded)
        self.legend_json = script_json(legend_html)
        self.canvas = canvas
        self.count = len(encoded["cols"]["ids"])
