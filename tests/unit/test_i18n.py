"""The interface string catalogue: complete in both languages, and the only source of page text."""

import ast
import string

import pytest

from atlas import i18n
from atlas.filters import Selection, describe
from atlas.schema import COUNTRIES, KINDS, PRECISIONS, STATUSES
from tests.conftest import REPO


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_every_key_in_both_languages_with_the_same_placeholders(key):
    entry = i18n.STRINGS[key]
    assert set(entry) == set(i18n.LANGS), key
    assert all(entry[lang].strip() for lang in i18n.LANGS), key
    fields = {lang: {f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f} for lang in i18n.LANGS}
    assert fields["en"] == fields["zh"], key


def test_every_vocabulary_word_has_a_chinese_label():
    assert set(i18n.KIND_ZH) == set(KINDS)
    assert set(i18n.STATUS_ZH) == set(STATUSES)
    assert set(i18n.PRECISION_ZH) == set(PRECISIONS)
    assert set(i18n.COUNTRY_ZH) == set(COUNTRIES)


DISPLAY_CALLS = {
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
    "button",
    "download_button",
    "metric",
    "radio",
    "multiselect",
    "text_input",
    "select_slider",
    "expander",
    "Page",
}


@pytest.mark.parametrize("path", sorted([*(REPO / "pages").glob("*.py"), REPO / "app.py", REPO / "atlas" / "ui.py"]))
def test_no_interface_text_is_hard_coded(path):
    """A Streamlit call that shows text gets it from the catalogue, not from a literal."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    offenders = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DISPLAY_CALLS:
            positional = node.args[:1] if node.func.attr != "Page" else []  # st.Page's first argument is a file path
            args = [*positional, *[k.value for k in node.keywords if k.arg in ("title", "label", "help", "placeholder")]]
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and any(c.isalpha() for c in arg.value):
                    offenders.append(f"line {node.lineno}: {arg.value[:40]!r}")
    assert offenders == [], offenders


def test_describe_in_chinese():
    sel = Selection(kinds=("rail_corridor",), countries=("LAO", "THA"), statuses=("operational", "under_construction"), year=2024)
    assert describe(sel, "zh") == "铁路走廊：老挝、泰国，运营中或在建，截至 2024 年底"
    assert describe(Selection(), "zh") == "全部项目"
