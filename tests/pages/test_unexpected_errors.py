"""An unexpected error in a page (issue 19, Low): our own short message in the page's language, the
details in the server log, never Streamlit's page with "Ask Google / Ask ChatGPT"."""

from __future__ import annotations

import logging

import pytest

from atlas import export, i18n, stats
from tests.pages.test_pages import run


def _boom(*args, **kwargs):
    raise RuntimeError("a bug nobody foresaw")


@pytest.mark.parametrize(
    ("page", "module", "name", "lang"),
    [
        ("pages/map.py", stats, "headline", "en"),
        ("pages/projects.py", export, "display_table", "zh"),
        ("pages/progress.py", stats, "facts_table", "id"),
    ],
)
def test_an_unexpected_error_shows_our_message_in_the_page_language(monkeypatch, caplog, page, module, name, lang):
    monkeypatch.setattr(module, name, _boom)
    with caplog.at_level(logging.ERROR, logger="atlas.ui"):
        at = run(page, params={"lang": lang})
    assert not at.exception, at.exception  # regression: Streamlit's own error page
    assert [e.value for e in at.main.error][-1] == i18n.t("error.unexpected", lang)
    assert at.sidebar.radio  # the sidebar (and the language switch) is still there
    assert any("a bug nobody foresaw" in (r.exc_text or "") for r in caplog.records)
