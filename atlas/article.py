"""An article's body as sentences: page furniture left out, Chinese line wrapping undone,
sentences split in English and Chinese, each kept verbatim (used by atlas/linking.py)."""

from __future__ import annotations

import re
import unicodedata

from atlas.text import normalise

FURNITURE_HEADINGS = ("popular this month", "related articles", "read more", "more from", "recommended")
# a photo caption: ending with its credit in brackets "(SPH Media)", or "- Photo: Vientiane Times/ANN"
CAPTION_END = re.compile(r"[.!?]\s*\([^()]{2,80}\)\s*$|[-–—]\s*(?:Photo|Image|Picture)\s*:\s*[^.]{0,80}$", re.I)
# a line break inside a Chinese sentence (text copied from a PDF or a narrow column): not a paragraph
CJK_WRAP = re.compile(r"(?<=[\u3400-\u9fff\d，,、“”])\n(?=[\u3400-\u9fff\d“”])")
ABBREVIATIONS = (
    "Dec.",
    "Nov.",
    "Oct.",
    "Sep.",
    "Sept.",
    "Aug.",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Co.",
    "Ltd.",
    "Inc.",
    "Corp.",
    "No.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "St.",
    "U.S.",
    "U.K.",
    "e.g.",
    "i.e.",
    "vs.",
)


def body_paragraphs(text: str) -> list[str]:
    """Paragraphs of the article body, without page furniture."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = CJK_WRAP.sub("", text)
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n(?=\S)", text) if p.strip()]
    out: list[str] = []
    seen: set[str] = set()
    for p in paras:
        low = p.lower().strip()
        if any(low.startswith(h) for h in FURNITURE_HEADINGS):
            break  # everything after "Popular This Month" belongs to the web page
        if p.startswith(("…", "...")):
            continue  # a pull quote repeating the text
        if CAPTION_END.search(p):
            continue  # a photo caption ending with its credit: "(SPH Media)"
        key = re.sub(r"\s+", " ", normalise(p))
        if key in seen:
            continue  # captions and pull quotes are often printed twice
        seen.add(key)
        out.append(p)
    return out


_SENT_EN = re.compile(r"(?<=[.!?])([\"'”’)]*)\s+(?=[\"'“‘(]?[A-Z0-9])")
_SENT_ZH = re.compile(r"(?<=[。！？；])(?![”’」』）])|(?<=[。！？][”’」』）])")


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping each verbatim."""
    parts: list[str] = []
    for chunk in _SENT_ZH.split(paragraph):
        if not chunk or not chunk.strip():
            continue
        start = 0
        for m in _SENT_EN.finditer(chunk):
            end = m.start() + len(m.group(1))
            candidate = chunk[start:end]
            if candidate.rstrip().endswith(ABBREVIATIONS):
                continue
            parts.append(candidate)
            start = m.end()
        parts.append(chunk[start:])
    return [p.strip() for p in parts if p.strip()]
