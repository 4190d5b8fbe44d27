"""Progress page: km by status and country, figures over time, milestones."""

import altair as alt
import streamlit as st

from atlas import stats, ui
from atlas.filters import describe

catalog = ui.catalog()
sel = ui.selection()
shown = ui.filtered(catalog, sel)

st.title("Progress")
st.markdown(f"**{ui.md_escape(describe(sel))}**")

st.subheader("Rail km by country and status")
km = stats.km_by_status_country(shown)
if km.empty:
    st.info("No rail sections in the current filters.")
else:
    chart = (
        alt.Chart(km)
        .mark_bar()
        .encode(
            x=alt.X("sum(km):Q", title="km"),
            y=alt.Y("country:N", sort="-x", title=None),
            color=alt.Color(
                "status:N",
                title="Status",
                scale=alt.Scale(domain=list(stats.STATUS_GROUPS), range=["#2e7d32", "#ef6c00", "#1565c0", "#8a8a8a"]),
            ),
            tooltip=["feature", "country", "status", alt.Tooltip("km:Q", format=",.0f")],
        )
    )
    st.altair_chart(chart, width="stretch")
    st.caption(
        "A cross-border line is split by the share of its drawn line inside each country. "
        "Lengths come from cited figures where sources give them, otherwise from the drawn line."
    )

st.subheader("Figures and their sources")
facts = stats.facts_table(shown)
if facts.empty:
    st.info("No figures for the current filters.")
else:
    for metric, title, fmt, domain in (
        ("percent_complete", "Percent complete", ".0f", [0, 100]),
        ("passengers", "Passengers carried, as reported (cumulative or for a period: see the tooltip)", "~s", None),
    ):
        part = facts[facts["metric"] == metric]
        if part.empty:
            continue
        scale = alt.Scale(domain=domain) if domain else alt.Undefined
        pts = (
            alt.Chart(part)
            .mark_point(size=130, filled=True)
            .encode(
                x=alt.X("as_of:T", title="as of", axis=alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 1})),
                shape=alt.Shape("basis:N", title="Figure covers"),
                y=alt.Y("value:Q", title=None, axis=alt.Axis(format=fmt), scale=scale),
                color=alt.Color("feature:N", title=None, legend=alt.Legend(orient="right", labelLimit=320)),
                tooltip=["feature", alt.Tooltip("value:Q", format=",.2f"), "unit", "period", "source", "quote"],
            )
        )
        st.altair_chart(pts.properties(title=title, height=230), width="stretch")
    n_conflicts = int((facts["conflict"] != "").sum())
    if n_conflicts:
        st.warning(
            f"{n_conflicts} figures disagree with another source for the same feature and period. "
            "Both are kept, side by side, newest first; see the conflict column.",
            icon="⚖️",
        )
    st.dataframe(
        facts.drop(columns=["feature_id", "source_id"]),
        hide_index=True,
        width="stretch",
        column_config={
            "url": st.column_config.LinkColumn("link", display_text="open"),
            "quote": st.column_config.TextColumn("quote", width="large"),
        },
    )

st.subheader("Milestones")
ms = stats.milestones_table(shown)
if ms.empty:
    st.info("No milestones for the current filters.")
else:
    timeline = (
        alt.Chart(ms)
        .mark_point(filled=True, size=120)
        .encode(
            x=alt.X("when:T", title=None),
            y=alt.Y("feature:N", title=None),
            shape=alt.Shape("event:N", title="Event"),
            color=alt.Color("event:N", title="Event"),
            tooltip=["feature", "date", "event", "description"],
        )
    )
    st.altair_chart(timeline.properties(height=max(160, 28 * ms["feature"].nunique())), width="stretch")
