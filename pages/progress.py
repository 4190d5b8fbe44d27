"""Progress page: km by status and country, figures over time, milestones, and AidData's record of Chinese finance."""

import streamlit as st

from atlas import charts, finance_view, i18n, stats, ui
from atlas.filters import describe
from atlas.finance import ATTRIBUTION

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
        stats.figures_display(facts, lang), widths={tr("col.quote"): "large"}, download=(tr("progress.csv"), "figures")
    )

st.subheader(tr("progress.milestones"))
ms = stats.milestones_table(shown, lang)
if ms.empty:
    st.info(tr("progress.milestones.none"))
else:
    st.altair_chart(charts.milestones_chart(ms, lang), width="stretch")

st.subheader(tr("progress.finance"))
st.caption(tr("progress.finance.scope"))
projects = finance_view.projects(catalog, countries=sel["country"], year=sel["year"])
if projects.empty:
    st.info(tr("progress.finance.none"))
else:
    tot, money = finance_view.totals(projects), (lambda usd: i18n.money(usd, "USD", lang))
    share = f"{i18n.number(100 * tot.linked_share, lang, digits=1)}%"
    lines = [tr("progress.finance.total", n=tot.projects, amount=money(tot.usd_2021))]
    lines.append(tr("progress.finance.linked", share=share, amount=money(tot.linked_usd_2021), n=tot.linked_projects))
    if tot.unknown:
        lines.append(tr("progress.finance.unknown", n=tot.unknown))
    st.markdown(ui.md_escape(" ".join(lines)))
    st.altair_chart(charts.finance_chart(finance_view.by_country_sector_year(projects, lang), lang), width="stretch")
    st.markdown(f"**{tr('progress.finance.largest')}**")
    ui.sourced_table(
        finance_view.largest(projects, catalog, lang),
        widths={tr("col.title"): "large"},
        download=(tr("progress.finance.csv"), "aiddata_projects"),
    )
    st.caption(ui.md_escape(tr("progress.finance.cite", attribution=ATTRIBUTION)))
