"""A ready citation of a figure or an excerpt: the quote, author, outlet, title, date, URL and a permalink to
the atlas view, as plain text (in the page's language) and as BibTeX (@online, biblatex fields).

Pure text: where it goes into HTML, the details template escapes it like any other value.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from atlas import i18n, reading
from atlas.schema import Source

_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIB_RE = re.compile("|".join(re.escape(c) for c in _BIB_SPECIAL))


@dataclass(frozen=True)
class Citation:
    key: str  # the BibTeX key: the same for the same source and quote, whatever the day
    plain: str
    bibtex: str


def bib_text(value: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters escaped, so braces stay balanced."""
    return _BIB_RE.sub(lambda m: _BIB_SPECIAL[m.group()], " ".join(str(value).split()))


def bib_url(url: str) -> str:
    """A URL for a BibTeX field: braces and spaces percent-encoded (a URL has no other brace to balance)."""
    return str(url).replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def cite_key(src: Source, quote: str) -> str:
    """'thinkchina2024_3f9a1c': the outlet, the year, and a digest of the source and the quote."""
    outlet = re.sub(r"[^a-z0-9]", "", src.outlet.casefold().encode("ascii", "ignore").decode()) or "source"
    year = str(src.published)[:4]
    digest = hashlib.sha1(f"{src.id}\n{quote}".encode()).hexdigest()[:6]
    return f"{outlet[:20]}{year}_{digest}"


def citation(src: Source, quote: str, *, permalink: str, lang: str, accessed: dt.date, figure: str = "") -> Citation:
    """The citation of `quote` from `src` (and of `figure`, the figure as the atlas reads it, when given)."""
    who = f"{src.author}, {src.outlet}" if src.author else src.outlet
    plain = i18n.t(
        "cite.plain",
        lang,
        quote=" ".join(quote.split()),
        who=who,
        title=src.title,
        date=reading.date_text(src.published, lang),
        url=src.url,
        permalink=permalink,
        accessed=reading.date_text(accessed.isoformat(), lang),
    )
    if figure:
        plain = f"{figure}\n{plain}"
    key = cite_key(src, quote)
    fields = [
        ("author", "{" + bib_text(src.author) + "}" if src.author else ""),
        ("title", bib_text(src.title)),
        ("organization", bib_text(src.outlet)),
        ("date", bib_text(src.published)),
        ("url", bib_url(src.url)),
        ("urldate", accessed.isoformat()),
        ("note", bib_text(i18n.t("cite.note", lang, quote=" ".join(quote.split()), permalink=permalink))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return Citation(key=key, plain=plain, bibtex=f"@online{{{key},\n{body}\n}}")


def balanced(text: str) -> bool:
    """Whether BibTeX reads `text`'s braces as balanced (an escaped brace, \\{ or \\}, does not count)."""
    depth = 0
    for m in re.finditer(r"\\.|[{}]", text):
        tok = m.group()
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0
