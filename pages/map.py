"""Map page: headline figures, the map, and the details of the clicked feature."""

import folium
import streamlit as st
from streamlit_folium import st_folium

from atlas import mapview, stats, ui
from atlas.filters import describe

catalog, sel, shown = ui.page()
ui.require_assets()

st.title(ui.tr("app.title"))
st.markdown(
    f"**{ui.md_escape(describe(sel, ui.lang()))}** — {ui.tr('map.count', n=len(shown.features), total=len(catalog.features))}"
)
ui.headline_strip(
    stats.headline(shown, countries=sel["country"], year=sel["year"], lang=ui.lang()), catalog, countries=sel["country"]
)
ui.finance_tile(
    stats.committed_finance(shown, countries=sel["country"], year=sel["year"]), countries=sel["country"], year=sel["year"]
)
st.caption(ui.md_escape(ui.freshness(shown)))


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
        center, zoom = mapview.view(shown)
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
                mapview.build_highlight(catalog, feature, lang=ui.lang()),
            ],
            layer_control=folium.LayerControl(collapsed=True),
            center=center,
            zoom=zoom,
            on_change=ui.on_map_change,
        )
        st.caption(ui.tr("map.caption"))
    with right:
        ui.details_panel(catalog, feature)
    ui.sync_url()


map_and_details()
