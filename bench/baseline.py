"""The plain-folium baseline: one folium.Marker with a popup per feature.

What a first version of this app would do with the same data: a marker at each
feature (a line at its representative point) whose popup shows what the
atlas's own tooltip and popup show — name, Chinese name, countries, status
with its date, geometry precision — escaped, and the name as the tooltip.
Local Leaflet/jQuery as in the atlas, so the browser timing is offline too.
"""

from __future__ import annotations

import html

import folium

from atlas.mapview import LOCAL_CSS, LOCAL_JS, REGION_CENTER
from atlas.schema import COUNTRIES, PRECISIONS, STATUSES


def build_plain(features) -> folium.Map:
    m = folium.Map(location=REGION_CENTER, zoom_start=4)
    m.default_js = LOCAL_JS
    m.default_css = LOCAL_CSS
    for f in features.itertuples():
        pt = f.geometry if f.geometry.geom_type == "Point" else f.geometry.representative_point()
        zh = f" · {html.escape(f.name_zh)}" if isinstance(f.name_zh, str) else ""
        popup = (
            f"<b>{html.escape(f.name)}</b>{zh}<br>{html.escape(', '.join(COUNTRIES[c] for c in f.countries))}<br>"
            f"{STATUSES[f.status]}, as of {html.escape(f.status_as_of)}<br><i>{PRECISIONS[f.geometry_precision]}</i>"
        )
        folium.Marker([pt.y, pt.x], popup=folium.Popup(popup), tooltip=html.escape(f.name)).add_to(m)
    return m
