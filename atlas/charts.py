"""Altair charts of the Progress page, built from stats tables (pure functions, no Streamlit).

Every axis, legend and tooltip title comes from the interface catalogue
(atlas/i18n.py), so a chart never shows a raw column name such as `as_of`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from atlas import i18n, stats

# open, under construction, planned, suspended, cancelled: the colours of the map's status styles
STATUS_GROUP_COLOURS = ("#2e7d32", "#ef6c00", "#1565c0", "#8a8a8a", "#795548")


def _tip(field: str, lang: str, **kw) -> alt.Tooltip:
    """A tooltip row titled from the catalogue's column names."""
    return alt.Tooltip(field, title=i18n.t(f"col.{field.split(':')[0]}", lang), **kw)


def km_chart(km: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Rail km per country, stacked by status group (stats.km_by_status_country)."""
    return (
        alt.Chart(km)
        .mark_bar()
        .encode(
            x=alt.X("sum(km):Q", title=i18n.t("col.km", lang)),
            y=alt.Y("country:N", sort="-x", title=None),
            color=alt.Color(
                "status:N",
                title=i18n.t("progress.status", lang),
                scale=alt.Scale(
                    domain=[i18n.status_group(g, lang) for g in stats.STATUS_GROUPS], range=list(STATUS_GROUP_COLOURS)
                ),
            ),
            tooltip=[_tip("feature:N", lang), _tip("country:N", lang), _tip("status:N", lang), _tip("km:Q", lang, format=",.0f")],
        )
    )


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
                shape=alt.Shape("basis:N", title=i18n.t("progress.covers", lang)),
                y=alt.Y("value:Q", title=None, axis=alt.Axis(format=fmt), scale=scale),
                color=alt.Color("feature:N", title=None, legend=alt.Legend(orient="right", labelLimit=320)),
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
        charts.append(chart.properties(title=i18n.t(title_key, lang), height=230))
    return charts


def milestones_chart(ms: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Milestones on a time line, one row per feature (stats.milestones_table)."""
    event = i18n.t("progress.event", lang)
    chart = (
        alt.Chart(ms)
        .mark_point(filled=True, size=120)
        .encode(
            x=alt.X("when:T", title=None),
            y=alt.Y("feature:N", title=None),
            shape=alt.Shape("event:N", title=event),
            color=alt.Color("event:N", title=event),
            tooltip=[_tip("feature:N", lang), _tip("date:N", lang), _tip("event:N", lang), _tip("description:N", lang)],
        )
    )
    return chart.properties(height=max(160, 28 * ms["feature"].nunique()))
