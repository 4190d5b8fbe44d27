"""Projects page: the filtered features as a table in words (the name first, no ids), a row opening its feature
on the map, and downloads of exactly those rows named by the filters and the date."""

from functools import partial

import streamlit as st

from atlas import export, i18n, ui
from atlas.filters import describe

catalog, sel, shown = ui.page()
tr, lang = ui.tr, ui.lang()

st.title(tr("projects.title"))
sentence = describe(sel, lang)
st.markdown(f"**{ui.md_escape(sentence)}** — {tr('projects.count', n=len(shown.features))} {tr('projects.open.help')}")
table = export.display_table(shown, lang)
text = st.column_config.TextColumn
ui.feature_rows(
    table,
    key="projects_rows",
    # pixel widths that hold the longest word of each column at 1600 px (a kind, a status, two countries)
    column_config={
        tr("col.name"): text(tr("col.name"), width=360),
        tr("col.kind"): text(tr("col.kind"), width=130),
        tr("col.countries"): text(tr("col.countries"), width=150),
        tr("col.status"): text(tr("col.status"), width=140),
        tr("col.status_as_of"): text(tr("col.status_as_of"), width=100),
        tr("col.km"): st.column_config.NumberColumn(tr("col.km"), format="%.1f", help=tr("projects.km.help"), width=70),
        tr("col.summary_en"): text(tr("col.summary_en"), width="large"),
    },
)
# label key, how to build the file (only when its button is clicked), extension, MIME type:
# the rows above in three formats, then the map in two
html = partial(export.standalone_html, shown, lang=lang, sentence=sentence)
DOWNLOADS = (
    ("projects.csv", partial(export.to_csv, shown), "csv", "text/csv"),
    ("projects.geojson", partial(export.to_geojson, shown), "geojson", "application/geo+json"),
    ("projects.gpkg", partial(export.to_geopackage, shown), "gpkg", "application/geopackage+sqlite3"),
    ("projects.map_inline", partial(html, inline=True), "html", "text/html"),
    ("projects.map_cdn", partial(html, inline=False), "cdn.html", "text/html"),
)
for col, (key, build, ext, mime) in zip([*st.columns(2), *st.columns(3)], DOWNLOADS, strict=True):
    tip = tr(f"{key}.help") if i18n.has(f"{key}.help") else None
    name = ui.download_name("" if ext != "cdn.html" else "map", ext.removeprefix("cdn."))
    col.download_button(tr(key), build, file_name=name, mime=mime, width="stretch", help=tip, on_click="ignore")
st.caption(tr("projects.caption"))
