"""The interface string catalogue: complete in both languages, and the only source of page text."""

import ast
import string

import pytest

from atlas import i18n
from atlas.catalog import load_catalog
from atlas.filters import Selection, describe
from atlas.schema import COUNTRIES, KINDS, PRECISIONS, STATUSES
from tests.conftest import REPO

EN = i18n.CATALOGUES["en"]


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _forms(entry) -> list[str]:
    return list(entry.values()) if isinstance(entry, dict) else [entry]


@pytest.mark.parametrize("lang", sorted(i18n.LANGS))
def test_every_catalogue_has_every_key_with_the_same_placeholders(lang):
    cat = i18n.CATALOGUES[lang]
    assert set(cat) == set(EN), (sorted(set(EN) - set(cat)), sorted(set(cat) - set(EN)))
    for key, entry in cat.items():
        forms = _forms(entry)
        assert all(isinstance(f, str) and f.strip() for f in forms), (lang, key)
        wanted = set().union(*(_fields(f) for f in _forms(EN[key])))
        assert all(_fields(f) == wanted for f in forms), (lang, key)
        if isinstance(entry, dict):
            assert "other" in entry and set(entry) <= {"zero", "one", "two", "few", "many", "other"}, (lang, key)


def test_the_languages_are_the_catalogue_files():
    files = sorted(p.stem for p in i18n.LOCALES.glob("*.json"))
    assert list(i18n.LANGS) == ["en", *(f for f in files if f != "en")]  # English first, then by code
    for code, name in i18n.LANGS.items():
        assert name == i18n.CATALOGUES[code]["lang.name"]  # each names itself


def test_every_vocabulary_word_has_a_label_in_every_language():
    data = load_catalog()
    needed = {f"kind.{k}" for k in KINDS} | {f"kinds.{k}" for k in KINDS}
    needed |= {f"status.{s}" for s in STATUSES} | {f"precision.{p}" for p in PRECISIONS}
    # the open vocabularies of the bundled data: every word it uses has its label
    needed |= {f"metric.{m}" for m in data.facts["metric"]} | {f"unit.{u}" for u in data.facts["unit"]}
    needed |= {f"event.{e}" for e in data.milestones["event"]}
    needed |= {f"agreement.type.{t}" for t in data.agreements["type"]}
    needed |= {f"agreement.status.{t}" for t in data.agreements["status"]}
    needed |= {f"qualifier.{q.replace(' ', '_')}" for q in data.facts["qualifier"] if isinstance(q, str) and q}
    for lang in i18n.LANGS:
        assert needed <= set(i18n.CATALOGUES[lang]), (lang, sorted(needed - set(i18n.CATALOGUES[lang])))


def test_country_names_come_from_cldr():
    assert set(i18n.countries("id")) == set(COUNTRIES)
    assert i18n.countries("id")["CHN"] == "Tiongkok" and i18n.countries("zh")["LAO"] == "老挝"
    assert i18n.countries("en")["MMR"] == "Myanmar"  # CLDR's "Myanmar (Burma)", short form


def test_plural_forms_follow_the_language():
    assert i18n.t("sources.excerpts", "en", n=1) == "1 excerpt"
    assert i18n.t("sources.excerpts", "en", n=3) == "3 excerpts"
    assert i18n.t("sources.excerpts", "id", n=3) == "3 kutipan"


def test_lists_and_numbers_follow_the_language():
    assert i18n.join(["Laos", "Thailand", "Vietnam"], "en") == "Laos, Thailand, and Vietnam"
    assert i18n.join(["老挝", "泰国"], "zh") == "老挝和泰国"
    assert i18n.join(["Laos", "Thailand"], "id", style="or") == "Laos atau Thailand"
    assert i18n.compact(72_812_345, "en") == "72.8M"
    assert i18n.compact(72_812_345, "id") == "72,8\u00a0jt"  # CLDR: a no-break space
    assert i18n.compact(2048.4, "id") == "2.048"


def test_a_missing_key_is_an_error_not_english():
    with pytest.raises(KeyError):
        i18n.t("no.such.key", "id")


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
    sel = Selection(kind=("rail_corridor",), country=("LAO", "THA"), status=("operational", "under_construction"), year=2024)
    assert describe(sel, "zh") == "铁路走廊：老挝和泰国，运营中或在建，截至 2024 年底"
    assert describe(Selection(), "zh") == "全部项目"
