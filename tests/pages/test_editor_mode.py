"""AppTest: the Review page exists only in editor mode (`make edit`); What's new is for everyone."""

from __future__ import annotations

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO, frozen_data


def run(page=None):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def titles(at) -> list[str]:
    return [t.value for t in at.title]


@pytest.fixture
def editor(monkeypatch):
    """ATLAS_EDITOR=1 on a server bound to 127.0.0.1, as `make edit` starts it."""
    monkeypatch.setenv("ATLAS_EDITOR", "1")
    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


def test_the_public_app_has_no_review_page():
    with pytest.raises(ValueError, match=r"Could not find a navigation page for .*review\.py.*whats_new\.py") as err:
        run("pages/review.py")  # not among the pages app.py gives st.navigation (What's new is)
    assert "pages/review.py'" not in str(err.value).split("Known pages:")[1]


def test_the_editor_flag_on_an_open_address_shows_no_review_page(monkeypatch):
    monkeypatch.setenv("ATLAS_EDITOR", "1")  # `HOST=0.0.0.0`: never editor mode
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            run("pages/review.py")
    finally:
        config.set_option("server.address", before)


def test_the_editor_app_has_the_review_page(editor, tmp_path, monkeypatch):
    data = tmp_path / "data"
    frozen_data(data)  # the data before the December update: the Sina figure is not in it yet
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    at = run("pages/review.py")
    assert not at.exception, at.exception
    assert "Review proposals" in titles(at)
    assert any("The inbox is empty" in i.value for i in at.info)


def test_whats_new_says_when_the_log_is_empty(tmp_path, monkeypatch):
    data = tmp_path / "data"
    frozen_data(data)  # the data before the December update: the Sina figure is not in it yet
    (data / "changes.csv").write_text("logged,date,feature_id,field,old,new,source_id,excerpt_id,note\n", encoding="utf-8")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    at = run("pages/whats_new.py")
    assert not at.exception, at.exception
    assert "What's new" in titles(at)
    assert any("No change has been logged yet." in i.value for i in at.info)
    assert any("app/static/feed-en.xml" in m.value for m in at.markdown)


@pytest.fixture
def logged(tmp_path, monkeypatch):
    """A copy of the data with one applied change: the China–Laos Railway's 2025 passengers (Sina, 2026-01-04)."""
    from atlas.review import apply_batch
    from tests.unit.test_review import PASSENGERS, sina

    data = tmp_path / "data"
    frozen_data(data)  # the data before the December update: the Sina figure is not in it yet
    (data / "changes.csv").write_text("logged,date,feature_id,field,old,new,source_id,excerpt_id,note\n", encoding="utf-8")
    assert apply_batch([sina("figure", **PASSENGERS)], data, today="2026-12-01").ok
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    return data


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({}, "19,510,000 passengers"),  # no filter: the change
        ({"country": "LAO"}, "19,510,000 passengers"),  # the line runs through Laos
        ({"country": "MYS"}, "No logged change concerns the features these filters show."),
        ({"lang": "zh"}, "19,510,000 人次"),
        ({"lang": "id"}, "Angka: penumpang"),
    ],
)
def test_whats_new_follows_the_filters_and_the_language(logged, params, said):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/whats_new.py").run()
    assert not at.exception, at.exception
    shown = " ".join([*(h.body for h in at.get("html")), *(i.value for i in at.info)])
    assert said in shown


def test_the_review_page_shows_a_refused_batch_and_writes_nothing(editor, tmp_path, monkeypatch):
    from tests.unit.test_review import PASSENGERS, SINA, _proposal_file, sina

    data = tmp_path / "data"
    frozen_data(data)  # the data before the December update: the Sina figure is not in it yet
    (data / "inbox").mkdir()
    inbox_file = _proposal_file(data / "inbox" / f"{SINA['id']}.json", sina("figure", **PASSENGERS))
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    before = (data / "facts.csv").read_bytes()
    at = run("pages/review.py")
    pid = f"{SINA['id']}:figure"
    assert any("1951万人次" in m.value for m in at.markdown)
    at.radio(key=f"rv:{pid}").set_value("accept")
    at.text_input(key=f"rv:{pid}:as_of").input("2025-13")  # an edit the validator refuses
    next(b for b in at.button if b.label == "Apply the accepted proposals").click().run()
    assert any("The batch is refused and nothing was written" in e.value for e in at.error)
    assert any("as_of: expected an ISO date" in c.value for c in at.code)
    assert (data / "facts.csv").read_bytes() == before and inbox_file.exists()
