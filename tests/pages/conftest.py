"""AppTest harness for an app whose pages live in pages/ and are declared with st.navigation.

AppTest builds a new PagesManager for every run and, because a pages/ folder sits
next to app.py, marks the app as a legacy (v1) multipage app: each run then goes
through Streamlit's pages-directory wrapper, which runs the page without the
sidebar that app.py draws. The server does this only once, until app.py calls
st.navigation (which clears the flag); this fixture makes AppTest start where the
server is after that first run, so the tests see the app as users do.
"""

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import app_test


class _NavigationPagesManager(PagesManager):
    def __init__(self, *args, **kwargs):
        PagesManager.uses_pages_directory = False  # what st.navigation sets on its first call
        super().__init__(*args, **kwargs)


@pytest.fixture(autouse=True)
def navigation_app(monkeypatch):
    monkeypatch.setattr(app_test, "PagesManager", _NavigationPagesManager)
    yield
    PagesManager.uses_pages_directory = None
