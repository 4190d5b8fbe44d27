"""Values from a link that a careless user or an attacker writes (issue 19): every one gets
the "ignored" notice or is shown as text, never an error page or a live link."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atlas import i18n
from atlas.catalog import load_catalog
from atlas.filters import Selection, from_query_params

CAT = load_catalog()


@pytest.mark.parametrize("lang", sorted(i18n.LANGS))
@pytest.mark.parametrize(
    "raw",
    [
        "²⁰²⁴",  # regression: str.isdigit() took superscripts, then int() raised ValueError (the error page)
        "٢٠٢٠",  # regression: Arabic-Indic digits were silently taken as 2020
        "２０２０",  # regression: full-width digits were silently taken as 2020
        "2024\u00b9",  # a superscript after ASCII digits
        "+2024",  # int() takes a sign
        "2_024",  # int() takes underscores
        " 2024 ",  # stripped: a year (the only row that is taken)
    ],
)
def test_year_in_the_link_is_four_ascii_digits(raw, lang):
    sel, notices = from_query_params({"year": raw}, catalog=CAT, lang=lang)
    if raw.strip() == "2024":
        assert (sel["year"], notices) == (2024, [])
    else:
        assert sel["year"] is None
        assert notices == [i18n.t("notice.year", lang, value=f"` {raw.strip()} `")]


def test_selection_repr_is_short():
    # regression: __repr__ printed whole Filter objects (their lambdas and all)
    sel = Selection(country=("LAO",), q="rail", feature="china_laos_railway")
    assert repr(sel) == "Selection(country=('LAO',), q='rail', feature='china_laos_railway')"
    assert repr(Selection()) == "Selection()"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # regression: ?q=https://evil.example/login made the heading a clickable link (escaping ':' and '.'
        # does not stop GFM autolinks)
        ('Projects matching "https://evil.example/login"', "` https://evil.example/login `"),
        ("financed by www.evil.example", "` www.evil.example `"),  # "www." is autolinked too
        ("write to pay@evil.example", "` pay@evil.example `"),  # and e-mail addresses
        ("HTTP://EVIL.EXAMPLE", "` HTTP://EVIL.EXAMPLE `"),
    ],
)
def test_bare_urls_in_markdown_are_code_spans(text, span):
    from atlas.ui import md_escape

    out = md_escape(text)
    assert span in out
    assert out.replace(span, "").count("evil") == 0  # no part of the address outside the code span


@pytest.mark.parametrize("text", ["Metadata: 12.5 km (approx.)", "China–Laos Railway"])
def test_plain_text_stays_escaped_text(text):
    from atlas.ui import md_escape

    assert "`" not in md_escape(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_any_year_text_is_a_year_or_a_notice(raw):
    # the class the superscript digits belong to: any text at all, never an exception
    sel, notices = from_query_params({"year": raw}, catalog=CAT)
    if sel["year"] is None:
        assert notices or not raw.strip()
    else:
        assert raw.strip().isascii() and str(sel["year"]) == raw.strip() and notices == []
