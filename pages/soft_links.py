"""Soft links page: agreements, visa schemes, MOUs and forums."""

import pandas as pd
import streamlit as st

from atlas import i18n, ui

catalog = ui.catalog()
sel = ui.selection()
shown = ui.filtered(catalog, sel)
tr, lang = ui.tr, ui.lang()

st.title(tr("soft.title"))
st.markdown(tr("soft.intro", n=len(shown.agreements), total=len(catalog.agreements)))
quotes = {e.id: e.text for s in catalog.sources.values() for e in s.excerpts}
names = i18n.countries(lang)
rows = []
for a in shown.agreements.itertuples():
    src = catalog.sources.get(a.source_id)
    rows.append(
        {
            tr("col.name"): catalog.name_of(a.id, lang),
            tr("col.type"): a.type.replace("_", " "),
            tr("col.parties"): i18n.join((names.get(p, p) for p in a.parties), lang),
            tr("col.date"): a.date,
            tr("col.status"): a.status.replace("_", " "),
            tr("col.summary"): a.summary,
            tr("col.excerpt"): quotes.get(a.excerpt_id or "", ""),
            tr("col.source"): f"{src.outlet}, {src.published}" if src else a.source_id,
            tr("col.link"): src.url if src else "",
        }
    )
table = pd.DataFrame(rows)
ui.sourced_table(
    table,
    widths={tr("col.excerpt"): "large", tr("col.summary"): "medium"},
    download=(tr("soft.csv"), "atlas_soft_links.csv"),
)
