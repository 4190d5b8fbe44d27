"""Figures, dates and ages as a reader reads them, in the page's language (Babel for numbers and dates).

"over 62.5 million passenger trips, Dec 2021 – Dec 2025" / "旅客超过6250万人次，2021年12月 – 2025年12月" /
"lebih dari 62,5 juta perjalanan penumpang, Des 2021 – Des 2025". Each metric has its own phrase in the
catalogues (`fig.<metric>`), written so that the unit's word appears once; a metric no catalogue knows
reads "<metric>: <value> <unit>", and not even that when metric and unit are the same word.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_skeleton
from babel.numbers import format_compact_decimal

from atlas import i18n

MONEY_UNITS = {"USD", "THB"}


def amount(value: float, lang: str) -> str:
    """A number for running text: 1,035 / 62.5 million / 6250万 / 62,5 juta."""
    if abs(value) >= 1e6:
        return format_compact_decimal(value, format_type="long", locale=lang, fraction_digits=2)
    return i18n.number(value, lang, digits=2)


def value_text(value: float, unit: str, qualifier, lang: str) -> str:
    """The number with its qualifier ('over 62.5 million'), money with its currency ('$5.9B')."""
    number = i18n.money(value, unit, lang) if unit in MONEY_UNITS else amount(value, lang)
    q = i18n.label("qualifier", qualifier, lang) if isinstance(qualifier, str) and qualifier else ""
    sep = "" if lang == "zh" else " "
    return f"{q}{sep}{number}" if q else number


def phrase(value: float, unit: str, metric: str, lang: str, qualifier=None) -> str:
    """The figure as a phrase: 'over 62.5 million passenger trips', '1,035 km long', '98% complete'."""
    text = value_text(value, unit, qualifier, lang)
    unit_word = i18n.unit(unit, lang) if unit not in MONEY_UNITS else ""
    key = f"fig.{metric}"
    if i18n.has(key, lang):
        return i18n.t(key, lang, value=text, unit=unit_word)
    name = i18n.metric(metric, lang)
    if unit == "percent":
        return i18n.t("fig.other", lang, metric=name, value=f"{text}%", unit="").strip()
    if not unit_word or unit_word.casefold() in name.casefold():
        return i18n.t("fig.other", lang, metric=name, value=text, unit="").strip()
    return i18n.t("fig.other", lang, metric=name, value=text, unit=unit_word).strip()


def date_text(partial: str, lang: str, *, months: bool = False) -> str:
    """A partial ISO date for reading: '2024' / 'Dec 2021' / 'Dec 3, 2021' (2021年12月 / Des 2021); with
    `months`, a day is left out ('Dec 2021'), as a figure's period reads best."""
    text = str(partial or "").strip()
    parts = text.split("-")
    try:
        if len(parts) == 1:
            return str(int(parts[0]))
        if len(parts) == 2 or months:
            return format_skeleton("yMMM", dt.date(int(parts[0]), int(parts[1]), 1), locale=lang)
        return format_skeleton("yMMMd", dt.date.fromisoformat(text[:10]), locale=lang)
    except ValueError:  # not a date the schema allows: shown as the data has it
        return text


def covers(start, end, lang: str) -> str:
    """What a figure covers, for reading: 'Dec 2021 – Dec 2025' or 'as of Dec 2025'."""
    if isinstance(start, str) and start:
        return i18n.t("fig.span", lang, start=date_text(start, lang, months=True), end=date_text(end, lang, months=True))
    return i18n.t("fig.asof", lang, end=date_text(end, lang, months=True))


def figure_line(value: float, unit: str, metric: str, start, end, lang: str, qualifier=None) -> str:
    """'over 62.5 million passenger trips, Dec 2021 – Dec 2025'."""
    return i18n.t("fig.line", lang, figure=phrase(value, unit, metric, lang, qualifier), covers=covers(start, end, lang))


def age(months: int | None, lang: str) -> str:
    """'newest source 3 months old' ('' when there is no source)."""
    if months is None:
        return ""
    if months < 1:
        return i18n.t("details.age.new", lang)
    return i18n.t("details.age", lang, n=months)
