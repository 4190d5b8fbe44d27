"""Sources page: each source with its excerpts; each excerpt links its features to the map."""

import streamlit as st

from atlas import linking, render, ui
from atlas.schema import parse_partial_date

catalog = ui.catalog()
sel = ui.selection()
shown = ui.filtered(catalog, sel)

st.title("Sources")
ids = set(shown.excerpts["source_id"]) if not sel.is_empty() else set(catalog.sources)
sources = sorted((catalog.sources[s] for s in ids), key=lambda s: (parse_partial_date(s.published), s.id), reverse=True)
n_ex = sum(len(s.excerpts) for s in sources)
st.markdown(
    f"{len(sources)} sources, {n_ex} excerpts, newest first"
    + (" — only those that mention a feature in the current filters." if not sel.is_empty() else ".")
)
st.caption("Excerpts are quoted verbatim; highlighted names link to the feature on the map.")
unreviewed = [s for s in sources if not s.reviewed]
if unreviewed:
    st.warning(
        f"{len(unreviewed)} source(s) added by `python -m atlas link-article --write` are not reviewed yet: "
        "check their excerpts and tags, then set `reviewed: true`.",
        icon="📝",
    )
terms = linking.build_terms(catalog)
for src in sources:
    with st.container(border=True):
        st.html(render.source_html(catalog, src, terms))
