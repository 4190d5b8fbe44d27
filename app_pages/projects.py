"""Projects page: the filtered features as a sortable table, and downloads of exactly those rows."""

import streamlit as st

from atlas import export, ui
from atlas.filters import describe

catalog = ui.catalog()
sel = ui.selection()
shown = ui.filtered(catalog, sel)

st.title("Projects")
st.markdown(f"**{ui.md_escape(describe(sel))}** — {len(shown.features)} features. Click a column header to sort.")
table = export.display_table(shown)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "km": st.column_config.NumberColumn(
            "km", format="%.1f", help="From a cited figure, or measured on the drawn line (see km_source)."
        ),
        "summary": st.column_config.TextColumn("summary", width="large"),
    },
)
c1, c2 = st.columns(2)
c1.download_button("Download CSV", export.to_csv(shown), file_name="atlas_features.csv", mime="text/csv", width="stretch")
c2.download_button(
    "Download GeoJSON", export.to_geojson(shown), file_name="atlas_features.geojson", mime="application/geo+json", width="stretch"
)
c3, c4, c5 = st.columns(3)
c3.download_button(
    "Download GeoPackage",
    export.to_geopackage(shown),
    file_name="atlas_features.gpkg",
    mime="application/geopackage+sqlite3",
    width="stretch",
)
MAP_FILES = (
    (c4, True, "works offline", "atlas_map.html", "One file with Leaflet inside: opens with no network (basemap tiles aside)."),
    (c5, False, "Leaflet from CDN", "atlas_map_cdn.html", "A smaller file that loads Leaflet from the internet when opened."),
)
for col, inline, how, name, tip in MAP_FILES:
    col.download_button(
        f"Download this map (HTML, {how})",
        ui.map_file(shown, sel, inline=inline),
        file_name=name,
        mime="text/html",
        width="stretch",
        help=tip,
    )
st.caption(
    "Downloads hold exactly the rows above (the current filters). Figures and excerpts: see the Progress and Sources pages."
)
