"""Text normalised for matching, one character for one character (so a match is a span of the original)."""

from __future__ import annotations

DASHES = "-‐‑‒–—―−"
QUOTES = {"‘": "'", "’": "'", "“": '"', "”": '"', "＂": '"'}
_FOLD = str.maketrans({**dict.fromkeys(DASHES, " "), **QUOTES})


def normalise(text: str) -> str:
    """Same length as `text`: dashes to spaces, curly quotes straight, lower case."""
    folded = text.translate(_FOLD)
    low = folded.lower()
    if len(low) == len(text):  # no character whose lower case is longer (İ): the fast way is exact
        return low
    out = []
    for ch in text:
        if ch in DASHES:
            out.append(" ")
        elif ch in QUOTES:
            out.append(QUOTES[ch])
        else:
            low = ch.lower()
            out.append(low if len(low) == 1 else ch)
    return "".join(out)
