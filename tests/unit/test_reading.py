"""Figures read as phrases in the page's language (atlas/reading.py): each unit's word once, numbers and
dates in the language's own form."""

from __future__ import annotations

import csv
import re

import pytest

from atlas import i18n, reading
from tests.conftest import REPO

with (REPO / "data" / "facts.csv").open(encoding="utf-8") as fh:
    FACTS = list(csv.DictReader(fh))
METRIC_UNITS = sorted({(r["metric"], r["unit"]) for r in FACTS})
LANGS = list(i18n.LANGS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("metric, unit", METRIC_UNITS)
def test_no_unit_word_twice(metric, unit, lang):
    # regression (issue 21): "over 62,500,000 passengers passengers", "10.000.000 penumpang penumpang"
    rows = [r for r in FACTS if (r["metric"], r["unit"]) == (metric, unit)]
    for r in rows:
        text = reading.figure_line(float(r["value"]), unit, metric, r["period_start"], r["as_of"], lang, r["qualifier"])
        figure = reading.phrase(float(r["value"]), unit, metric, lang, r["qualifier"])  # the period has its own 年
        assert figure.casefold().count(i18n.unit(unit, lang).casefold()) <= 1, figure
        assert not re.search(r"\b(\w{2,})\s+\1\b", text, flags=re.IGNORECASE), text  # no word doubled
        assert i18n.metric(metric, lang) + ":" not in text, f"{metric} has no phrase of its own in {lang}: {text}"


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("en", "over 62.5 million passenger trips, Dec 2021 – Dec 2025"),  # the issue's own example
        ("zh", "旅客超过6250万人次，2021年12月至2025年12月"),
        ("id", "lebih dari 62,5 juta perjalanan penumpang, Des 2021 – Des 2025"),
    ],
)
def test_the_laos_railways_passengers_read_in_each_language(lang, expected):
    assert reading.figure_line(62_500_000, "passengers", "passengers", "2021-12-03", "2025-12-02", lang, "over") == expected


@pytest.mark.parametrize(
    "args, lang, expected",
    [
        ((1035, "km", "length"), "en", "1,035 km long"),  # a measure keeps its unit
        ((1035, "km", "length"), "zh", "全长1,035公里"),
        ((350, "km/h", "design_speed"), "id", "kecepatan rancangan 350 km/jam"),
        ((98.5, "percent", "percent_complete"), "en", "98.5% complete"),
        ((5.9e9, "USD", "investment"), "en", "$5.9B invested"),  # money in the language's own short form
        ((3, "passengers", "new_metric"), "en", "new metric: 3 passengers"),  # no phrase: "metric: value unit"
        ((3, "jobs", "jobs_2"), "en", "jobs 2: 3"),  # ... and the unit left out where the metric says it
    ],
)
def test_phrases(args, lang, expected):
    assert reading.phrase(*args, lang) == expected


@pytest.mark.parametrize(
    "date, lang, expected",
    [
        ("2024", "en", "2024"),
        ("2021-12", "en", "Dec 2021"),
        ("2021-12-03", "zh", "2021年12月3日"),
        ("2021-12-03", "id", "3 Des 2021"),
        ("not a date", "en", "not a date"),  # shown as the data has it, never an error
    ],
)
def test_dates(date, lang, expected):
    assert reading.date_text(date, lang) == expected


@pytest.mark.parametrize(
    "months, lang, expected",
    [
        (3, "en", "newest source 3 months old"),
        (1, "en", "newest source 1 month old"),
        (0, "en", "newest source under a month old"),
        (3, "zh", "最新来源距今 3 个月"),
        (3, "id", "sumber terbaru berumur 3 bulan"),
        (None, "en", ""),
    ],
)
def test_age(months, lang, expected):
    assert reading.age(months, lang) == expected
