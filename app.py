"""China–ASEAN Connectivity Atlas — entry point: page config, navigation, the shared sidebar."""

import streamlit as st

from atlas import ui

st.set_page_config(page_title="China–ASEAN Connectivity Atlas · 中国—东盟互联互通地图", layout="wide")

with ui.timed("page"), ui.page_errors("the sidebar"):
    catalog = ui.catalog()
    ui.read_url(catalog)  # the language of the link decides the page titles below
    PAGES = [
        st.Page("pages/map.py", title=ui.tr("nav.map"), icon="🗺️", default=True),
        st.Page("pages/projects.py", title=ui.tr("nav.projects"), icon="📋", url_path="projects"),
        st.Page("pages/progress.py", title=ui.tr("nav.progress"), icon="📈", url_path="progress"),
        st.Page("pages/sources.py", title=ui.tr("nav.sources"), icon="📰", url_path="sources"),
        st.Page("pages/soft_links.py", title=ui.tr("nav.soft"), icon="🤝", url_path="soft-links"),
        st.Page("pages/journeys.py", title=ui.tr("nav.journeys"), icon="🧭", url_path="journeys"),
        st.Page("pages/whats_new.py", title=ui.tr("nav.whatsnew"), icon="🆕", url_path="whats-new"),
    ]
    if ui.editor_mode():  # `make edit` only (localhost): the one page that writes data
        PAGES.append(st.Page("pages/review.py", title=ui.tr("nav.review"), icon="✍️", url_path="review"))
    page = st.navigation(PAGES)
    ui.sidebar(catalog)
    ui.problems_banner(catalog)
    with ui.page_errors(f"page /{page.url_path}"):
        page.run()
