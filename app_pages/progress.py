"""Progress page: km by status and country, figures over time, milestones."""

import altair as alt
import streamlit as st

from atlas import i18n, stats, ui
from atlas.filters import describe

catalog = ui.catalog()
sel = ui.selection()
shown = ui.filtered(catalog, sel)
tr = ui.tr

st.title(tr("progress.title"))
st.markdown(f"**{ui.md_escape(describe(sel, ui.lang()))}**")

st.subheader(tr("progress.km"))
km = stats.km_by_status_country(shown, ui.lang())
if km.empty:
    st.info(tr("progress.km.none"))
else:
    chart = (
        alt.Chart(km)
        .mark_bar()
        .encode(
            x=alt.X("sum(km):Q", title="km"),
            y=alt.Y("country:N", sort="-x", title=None),
            color=alt.Color(
                "status:N",
                title=tr("progress.status"),
                scale=alt.Scale(
                    domain=[i18n.status_group(g, ui.lang()) for g in stats.STATUS_GROUPS],
                    range=["#2e7d32", "#ef6c00", "#1565c0", "#8a8a8a"],
                ),
            ),
            tooltip=["feature", "country", "status", alt.Tooltip("km:Q", format=",.0f")],
        )
    )
    st.altair_chart(chart, width="stretch")
    st.caption(tr("progress.km.caption"))

st.subheader(tr("progress.figures"))
facts = stats.facts_table(shown, ui.lang())
if facts.empty:
    st.info(tr("progress.figures.none"))
else:
    for metric, title, fmt, domain in (
        ("percent_complete", tr("progress.percent"), ".0f", [0, 100]),
        ("passengers", tr("progress.passengers"), "~s", None),
    ):
        part = facts[facts["metric"] == metric]
        if part.empty:
            continue
        scale = alt.Scale(domain=domain) if domain else alt.Undefined
        pts = (
            alt.Chart(part)
            .mark_point(size=130, filled=True)
            .encode(
                x=alt.X(
                    "as_of:T", title=tr("col.as_of"), axis=alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 1})
                ),
                shape=alt.Shape("basis:N", title=tr("progress.covers")),
                y=alt.Y("value:Q", title=None, axis=alt.Axis(format=fmt), scale=scale),
                color=alt.Color("feature:N", title=None, legend=alt.Legend(orient="right", labelLimit=320)),
                tooltip=["feature", alt.Tooltip("value:Q", format=",.2f"), "unit", "period", "source", "quote"],
            )
        )
        st.altair_chart(pts.properties(title=title, height=230), width="stretch")
    n_conflicts = int((facts["conflict"] != "").sum())
    if n_conflicts:
        st.warning(tr("progress.conflicts", n=n_conflicts), icon="⚖️")
    table = facts.drop(columns=["feature_id", "source_id"]).rename(columns=lambda c: tr(f"col.{'link' if c == 'url' else c}"))
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            tr("col.link"): st.column_config.LinkColumn(tr("col.link"), display_text=tr("col.open")),
            tr("col.quote"): st.column_config.TextColumn(tr("col.quote"), width="large"),
        },
    )


st.subheader(tr("progress.milestones"))
ms = stats.milestones_table(shown, ui.lang())
if ms.empty:
    st.info(tr("progress.milestones.none"))
else:
    timeline = (
        alt.Chart(ms)
        .mark_point(filled=True, size=120)
        .encode(
            x=alt.X("when:T", title=None),
            y=alt.Y("feature:N", title=None),
            shape=alt.Shape("event:N", title=tr("progress.event")),
            color=alt.Color("event:N", title=tr("progress.event")),
            tooltip=["feature", "date", "event", "description"],
        )
    )
    st.altair_chart(timeline.properties(height=max(160, 28 * ms["feature"].nunique())), width="stretch")
