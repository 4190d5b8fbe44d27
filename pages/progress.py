"""Progress page: km by status and country, figures over time, milestones."""

import streamlit as st

from atlas import charts, stats, ui
from atlas.filters import describe

catalog, sel, shown = ui.page()
tr, lang = ui.tr, ui.lang()

st.title(tr("progress.title"))
st.markdown(f"**{ui.md_escape(describe(sel, lang))}**")

st.subheader(tr("progress.km"))
km = stats.km_by_status_country(shown, lang)
if km.empty:
    st.info(tr("progress.km.none"))
else:
    st.altair_chart(charts.km_chart(km, lang), width="stretch")
    st.caption(tr("progress.km.caption"))
if note := stats.context_note(shown, lang):
    st.caption(ui.md_escape(note))

st.subheader(tr("progress.figures"))
facts = stats.facts_table(shown, lang)
if facts.empty:
    st.info(tr("progress.figures.none"))
else:
    for chart in charts.figure_charts(facts, lang):
        st.altair_chart(chart, width="stretch")
    n_conflicts = int((facts["conflict"] != "").sum())
    if n_conflicts:
        st.warning(tr("progress.conflicts", n=n_conflicts), icon="⚖️")
    ui.sourced_table(
        stats.figures_display(facts, lang), widths={tr("col.quote"): "large"}, download=(tr("progress.csv"), "atlas_figures.csv")
    )

st.subheader(tr("progress.milestones"))
ms = stats.milestones_table(shown, lang)
if ms.empty:
    st.info(tr("progress.milestones.none"))
else:
    st.altair_chart(charts.milestones_chart(ms, lang), width="stretch")
