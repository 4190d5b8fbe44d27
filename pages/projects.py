"""Projects page: the filtered features as a sortable table, and downloads of exactly those rows."""

from functools import partial

import streamlit as st

from atlas import export, i18n, ui
from atlas.filters import describe

catalog, sel, shown = ui.page()
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
# label key, how to build the file (only when its button is clicked), file name, MIME type:
# the rows above in three formats, then the map in two
DOWNLOADS = (
    ("projects.csv", partial(export.to_csv, shown), "atlas_features.csv", "text/csv"),
    ("projects.geojson", partial(export.to_geojson, shown), "atlas_features.geojson", "application/geo+json"),
    ("projects.gpkg", partial(export.to_geopackage, shown), "atlas_features.gpkg", "application/geopackage+sqlite3"),
    ("projects.map_inline", partial(export.standalone_html, shown, inline=True, lang=ui.lang()), "atlas_map.html", "text/html"),
    ("projects.map_cdn", partial(export.standalone_html, shown, inline=False, lang=ui.lang()), "atlas_map_cdn.html", "text/html"),
)
for col, (key, build, name, mime) in zip([*st.columns(2), *st.columns(3)], DOWNLOADS, strict=True):
    tip = tr(f"{key}.help") if i18n.has(f"{key}.help") else None
    col.download_button(tr(key), build, file_name=name, mime=mime, width="stretch", help=tip, on_click="ignore")
st.caption(tr("projects.caption"))
