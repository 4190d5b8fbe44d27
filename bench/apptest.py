"""AppTest for an app whose pages live in pages/ and are declared with st.navigation.

AppTest builds a new PagesManager for every run and, because a pages/ folder sits
next to app.py, marks the app as a legacy (v1) multipage app: each run then goes
through Streamlit's pages-directory wrapper, which runs the page without the
sidebar that app.py draws. The server does this only once, until app.py calls
st.navigation (which clears the flag). `navigation_app_test()` makes AppTest start
where the server is after that first run; the page tests and the benchmarks use it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import app_test


class _NavigationPagesManager(PagesManager):
    def __init__(self, *args, **kwargs):
        PagesManager.uses_pages_directory = False  # what st.navigation sets on its first call
        super().__init__(*args, **kwargs)


@contextlib.contextmanager
def navigation_app_test() -> Iterator[None]:
    original = app_test.PagesManager
    app_test.PagesManager = _NavigationPagesManager
    try:
        yield
    finally:
        app_test.PagesManager = original
        PagesManager.uses_pages_directory = None
