"""Soft links page: agreements, visa schemes, MOUs and forums."""

import streamlit as st

from atlas import ui
from atlas.schema import COUNTRIES

catalog = ui.catalog()
sel = ui.selection()
shown = ui.filtered(catalog, sel)

st.title("Soft links")
st.markdown(
    "Trade agreements, visa schemes, MOUs, forums and visits — the rules and people that go with the rails and ports. "
    f"{len(shown.agreements)} of {len(catalog.agreements)} shown (filtered by country and search)."
)
quotes = {e.id: e.text for s in catalog.sources.values() for e in s.excerpts}
rows = []
for a in shown.agreements.itertuples():
    src = catalog.sources.get(a.source_id)
    rows.append(
        {
            "name": a.name,
            "name_zh": a.name_zh or "",
            "type": a.type.replace("_", " "),
            "parties": ", ".join(COUNTRIES.get(p, p) for p in a.parties),
            "date": a.date,
            "status": a.status.replace("_", " "),
            "summary": a.summary,
            "excerpt": quotes.get(a.excerpt_id or "", ""),
            "source": f"{src.outlet}, {src.published}" if src else a.source_id,
            "link": src.url if src else "",
        }
    )
st.dataframe(
    rows,
    hide_index=True,
    width="stretch",
    column_config={
        "link": st.column_config.LinkColumn("link", display_text="open"),
        "excerpt": st.column_config.TextColumn("excerpt", width="large"),
        "summary": st.column_config.TextColumn("summary", width="medium"),
    },
)
