"""What's new: the change log (data/changes.csv), newest first, for the features the sidebar's filters show."""

import streamlit as st

from atlas import changelog, render, ui

catalog, sel, shown = ui.page()
tr = ui.tr

st.title(tr("whatsnew.title"))
st.caption(tr("whatsnew.caption"))
st.markdown(f"[{tr('whatsnew.feed')}](app/static/feed-{ui.lang()}.xml)")
entries = changelog.entries(catalog, ui.lang(), None if sel.is_empty() else set(shown.features["id"]))
if catalog.changes.empty:
    st.info(tr("whatsnew.empty"))
elif not entries:
    st.info(tr("whatsnew.none"))
else:
    st.markdown(tr("whatsnew.count", n=len(entries)))
    st.html(render.whats_new_html(entries, ui.lang()))
