"""A journey on the map (pages/journeys.py): its legs as one layer, its legend, the view that fits it."""

from __future__ import annotations

import math

import folium

from atlas import i18n
from atlas.mapview import REGION_CENTER, mercator_y
from atlas.palette import HIGHLIGHT, JOURNEY_COLOURS, JOURNEY_DASH
from atlas.render import esc


def journey_layer(result: dict, lang: str = "en") -> folium.FeatureGroup:
    """A journey's legs on the map: rail coloured by its status group, transfers dotted, stretches with no line
    grey and dashed; the two ends marked. Tooltips are escaped text."""
    group = folium.FeatureGroup(name=i18n.t("nav.journeys", lang), control=False)
    for leg in result["legs"]:
        colour = JOURNEY_COLOURS.get(leg["group"], HIGHLIGHT)
        dash = JOURNEY_DASH.get(leg["kind"]) or ("1 7" if leg["group"] == "unknown" else None)
        label = leg["line_name"] or i18n.t(f"journey.kind.{leg['kind']}", lang)
        tip = f"{label}: {leg['from']} → {leg['to']}, {leg['km']:,.0f} km"
        folium.PolyLine(
            [(c[1], c[0]) for c in leg["coords"]],
            color=colour,
            weight=6 if leg["kind"] == "rail" else 4,
            opacity=0.9,
            dash_array=dash,
            tooltip=esc(tip),
            class_name=f"atlas-journey atlas-journey-{leg['kind']} atlas-journey-{leg['group']}",
        ).add_to(group)
    if result["legs"]:
        for c, name in ((result["legs"][0]["coords"][0], result["from"]), (result["legs"][-1]["coords"][-1], result["to"])):
            folium.CircleMarker(
                (c[1], c[0]),
                radius=8,
                color="#222",
                weight=2,
                fill=True,
                fill_color="#fff",
                fill_opacity=1,
                tooltip=esc(name),
                class_name="atlas-journey-end",
            ).add_to(group)
    return group


def journey_center(result: dict) -> tuple[float, float]:
    pts = [c for leg in result["legs"] for c in leg["coords"]] or [[REGION_CENTER[1], REGION_CENTER[0]]]
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    return ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)


def journey_zoom(result: dict, *, width_px: int = 900, height_px: int = 520) -> int:
    """The zoom that fits the journey (Web Mercator), between 3 and 9."""
    pts = [c for leg in result["legs"] for c in leg["coords"]]
    if not pts:
        return 4
    lon_span = max(max(p[0] for p in pts) - min(p[0] for p in pts), 0.05)
    y_span = max(mercator_y(max(p[1] for p in pts)) - mercator_y(min(p[1] for p in pts)), 0.001)
    zoom = min(math.log2(360.0 * width_px / (256.0 * lon_span)), math.log2(2 * math.pi * height_px / (256.0 * y_span)))
    return int(max(3, min(9, math.floor(zoom))))


LEGEND_ROWS = (
    ("open", "journey.km_open", "solid"),
    ("under_construction", "journey.km_under_construction", "solid"),
    ("planned", "journey.km_planned", "solid"),
    ("unknown", "journey.km_unknown", "dotted"),
    ("missing", "journey.kind.missing", "dashed"),
    ("sea", "journey.kind.sea", "dotted"),
    ("transfer", "journey.kind.transfer", "dotted"),
)


def journey_legend_html(lang: str = "en") -> str:
    """What the colours of a journey mean: the journey's own groups (open, under construction, planned, state
    unknown that year, no line, sea crossing, change of line), not the atlas-wide kind colours."""
    items = "".join(
        f'<span class="atlas-journey-legend-{g}"><span style="display:inline-block;width:28px;'
        f'border-top:5px {style} {JOURNEY_COLOURS[g]};vertical-align:middle"></span> {esc(i18n.t(key, lang))}</span>'
        for g, key, style in LEGEND_ROWS
    )
    return f'<div class="atlas-journey-legend" style="display:flex;gap:18px;flex-wrap:wrap;font-size:0.9rem">{items}</div>'
