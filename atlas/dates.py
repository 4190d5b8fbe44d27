"""Dates in a news sentence, read against the article's publication date (for ingest proposals).

"on 11 December", "Dec 11, 2025", "December 2025", "in 2013", "2025-12-11", "25/12/2025", "2025年12月11日",
"12月11日", "yesterday", "on Saturday". Each date found is a `Found` span of the sentence with an ISO value of
the precision the text gives (YYYY, YYYY-MM or YYYY-MM-DD).

- A date without a year takes the publication's year, or the year before when that would put it after the
  publication ("on 30 December" in an article of 2 January is last year's): never after publication — unless
  "this year" or "next year" follows it ("to June 26 this year").
- "11/12/2025" is ambiguous (11 December or 12 November) and skipped; "25/12/2025" is not (25 December).
- A weekday ("on Friday") is the last such day on or before publication; "yesterday" the day before it,
  "tomorrow" the day after it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
# Indonesian and Malay month names (januari … desember; "Mei", "Agustus", "Okt.", "Des.")
MONTHS_ID = {"januari": 1, "februari": 2, "maret": 3, "mei": 5, "juni": 6, "juli": 7, "agustus": 8, "oktober": 10}
MONTHS_ID |= {"desember": 12, "ogos": 8, "disember": 12, "agu": 8, "okt": 10, "des": 12}
MONTH_OF = {**MONTHS, **{name[:3]: n for name, n in MONTHS.items()}, "sept": 9, **MONTHS_ID}
_MONTH = r"(?P<{g}>januari|februari|maret|mei|juni|juli|agustus|oktober|desember|disember|ogos|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

PATTERNS = [
    # 2025-12-11
    ("iso", re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?![\d-])")),
    # 25/12/2025, 12/25/2025, 11.12.2025
    ("numeric", re.compile(r"(?<![\d/.])(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<y>(?:19|20)\d\d)(?![\d/])")),
    # 2025年12月11日, 2025年12月, 2025年
    ("zh", re.compile(r"(?P<y>(?:19|20)\d\d)\s*年(?:\s*(?P<m>[01]?\d)\s*月(?:\s*(?P<d>[0-3]?\d)\s*日)?)?")),
    ("zh_md", re.compile(r"(?<![\d年])(?P<m>[01]?\d)\s*月\s*(?P<d>[0-3]?\d)\s*日")),
    # Indonesian and Malay: "Selasa (24/12)", a weekday then day/month in brackets
    ("dm_paren", re.compile(r"(?<=[a-z] )\((?P<d>[0-3]?\d)/(?P<m>[01]?\d)\)", re.I)),
    # 11 December 2025, 11 Dec, 11th of December
    (
        "dmy",
        re.compile(
            r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.format(g="mon") + r"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
            re.I,
        ),
    ),
    # December 11, 2025; Dec. 11
    (
        "mdy",
        re.compile(
            r"\b"
            + _MONTH.format(g="mon")
            + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:km|per|%|million|billion))(?:,?\s+(?P<y>(?:19|20)\d\d))?",
            re.I,
        ),
    ),
    # December 2025, in December
    ("my", re.compile(r"\b" + _MONTH.format(g="mon") + r",?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("m", re.compile(r"\b(?:in|since|from|by|until|of|last|this)\s+" + _MONTH.format(g="mon") + r"\b(?!\s*\d)", re.I)),
    # in 2013 (a year with a preposition; a bare number may be anything)
    ("y", re.compile(r"\b(?:in|since|from|by|until|of|early|late|mid-?|end of|during)\s+(?P<y>(?:19|20)\d\d)\b(?![-/]\d)", re.I)),
    (
        "rel",
        re.compile(
            r"\b(?P<rel>yesterday|today|tonight|tomorrow|(?:last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
            re.I,
        ),
    ),
    ("zh_rel", re.compile(r"(?P<rel>昨天|昨日|今天|今日|明天|明日)")),
]


@dataclasses.dataclass(frozen=True)
class Found:
    start: int
    end: int
    value: str  # ISO: YYYY, YYYY-MM or YYYY-MM-DD
    yearless: bool = False  # the year was taken from the publication date


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    try:
        if d is not None:
            return dt.date(y, m, d).isoformat()
        if m is not None:
            dt.date(y, m, 1)
            return f"{y:04d}-{m:02d}"
        return f"{y:04d}"
    except (ValueError, TypeError):
        return None


def _yearless(m: int, d: int | None, published: dt.date | None) -> str | None:
    """A month (and day) with no year: the publication's year, else the year before; never after publication."""
    if published is None:
        return None
    for year in (published.year, published.year - 1):
        value = _iso(year, m, d)
        if value is None:
            continue
        first = dt.date(year, m, d or 1)
        if first <= published:
            return value
    return None


def _relative(word: str, published: dt.date | None) -> str | None:
    if published is None:
        return None
    w = word.casefold().replace("last", "").strip()
    if w in ("today", "tonight", "今天", "今日"):
        return published.isoformat()
    if w in ("yesterday", "昨天", "昨日"):
        return (published - dt.timedelta(days=1)).isoformat()
    if w in ("tomorrow", "明天", "明日"):  # the one date after publication a report gives as settled
        return (published + dt.timedelta(days=1)).isoformat()
    if w in WEEKDAYS:
        back = (published.weekday() - WEEKDAYS.index(w)) % 7
        if word.casefold().startswith("last") and back == 0:
            back = 7
        return (published - dt.timedelta(days=back)).isoformat()
    return None


def find_dates(sentence: str, published: dt.date | None = None) -> list[Found]:
    """The dates of a sentence, in order; a span read once is not read again (longest patterns first)."""
    used = bytearray(len(sentence))
    out: list[Found] = []
    for how, pattern in PATTERNS:
        for m in pattern.finditer(sentence):
            if any(used[m.start() : m.end()]):
                continue
            g = m.groupdict()
            value, yearless = None, False
            if how in ("iso", "zh"):
                value = _iso(int(g["y"]), int(g["m"]) if g.get("m") else None, int(g["d"]) if g.get("d") else None)
            elif how == "numeric":
                a, b = int(g["a"]), int(g["b"])
                if a > 12 >= b:
                    value = _iso(int(g["y"]), b, a)  # 25/12/2025: day first
                elif b > 12 >= a:
                    value = _iso(int(g["y"]), a, b)  # 12/25/2025: month first
                elif a == b:
                    value = _iso(int(g["y"]), a, b)
                # else ambiguous (11/12/2025): skipped
            elif how in ("dm_paren", "zh_md"):
                value, yearless = _yearless(int(g["m"]), int(g["d"]), published), True
            elif how in ("dmy", "mdy", "my", "m"):
                month = MONTH_OF[g["mon"].casefold().rstrip(".")]
                day = int(g["d"]) if g.get("d") else None
                said = re.match(r"\s+(this|next)\s+year\b", sentence[m.end() :], re.I)
                if g.get("y"):
                    value = _iso(int(g["y"]), month, day)
                elif said and published is not None:  # "to June 26 this year": the year is said, even ahead
                    value = _iso(published.year + (said.group(1).casefold() == "next"), month, day)
                else:
                    value, yearless = _yearless(month, day, published), True
            elif how == "y":
                value = _iso(int(g["y"]))
            else:
                value, yearless = _relative(g["rel"], published), True
            if value is None:
                continue
            used[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            start = m.start("mon") if how == "m" else m.start("y") if how == "y" else m.start()
            out.append(Found(start, m.end(), value, yearless))
    return sorted(out, key=lambda f: f.start)


def nearest(sentence: str, at: int, published: dt.date | None = None) -> Found | None:
    """The date of the sentence nearest to position `at` (a status word), by distance in characters."""
    found = find_dates(sentence, published)
    if not found:
        return None
    return min(found, key=lambda f: (min(abs(f.start - at), abs(f.end - at)), f.start))


def first_day(value: str) -> dt.date:
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(value: str) -> dt.date:
    from atlas.schema import parse_partial_date

    return parse_partial_date(value)
