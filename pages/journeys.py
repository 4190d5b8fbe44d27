"""Journeys page: two answers between two places at the year chosen in the sidebar — the path a traveller could
ride then, and the path once every announced line is built — side by side, leg by leg."""

import folium
import streamlit as st
from streamlit_folium import st_folium

from atlas import charts, finance_view, i18n, journey_map, journeys, mapview, ui
from atlas.filters import md_literal

catalog, sel, _ = ui.page()
tr, lang = ui.tr, ui.lang()
net = ui.network()

st.title(tr("journey.title"))
st.caption(tr("journey.intro"))
left, right = st.columns(2)
left.text_input(tr("journey.from"), key="j_from", help=tr("journey.place.help"), on_change=ui.sync_url, max_chars=80)
right.text_input(tr("journey.to"), key="j_to", help=tr("journey.place.help"), on_change=ui.sync_url, max_chars=80)
year = sel["year"]
when = tr("journey.when.year", year=year) if year else tr("journey.when.latest")
start, end = st.session_state["j_from"], st.session_state["j_to"]


def stop(message: str, icon: str = "🧭", hint: str = "") -> None:
    """A clear notice in the page's language instead of a journey; the link keeps what was typed."""
    st.error(message, icon=icon)
    if hint:
        st.info(hint)
    ui.sync_url()
    st.stop()


try:
    result = ui.journey(net, start, end, year)
except journeys.UnknownPlace as err:
    names = i18n.join((ui.md_escape(s) for s in err.suggestions), lang)
    stop(tr("journey.unknown", name=md_literal(err.name)), hint=tr("journey.closest", names=names) if err.suggestions else "")
except journeys.SamePlace:
    stop(tr("journey.same"), icon="📍")
except journeys.NoPath:
    stop(tr("journey.nopath", start=md_literal(journeys.clean(start)), end=md_literal(journeys.clean(end))))
except ValueError:  # a year outside journeys.YEARS
    stop(tr("journey.year", year=year, first=journeys.YEARS[0], last=journeys.YEARS[1]))

ends = [i18n.marked_name(result[end], result.get(f"{end}_zh"), lang) for end in ("from", "to")]
st.markdown(f"**{ui.md_escape(ends[0])} → {ui.md_escape(ends[1])}**, {ui.md_escape(when)}")
for place in (result["from_place"], result["to_place"]):
    if place:
        near = {
            "place": ui.md_escape(i18n.marked_name(place["place"], place.get("place_zh"), lang)),
            "station": ui.md_escape(i18n.marked_name(place["station"], place.get("station_zh"), lang)),
            "km": i18n.compact(place["km"], lang),
        }
        st.caption(tr("journey.place.near", **near))
st.html(journey_map.journey_legend_html(lang))
TILES = ("km_total", "km_open", "km_under_construction", "km_planned", "km_unknown", "km_missing", "km_sea")
basemap = st.session_state.get("basemap", ui.default_basemap())
for col, key in zip(st.columns(2), ("ride", "built"), strict=True):
    answer = result[key]
    with col:
        title = tr("journey.ride.latest") if key == "ride" and not year else tr(f"journey.{key}")
        st.subheader(title, help=tr(f"journey.{key}.help"))
        for pair in (TILES[i : i + 2] for i in range(0, len(TILES), 2)):
            for tile, name in zip(st.columns(2), pair, strict=False):
                tile.metric(tr(f"journey.{name}"), f"{i18n.compact(answer[name], lang)} {tr('unit.km')}")
        open_by = {"open": tr("journey.open_by.open"), None: tr("journey.open_by.none")}.get(
            answer["open_by"], str(answer["open_by"])
        )
        st.metric(tr("journey.open_by"), open_by, help=tr("journey.open_by.help"))
        st_folium(
            mapview.base_map(catalog, basemap=basemap, lang=lang),
            key=f"journey_map_{key}",
            height=420,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=[journey_map.journey_layer(answer, lang)],
            layer_control=folium.LayerControl(collapsed=True),
            center=journey_map.journey_center(answer),
            zoom=journey_map.journey_zoom(answer, width_px=400, height_px=340),
        )
        ui.sourced_table(
            journeys.legs_table(answer, lang, finance=finance_view.line_finance(catalog, lang)),
            widths={tr("journey.col.line"): "medium", tr("journey.col.from"): "small", tr("journey.col.to"): "small"},
            download=(tr("journey.csv"), f"journey_{key}"),
        )
        reasons = journeys.reasons(answer, lang)
        if reasons:
            st.markdown(f"**{tr('journey.not_open')}**")
            st.markdown("\n".join(f"- {ui.md_escape(r)}" for r in reasons))
st.caption(tr("journey.caption"))
st.altair_chart(charts.journey_chart(result["by_year"], lang), width="stretch")
st.caption(tr("journey.chart.caption"))
ui.sync_url()
