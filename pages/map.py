"""Map page: headline figures, the map, and the details of the clicked feature."""

import folium
import streamlit as st
from streamlit_folium import st_folium

from atlas import mapview, stats, ui
from atlas.filters import describe

catalog, sel, shown = ui.page()
ui.require_assets()

st.title(ui.tr("app.title"))
ui.page_style()
st.markdown(
    f"**{ui.md_escape(describe(sel, ui.lang()))}** — {ui.tr('map.count', n=len(shown.features), total=len(catalog.features))}"
)
figures = stats.headline(shown, countries=sel["country"], year=sel["year"], lang=ui.lang())
finance = stats.committed_finance(shown, countries=sel["country"], year=sel["year"])
freshness = ui.freshness(shown)
with st.container(key="atlas-headline"):
    ui.headline_strip(figures, catalog, countries=sel["country"])
with st.container(key="atlas-head-finance"):
    ui.finance_tile(finance, countries=sel["country"], year=sel["year"])
ui.all_figures(figures, catalog, finance=finance)  # a phone's "full set", one tap away
with st.container(key="atlas-fresh"):
    st.caption(ui.md_escape(freshness))


@st.fragment
def map_and_details() -> None:
    """Reruns alone on a click: the headline figures above stay as they are."""
    with ui.timed("map fragment", only_fragment_runs=True), ui.page_errors("the map"):
        _map_and_details()


def _map_and_details() -> None:
    feature = ui.selection().feature
    left, right = st.columns([2, 1], gap="medium")
    with left:
        if shown.features.empty:
            st.warning(ui.tr("map.none"))
        st_folium(
            # the same for every filter: a filter change does not remount the map
            mapview.base_map(catalog, basemap=st.session_state.get("basemap", ui.default_basemap()), lang=ui.lang()),
            key="atlas_map",
            height=620,
            use_container_width=True,
            returned_objects=["last_active_drawing", "last_object_clicked"],
            feature_group_to_add=[
                *ui.finance_groups(catalog, sel),  # under the atlas's features: they stay clickable
                *mapview.feature_groups(shown, encoded=ui.encoded(shown, sel), lang=ui.lang()),
                # fits the map to the feature, else to the shown features, in the browser (the map's own size)
                mapview.build_highlight(catalog, feature, lang=ui.lang(), target=mapview.view_target(catalog, shown, feature)),
            ],
            layer_control=folium.LayerControl(collapsed=True),
            on_change=ui.on_map_change,
        )
        st.caption(ui.tr("map.caption"))
    with right:
        ui.details_panel(catalog, feature)
    ui.sync_url()


map_and_details()
