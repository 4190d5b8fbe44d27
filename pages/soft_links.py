"""Soft links page: agreements, visa schemes, MOUs and forums."""

import streamlit as st

from atlas import stats, ui

catalog, _, shown = ui.page()
tr, lang = ui.tr, ui.lang()

st.title(tr("soft.title"))
st.markdown(tr("soft.intro", n=len(shown.agreements), total=len(catalog.agreements)))
ui.sourced_table(
    stats.agreements_table(shown, catalog, lang),
    widths={tr("col.excerpt"): "large", tr("col.summary"): "medium"},
    download=(tr("soft.csv"), "atlas_soft_links.csv"),
)
