"""HTML from Jinja2 templates (atlas/templates/), autoescaped: a value from data is text
wherever it lands, with no escape call to forget. The stylesheet is atlas/static/atlas.css
plus the colours the vocabulary tables give (vocab.css_variables)."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from atlas import i18n, vocab

CSS_FILE = Path(__file__).with_name("static") / "atlas.css"


@functools.cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("atlas", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,  # a name the template uses and the code forgot is an error, not a blank
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def css() -> Markup:
    """Ours, not data: marked safe so that autoescaping leaves its quotes and > alone."""
    return Markup(CSS_FILE.read_text(encoding="utf-8") + "\n" + vocab.css_variables())


def render(name: str, lang: str = "en", **context) -> str:
    """Template `name` with `t` bound to the interface language and the atlas's CSS."""

    def t(key: str, **values) -> str:
        return i18n.t(key, lang, **values)

    return environment().get_template(name).render(t=t, css=css(), lang=lang, **context)
