"""China–ASEAN Connectivity Atlas — entry point: page config, navigation, the shared sidebar."""

import streamlit as st

from atlas import ui

st.set_page_config(page_title="China–ASEAN Connectivity Atlas", layout="wide")

PAGES = [
    st.Page("app_pages/map.py", title="Map", icon="🗺️", default=True),
    st.Page("app_pages/projects.py", title="Projects", icon="📋", url_path="projects"),
    st.Page("app_pages/progress.py", title="Progress", icon="📈", url_path="progress"),
    st.Page("app_pages/sources.py", title="Sources", icon="📰", url_path="sources"),
    st.Page("app_pages/soft_links.py", title="Soft links", icon="🤝", url_path="soft-links"),
]
page = st.navigation(PAGES)
with ui.timed("page"):
    catalog = ui.catalog()
    ui.sidebar(catalog)
    ui.problems_banner(catalog)
    page.run()
