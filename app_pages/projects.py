"""Projects page: the filtered features as a sortable table, and downloads of exactly those rows."""

import streamlit as st

from atlas import export, ui
from atlas.filters import describe

catalog = ui.catalog()
sel = ui.selection()
shown = ui.filtered(catalog, sel)
tr = ui.tr

st.title(tr("projects.title"))
st.markdown(f"**{ui.md_escape(describe(sel, ui.lang()))}** — {tr('projects.count', n=len(shown.features))}")
table = export.display_table(shown, ui.lang())
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        tr("col.km"): st.column_config.NumberColumn(tr("col.km"), format="%.1f", help=tr("projects.km.help")),
        tr("col.summary"): st.column_config.TextColumn(tr("col.summary"), width="large"),
    },
)
c1, c2 = st.columns(2)
c1.download_button(tr("projects.csv"), export.to_csv(shown), file_name="atlas_features.csv", mime="text/csv", width="stretch")
c2.download_button(
    tr("projects.geojson"),
    export.to_geojson(shown),
    file_name="atlas_features.geojson",
    mime="application/geo+json",
    width="stretch",
)
c3, c4, c5 = st.columns(3)
c3.download_button(
    tr("projects.gpkg"),
    export.to_geopackage(shown),
    file_name="atlas_features.gpkg",
    mime="application/geopackage+sqlite3",
    width="stretch",
)
for col, inline, key, name in (
    (c4, True, "projects.map_inline", "atlas_map.html"),
    (c5, False, "projects.map_cdn", "atlas_map_cdn.html"),
):
    col.download_button(
        tr(key), ui.map_file(shown, sel, inline=inline), file_name=name, mime="text/html", width="stretch", help=tr(f"{key}.help")
    )
st.caption(tr("projects.caption"))
