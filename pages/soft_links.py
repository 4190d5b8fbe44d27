"""Soft links page: agreements, visa schemes, MOUs and forums."""

import streamlit as st

from atlas import stats, ui

catalog, sel, shown = ui.page()
tr, lang = ui.tr, ui.lang()

st.title(tr("soft.title"))
# the caption says the list is filtered only when a filter that applies to agreements (country, search) is set
filtered = any(spec.agreements is not None for spec, _ in sel.active())
st.markdown(tr("soft.intro.filtered" if filtered else "soft.intro", n=len(shown.agreements), total=len(catalog.agreements)))
ui.sourced_table(
    stats.agreements_table(shown, catalog, lang),
    widths={tr("col.name"): "medium", tr("col.excerpt"): "large", tr("col.summary"): "medium"},
    download=(tr("soft.csv"), "soft_links"),
)
