"""What st_folium sends to the browser, measured the way st_folium builds it.

Uses streamlit-folium's own helpers (pinned version) so the bytes are the
component's real arguments: the map script, header and html, the dynamic
feature-group scripts and the layer control.
"""

from __future__ import annotations

import folium
import streamlit_folium as sf


def payload(fig: folium.Map, groups: list[folium.FeatureGroup] | None = None, *, layer_control: bool = False) -> dict[str, str]:
    fig.get_root().render()
    fig.render()
    parts = {"html": sf._get_html(fig), "header": sf._get_header(fig), "script": sf._get_map_string(fig)}
    for i, group in enumerate(groups or []):
        parts[f"group_{i}"] = sf._get_feature_group_string(group, map=fig, idx=i)
    if layer_control:
        parts["layer_control"] = sf._get_layer_control_string(folium.LayerControl(), fig)
    return parts


def size(parts: dict[str, str]) -> int:
    return sum(len(v.encode("utf-8")) for v in parts.values())
