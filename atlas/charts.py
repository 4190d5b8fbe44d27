"""Altair charts of the Progress page, built from stats tables (pure functions, no Streamlit).

Every axis, legend and tooltip title comes from the interface catalogue
(atlas/i18n.py), so a chart never shows a raw column name such as `as_of`.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from atlas import i18n, stats
from atlas.finance import SECTOR_TABLE
from atlas.palette import STATUS_GROUP_COLOURS


def vega_locale(lang: str) -> alt.Locale:
    """Vega's number and time locale from CLDR (Babel): month and day names and separators
    of the interface language ("Okt 2024", "10月 2024" on a time axis; "1.000" in Indonesian)."""
    loc = i18n.locale(lang)
    symbols = loc.number_symbols["latn"]
    months, days = loc.months["format"], loc.days["format"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # CLDR counts from Monday, d3 from Sunday
    return alt.Locale(
        number=alt.NumberLocale(decimal=symbols["decimal"], thousands=symbols["group"], grouping=[3], currency=["", ""]),
        time=alt.TimeLocale(
            dateTime="%x %X",
            date="%Y-%m-%d",
            time="%H:%M:%S",
            periods=[loc.day_periods["format"]["abbreviated"].get(p, p.upper()) for p in ("am", "pm")],
            days=[days["wide"][i] for i in sunday_first],
            shortDays=[days["abbreviated"][i] for i in sunday_first],
            months=[months["wide"][m] for m in range(1, 13)],
            shortMonths=[months["abbreviated"][m] for m in range(1, 13)],
        ),
    )


def _localised(chart: alt.Chart, lang: str) -> alt.Chart:
    return chart.configure(locale=vega_locale(lang))


# the width fits the page, the height is the plot's own: with Streamlit's default ("fit" both ways) a legend
# under the plot takes its height from the plot, which shrank to ~15 px (issue 21)
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


def _tip(field: str, lang: str, **kw) -> alt.Tooltip:
    """A tooltip row titled from the catalogue's column names."""
    return alt.Tooltip(field, title=i18n.t(f"col.{field.split(':')[0]}", lang), **kw)


def km_chart(km: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Rail km per country, stacked by status group (stats.km_by_status_country)."""
    chart = (
        alt.Chart(km)
        .mark_bar()
        .encode(
            x=alt.X("sum(km):Q", title=i18n.t("col.km", lang)),
            y=alt.Y("country:N", sort="-x", title=None),
            color=alt.Color(
                "status:N",
                title=i18n.t("progress.status", lang),
                legend=_legend_below(),
                scale=alt.Scale(
                    domain=[i18n.status_group(g, lang) for g in stats.STATUS_GROUPS],
                    range=[STATUS_GROUP_COLOURS[g] for g in stats.STATUS_GROUPS],
                ),
            ),
            tooltip=[_tip("feature:N", lang), _tip("country:N", lang), _tip("status:N", lang), _tip("km:Q", lang, format=",.0f")],
        )
    )
    return _localised(chart.properties(autosize=FIT_WIDTH), lang)


# metric, title key, number format, fixed value domain
FIGURE_CHARTS = (
    ("percent_complete", "progress.percent", ".0f", [0, 100]),
    ("passengers", "progress.passengers", "~s", None),
)


def figure_charts(facts: pd.DataFrame, lang: str = "en") -> list[alt.Chart]:
    """One dot chart per metric over time (stats.facts_table), for the metrics that have figures."""
    charts = []
    for metric, title_key, fmt, domain in FIGURE_CHARTS:
        part = facts[facts["metric"] == metric]
        if part.empty:
            continue
        scale = alt.Scale(domain=domain) if domain else alt.Undefined
        chart = (
            alt.Chart(part)
            .mark_point(size=130, filled=True)
            .encode(
                x=alt.X(
                    "as_of:T",
                    title=i18n.t("col.as_of", lang),
                    axis=alt.Axis(format="%b %Y", labelOverlap=True),
                ),
                shape=alt.Shape("basis:N", title=i18n.t("progress.covers", lang), legend=_legend_below()),
                y=alt.Y("value:Q", title=None, axis=alt.Axis(format=fmt), scale=scale),
                color=alt.Color("feature:N", title=None, legend=_legend_below()),
                tooltip=[
                    _tip("feature:N", lang),
                    _tip("value:Q", lang, format=",.2f"),
                    _tip("unit:N", lang),
                    _tip("period:N", lang),
                    _tip("source:N", lang),
                    _tip("quote:N", lang),
                ],
            )
        )
        charts.append(_localised(chart.properties(title=i18n.t(title_key, lang), height=230, autosize=FIT_WIDTH), lang))
    return charts


# a legend under its plot: on a phone a legend beside it leaves the plot a sliver (issue 21)
def _legend_below(columns: int = 1, **kw) -> alt.Legend:
    """One entry a row by default: two long line names side by side overflow a 390 px phone."""
    return alt.Legend(orient="bottom", direction="horizontal", columns=columns, labelLimit=280, **kw)


EVENT_COLOURS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
    "#bab0ac", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#666666", "#17becf",
)  # fmt: skip
EVENT_SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-right", "triangle-left")


def event_codes() -> list[str]:
    """Every milestone event the catalogue names, in its order: each code's colour and shape is its place here."""
    return [k.removeprefix("event.") for k in i18n.CATALOGUES["en"] if k.startswith("event.")]


def _label_expr(labels: dict[str, str]) -> str:
    """A Vega expression showing each code's label (JSON strings: quotes in a label stay inside it)."""
    expr = "datum.label"
    for code, label in labels.items():
        expr = f"datum.label === {json.dumps(code)} ? {json.dumps(label, ensure_ascii=False)} : ({expr})"
    return expr


def milestones_chart(ms: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Milestones on a time line, one row per feature (stats.milestones_table). Colour and shape follow the
    event's code, not its translated label: an opening is the same mark in every language."""
    event = i18n.t("progress.event", lang)
    order = event_codes()
    codes = sorted(set(ms["event_code"]), key=lambda c: (order.index(c) if c in order else len(order), c))
    place = {c: order.index(c) if c in order else len(order) + i for i, c in enumerate(codes)}
    legend = _legend_below(columns=2, labelExpr=_label_expr({c: i18n.label("event", c, lang) for c in codes}))
    chart = (
        alt.Chart(ms)
        .mark_point(filled=True, size=120)
        .encode(
            x=alt.X("when:T", title=None),
            y=alt.Y("feature:N", title=None, axis=alt.Axis(labelLimit=160)),
            shape=alt.Shape(
                "event_code:N",
                title=event,
                scale=alt.Scale(domain=codes, range=[EVENT_SHAPES[place[c] % len(EVENT_SHAPES)] for c in codes]),
                legend=legend,
            ),
            color=alt.Color(
                "event_code:N",
                title=event,
                scale=alt.Scale(domain=codes, range=[EVENT_COLOURS[place[c] % len(EVENT_COLOURS)] for c in codes]),
                legend=legend,
            ),
            tooltip=[_tip("feature:N", lang), _tip("date:N", lang), _tip("event:N", lang), _tip("description:N", lang)],
        )
    )
    return _localised(chart.properties(height=max(160, 28 * ms["feature"].nunique()), autosize=FIT_WIDTH), lang)


def journey_chart(by_year: list[dict], lang: str = "en") -> alt.Chart:
    """Km open along a journey's path at the end of each year; projected years (from announced openings) lighter."""
    data = pd.DataFrame(by_year, columns=["year", "km_open", "projected"])
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=i18n.t("journey.col.year", lang)),
            y=alt.Y("km_open:Q", title=i18n.t("journey.col.km_open", lang)),
            opacity=alt.Opacity("projected:N", scale=alt.Scale(domain=[False, True], range=[0.95, 0.4]), legend=None),
            color=alt.value(STATUS_GROUP_COLOURS["open"]),
            tooltip=[
                alt.Tooltip("year:O", title=i18n.t("journey.col.year", lang)),
                alt.Tooltip("km_open:Q", title=i18n.t("journey.col.km_open", lang), format=",.0f"),
                alt.Tooltip("projected:N", title=i18n.t("journey.col.projected", lang)),
            ],
        )
        .properties(title=i18n.t("journey.chart", lang), height=220)
    )
    return _localised(chart, lang)


def finance_chart(by: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """AidData's commitments per commitment year, stacked by sector, one small chart per recipient country
    (finance_view.by_country_sector_year); billions of constant 2021 USD."""
    years = list(range(2000, int(by["year"].max()) + 1)) if not by.empty else []
    chart = (
        alt.Chart(by)
        .transform_calculate(usd_2021_bn="datum.usd_2021 / 1e9")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=i18n.t("col.commitment_year", lang), scale=alt.Scale(domain=years)),
            y=alt.Y("sum(usd_2021_bn):Q", title=i18n.t("col.usd_2021_bn", lang)),
            color=alt.Color(
                "sector:N",
                title=i18n.t("col.sector", lang),
                # the map's sector colours (atlas/finance.py SECTOR_TABLE), so a sector is one colour everywhere
                scale=alt.Scale(
                    domain=[i18n.t(f"finance.sector.{s.code}", lang) for s in SECTOR_TABLE],
                    range=[s.colour for s in SECTOR_TABLE],
                ),
                legend=_legend_below(),
            ),
            tooltip=[
                _tip("country:N", lang),
                _tip("sector:N", lang),
                alt.Tooltip("year:O", title=i18n.t("col.commitment_year", lang)),
                _tip("usd_2021:Q", lang, format=",.0f"),
                _tip("projects:Q", lang),
            ],
        )
        .properties(width=230, height=140)
        .facet(facet=alt.Facet("country:N", title=None), columns=3)
        .resolve_scale(y="independent")
        .properties(title=i18n.t("progress.finance.chart", lang))
    )
    return _localised(chart, lang)
