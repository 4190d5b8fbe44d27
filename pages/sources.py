"""Sources page: each source with its excerpts; each excerpt links its features to the map."""

import streamlit as st

from atlas import ui
from atlas.schema import parse_partial_date

catalog, sel, shown = ui.page()
tr = ui.tr

st.title(tr("sources.title"))
ids = set(shown.excerpts["source_id"]) if not sel.is_empty() else set(catalog.sources)
sources = sorted((catalog.sources[s] for s in ids), key=lambda s: (parse_partial_date(s.published), s.id), reverse=True)
n_ex = sum(len(s.excerpts) for s in sources)
st.markdown(tr("sources.count.filtered" if not sel.is_empty() else "sources.count", n=len(sources), e=n_ex))
st.caption(tr("sources.caption"))
unreviewed = [s for s in sources if not s.reviewed]
if unreviewed:
    st.warning(tr("sources.unreviewed", n=len(unreviewed)), icon="📝")
cards = ui.source_cards()
for src in sources:
    with st.container(border=True):
        st.html(cards[src.id])
