"""AppTest sees the app as the server runs it: pages/ declared with st.navigation (see bench/apptest.py)."""

import pytest

from bench.apptest import navigation_app_test


@pytest.fixture(autouse=True)
def navigation_app():
    with navigation_app_test():
        yield
