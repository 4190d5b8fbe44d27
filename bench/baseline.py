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
import pandas as pd

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


def add_plain_finance(m: folium.Map, finance) -> folium.Map:
    """The finance layer the plain way: one folium.Marker per located AidData project (a line or area at its
    representative point) with a popup showing what the atlas's finance popup shows (title, lenders, amount,
    year, AidData's status, the link), escaped, and the title as tooltip."""
    for p in finance[finance.geometry.notna()].itertuples():
        pt = p.geometry if p.geometry.geom_type == "Point" else p.geometry.representative_point()
        amount = f"${p.amount_usd_2021 / 1e6:,.2f}M (constant 2021 USD)" if pd.notna(p.amount_usd_2021) else ""
        popup = (
            f"<b>{html.escape(p.title)}</b><br>Financed by: {html.escape(', '.join(p.financiers))}<br>{amount}<br>"
            f"committed in {p.commitment_year}<br>AidData's status: {html.escape(p.status)}<br>"
            f'<a href="{html.escape(p.url)}" target="_blank">AidData project {p.aiddata_id}</a>'
        )
        folium.Marker([pt.y, pt.x], popup=folium.Popup(popup), tooltip=html.escape(p.title)).add_to(m)
    return m
