"""Journeys page: the best rail path between two places, leg by leg, at the year chosen in the sidebar."""

import folium
import streamlit as st
from streamlit_folium import st_folium

from atlas import charts, i18n, journey_map, journeys, mapview, ui
from atlas.filters import md_literal

catalog, sel, _ = ui.page()
tr, lang = ui.tr, ui.lang()
net = ui.network()

st.title(tr("journey.title"))
st.caption(tr("journey.intro"))
left, right = st.columns(2)
left.text_input(tr("journey.from"), key="j_from", help=tr("journey.place.help"), on_change=ui.sync_url)
right.text_input(tr("journey.to"), key="j_to", help=tr("journey.place.help"), on_change=ui.sync_url)
year = sel["year"]
when = tr("journey.when.year", year=year) if year else tr("journey.when.latest")

try:
    result = ui.journey(net, st.session_state["j_from"], st.session_state["j_to"], year)
except journeys.UnknownPlace as err:
    st.error(tr("journey.unknown", name=md_literal(err.name)), icon="🧭")
    if err.suggestions:
        st.info(tr("journey.closest", names=i18n.join((ui.md_escape(s) for s in err.suggestions), lang)))
    st.stop()

st.markdown(f"**{ui.md_escape(result['from'])} → {ui.md_escape(result['to'])}**, {ui.md_escape(when)}")
if not result["legs"]:
    st.info(tr("journey.same"))
    st.stop()
# length, km by status and the year the whole journey could be open: three tiles to a row
tiles = [*st.columns(3), *st.columns(3)]
for col, key in zip(tiles, ("km_total", "km_open", "km_under_construction", "km_planned", "km_missing"), strict=False):
    col.metric(tr(f"journey.{key}"), f"{i18n.compact(result[key], lang)} km")
open_by = result["open_by"]
open_label = {"open": tr("journey.open_by.open"), None: tr("journey.open_by.none")}.get(open_by, str(open_by))
tiles[5].metric(tr("journey.open_by"), open_label, help=tr("journey.open_by.help"))

st_folium(
    mapview.base_map(catalog, basemap=st.session_state.get("basemap", ui.default_basemap()), lang=lang),
    key="journey_map",
    height=520,
    use_container_width=True,
    returned_objects=[],
    feature_group_to_add=[journey_map.journey_layer(result, lang)],
    layer_control=folium.LayerControl(collapsed=True),
    center=journey_map.journey_center(result),
    zoom=journey_map.journey_zoom(result),
)
st.html(journey_map.journey_legend_html(lang))
st.caption(tr("journey.caption"))

st.subheader(tr("journey.legs"))
ui.sourced_table(
    journeys.legs_table(result, lang),
    widths={tr("journey.col.line"): "medium", tr("journey.col.from"): "small", tr("journey.col.to"): "small"},
    download=(tr("journey.csv"), "atlas_journey.csv"),
)
reasons = journeys.reasons(result, lang)
if reasons:
    st.markdown(f"**{tr('journey.not_open')}**")
    st.markdown("\n".join(f"- {ui.md_escape(r)}" for r in reasons))

st.altair_chart(charts.journey_chart(result["by_year"], lang), width="stretch")
st.caption(tr("journey.chart.caption"))
ui.sync_url()
