"""China–ASEAN Connectivity Atlas — entry point: page config, navigation, the shared sidebar."""

import streamlit as st

from atlas import ui

st.set_page_config(page_title="China–ASEAN Connectivity Atlas", page_icon=":material/explore:", layout="wide")

PAGES = [
    st.Page("app_pages/map.py", title="Map", icon=":material/map:", default=True),
    st.Page("app_pages/projects.py", title="Projects", icon=":material/table_rows:", url_path="projects"),
    st.Page("app_pages/progress.py", title="Progress", icon=":material/monitoring:", url_path="progress"),
    st.Page("app_pages/sources.py", title="Sources", icon=":material/newspaper:", url_path="sources"),
    st.Page("app_pages/soft_links.py", title="Soft links", icon=":material/handshake:", url_path="soft-links"),
]
page = st.navigation(PAGES)
catalog = ui.catalog()
ui.sidebar(catalog)
ui.problems_banner(catalog)
page.run()
