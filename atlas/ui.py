"""The only Streamlit glue: cached loader, shared sidebar, details panel.

State: the sidebar widgets (keys f_*) and the selected feature (key
"feature") live in st.session_state for the session and in st.query_params for
the link; the URL is read once, when a session starts.
"""

from __future__ import annotations

import contextlib
import os
import re
import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from atlas import assets, audit, export, i18n, linking, render, timeline
from atlas.data import Catalog, fingerprint, load_catalog, resolve_data_dir
from atlas.filters import Selection, apply, from_query_params, md_literal, to_query_params
from atlas.layers import encode
from atlas.schema import COUNTRIES, KINDS, STATUSES, parse_partial_date
from atlas.stats import Figure

BASEMAPS = ("carto", "osm", "outline")  # labels: i18n basemap.*


def default_basemap() -> str:
    """The outline when ATLAS_OFFLINE=1 (no internet), else light tiles."""
    return "outline" if os.environ.get("ATLAS_OFFLINE") == "1" else "carto"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


@contextlib.contextmanager
def timed(name: str, *, only_fragment_runs: bool = False):
    """Append `unix time,name,seconds` of a script or fragment run to $ATLAS_TIMING_LOG
    (set by the load test); does nothing when the variable is not set. With
    only_fragment_runs, a fragment is timed only when it reruns on its own (inside a
    full run, the page's own timing already counts it)."""
    path = os.environ.get("ATLAS_TIMING_LOG")
    if path and only_fragment_runs:
        ctx = get_script_run_ctx()
        path = path if ctx is not None and getattr(ctx, "fragment_ids_this_run", None) else None
    start = time.perf_counter()
    try:
        yield
    finally:
        if path:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(f"{time.time():.3f},{name},{time.perf_counter() - start:.4f}\n")


def md_escape(text: str) -> str:
    """Text from data made inert for Streamlit's markdown (labels, help)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


@st.cache_resource(show_spinner="Loading and validating the atlas data…", max_entries=4)
def _load(data_dir: str, stamp: tuple) -> Catalog:
    return load_catalog(data_dir)


def _data_key() -> tuple[str, tuple]:
    """The data folder and the stamp of its files: the key of every cache below."""
    data_dir = resolve_data_dir()
    return str(data_dir), fingerprint(data_dir) if data_dir.is_dir() else ()


def catalog() -> Catalog:
    """The validated catalog, shared by all sessions, reloaded when files change."""
    return _load(*_data_key())


@st.cache_data(show_spinner=False, max_entries=64)
def _encoded(data_dir: str, stamp: tuple, sel_key: tuple, language: str, _shown: Catalog) -> dict:
    return encode(_shown.features, lang=language, outlines=_shown.outlines)


@st.cache_resource(show_spinner=False, max_entries=4)
def _terms(data_dir: str, stamp: tuple) -> list:
    return linking.build_terms(_load(data_dir, stamp))


@st.cache_data(show_spinner="Marking the features each excerpt names…", max_entries=8)
def _source_cards(data_dir: str, stamp: tuple, language: str) -> dict[str, str]:
    cat, terms = _load(data_dir, stamp), _terms(data_dir, stamp)
    return {sid: render.source_html(cat, src, terms, language) for sid, src in cat.sources.items()}


def source_cards() -> dict[str, str]:
    """Each source's card (its excerpts with the features they name linked), built once
    per data fingerprint and language: the name patterns are costly at scale."""
    return _source_cards(*_data_key(), lang())


def _sel_key(sel: Selection) -> tuple:
    """The filters that decide which features are shown (not the selected feature)."""
    return (sel.countries, sel.kinds, sel.statuses, sel.q.strip(), sel.year)


def encoded(shown: Catalog, sel: Selection) -> dict:
    """The compact map rows of the filtered features, cached per data folder and filters."""
    return _encoded(*_data_key(), _sel_key(sel), lang(), shown)


def freshness(cat: Catalog) -> str:
    """'Newest source: 2025-12 (Seetao)' for the sources behind the shown features."""
    ids = set(cat.excerpts["source_id"]) | set(cat.facts["source_id"])
    sources = [cat.sources[i] for i in ids if i in cat.sources]
    if not sources:
        return tr("map.nosource")
    newest = max(sources, key=lambda s: parse_partial_date(s.published))
    oldest = min(sources, key=lambda s: parse_partial_date(s.published))
    line = tr("map.fresh", newest=newest.published, outlet=newest.outlet, oldest=oldest.published)
    per_feature = [f for f in audit.freshness(cat).values() if f.newest]
    if per_feature:
        stalest = min(per_feature, key=lambda f: parse_partial_date(f.newest))
        line += " " + tr(
            "map.fresh.features",
            fresh=sum(not f.stale for f in per_feature),
            n=len(cat.features),
            months=audit.STALE_MONTHS,
            name=cat.name_of(stalest.feature_id, lang()),
            date=stalest.newest,
        )
    return line


def require_assets() -> None:
    missing = assets.missing()
    if missing:
        st.error(tr("assets.missing", missing=", ".join(missing)))


def _link_choice(key: str, allowed, default: str, what: str, notices: list[str]) -> str:
    """One view option from the link (basemap, language): an unknown value is ignored with a notice."""
    value = str(st.query_params.get(key, "")).strip()
    if value and value not in allowed:
        notices.append(f"Ignored unknown {what} in the link: {md_literal(value)}.")
    return value if value in allowed else default


def read_url(cat: Catalog) -> None:
    """Read the link's filters, feature, basemap and language once per session."""
    if st.session_state.get("_url_read"):
        return
    sel, notices = from_query_params(dict(st.query_params.to_dict()), feature_ids=set(cat.features["id"]))
    st.session_state["f_country"] = list(sel.countries)
    st.session_state["f_kind"] = list(sel.kinds)
    st.session_state["f_status"] = list(sel.statuses)
    st.session_state["f_q"] = sel.q
    years = timeline.years(cat)
    st.session_state["f_year"] = sel.year if sel.year in years else None
    if sel.year is not None and st.session_state["f_year"] is None:
        notices.append(
            f"Ignored year {sel.year}: the data cover {years[0]}–{years[-1]}."
            if years
            else f"Ignored year {sel.year}: the data hold no dated status or milestone."
        )
    st.session_state["feature"] = sel.feature
    st.session_state["basemap"] = _link_choice("basemap", BASEMAPS, default_basemap(), "basemap", notices)
    st.session_state["lang"] = _link_choice("lang", i18n.LANGS, "en", "language", notices)
    st.session_state["_notices"] = notices
    st.session_state["_url_read"] = True


def selection() -> Selection:
    """The selection the sidebar last set (kept as plain state, so a page run
    on its own, as AppTest does, sees the filters of the previous run)."""
    return st.session_state.get("_selection") or _from_widgets()


def _from_widgets() -> Selection:
    ss = st.session_state
    return Selection(
        countries=tuple(ss.get("f_country", [])),
        kinds=tuple(ss.get("f_kind", [])),
        statuses=tuple(ss.get("f_status", [])),
        q=ss.get("f_q", "") or "",
        feature=ss.get("feature"),
        year=ss.get("f_year"),
    )


def sync_url() -> None:
    """Write the current selection into the address bar (only if it changed)."""
    wanted = to_query_params(selection())
    if st.session_state.get("basemap", default_basemap()) != default_basemap():
        wanted["basemap"] = st.session_state["basemap"]
    if lang() != "en":
        wanted["lang"] = lang()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def lang() -> str:
    """The interface language of this session: 'en' or 'zh'."""
    return st.session_state.get("lang", "en")


def tr(key: str, **values) -> str:
    """An interface string in the session's language (atlas/i18n.py)."""
    return i18n.t(key, lang(), **values)


def _relabel_widgets() -> None:
    """After a language switch, hand each widget its own value again, so the browser
    redraws it with the new labels instead of losing its selection."""
    for key in ("f_country", "f_kind", "f_status", "f_q", "f_year", "basemap"):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def sidebar(cat: Catalog) -> Selection:
    """The filters, set once and applied by every page."""
    read_url(cat)
    names, kinds, statuses = i18n.countries(lang()), i18n.kinds(lang()), i18n.statuses(lang())
    with st.sidebar:
        st.radio(
            tr("sb.lang"), list(i18n.LANGS), key="lang", format_func=i18n.LANGS.get, horizontal=True, on_change=_relabel_widgets
        )
        st.header(tr("sb.filters"))
        st.multiselect(
            tr("sb.country"),
            list(COUNTRIES),
            key="f_country",
            format_func=lambda c: f"{names[c]} ({c})",
            placeholder=tr("sb.country.ph"),
        )
        st.multiselect(tr("sb.kind"), list(KINDS), key="f_kind", format_func=kinds.get, placeholder=tr("sb.kind.ph"))
        st.multiselect(tr("sb.status"), list(STATUSES), key="f_status", format_func=statuses.get, placeholder=tr("sb.status.ph"))
        st.text_input(tr("sb.search"), key="f_q", placeholder=tr("sb.search.ph"), help=tr("sb.search.help"))
        st.select_slider(
            tr("sb.year"),
            options=[None, *timeline.years(cat)],
            key="f_year",
            format_func=lambda y: tr("sb.year.latest") if y is None else str(y),
            help=tr("sb.year.help"),
        )
        st.radio(
            tr("sb.basemap"), list(BASEMAPS), key="basemap", format_func=lambda b: tr(f"basemap.{b}"), help=tr("sb.basemap.help")
        )
        if any(st.session_state.get(k) for k in ("f_country", "f_kind", "f_status", "f_q", "f_year")):
            st.button(tr("sb.clear"), on_click=clear_filters, width="stretch")
        for notice in st.session_state.get("_notices", []):
            st.warning(notice, icon="⚠️")  # URL values in it are code spans (filters.md_literal)
        st.caption(tr("sb.share"))
    st.session_state["_selection"] = _from_widgets()
    sync_url()
    return selection()


def clear_filters() -> None:
    for key in ("f_country", "f_kind", "f_status"):
        st.session_state[key] = []
    st.session_state["f_q"] = ""
    st.session_state["f_year"] = None


def select_feature(feature_id: str | None) -> None:
    st.session_state["feature"] = feature_id
    st.session_state.pop("_selection", None)  # selection() now reads the widgets and the new feature


def on_map_change() -> None:
    """st_folium callback: a click on a feature selects it (runs before the rerun)."""
    out = st.session_state.get("atlas_map") or {}
    drawing = out.get("last_active_drawing") or {}
    fid = (drawing.get("properties") or {}).get("id")
    if isinstance(fid, str):
        select_feature(fid)


def sourced_table(table, *, widths: dict[str, str], download: tuple[str, str]) -> None:
    """A table whose `link` column opens each row's source, with a formula-safe CSV
    download of the same rows (download = (button label, file name))."""
    config = {tr("col.link"): st.column_config.LinkColumn(tr("col.link"), display_text=tr("col.open"))}
    config |= {col: st.column_config.TextColumn(col, width=width) for col, width in widths.items()}
    st.dataframe(table, hide_index=True, width="stretch", column_config=config)
    label, file_name = download
    st.download_button(label, export.csv_bytes(table), file_name=file_name, mime="text/csv", on_click="ignore")


def problems_banner(cat: Catalog) -> None:
    if not cat.problems:
        return
    st.error(tr("problems", n=len(cat.problems)), icon="🚩")
    with st.expander(tr("problems.show")):
        st.code("\n".join(str(p) for p in cat.problems), language=None)


def filtered(cat: Catalog, sel: Selection) -> Catalog:
    return apply(cat, sel)


SHORT_UNITS = {"tonnes": "t", "passengers": ""}


def human(value: float) -> str:
    """1,520 / 48.8 M / 1.3 bn: short enough for a metric tile."""
    for size, word in ((1e9, "bn"), (1e6, "M")):
        if abs(value) >= size:
            return f"{value / size:,.1f} {word}"
    return f"{value:,.0f}"


def headline_strip(figures: list[Figure], cat: Catalog, *, countries: tuple[str, ...] = ()) -> None:
    """The headline tiles; under a country filter, the km tiles say they count those countries' share."""
    per_row = 4  # more tiles than this to a row cut their numbers short ("≈ 1,944 …")
    cols = [col for i in range(0, len(figures), per_row) for col in st.columns(per_row)][: len(figures)]
    share = (
        tr("head.share", countries=i18n.join((i18n.countries(lang()).get(c, c) for c in countries), lang())) if countries else ""
    )
    for col, fig in zip(cols, figures, strict=True):
        approx = "≈ " if fig.approximate else ""
        value = f"{approx}{human(fig.value)} {SHORT_UNITS.get(fig.unit, fig.unit)}".strip()
        note = " " + tr("head.approx") if fig.approximate else ""
        note += " " + share if share and fig.unit == "km" else ""
        col.metric(md_escape(tr(f"head.{fig.key}")), value, help=md_escape(fig.detail + "." + note))
        col.caption(tr("head.asof", date=fig.as_of) if fig.as_of else tr("head.nodate"))
    sources = sorted({s for f in figures for s in f.source_ids})
    if sources:
        with st.expander(tr("head.sources", n=len(sources))):
            st.html("".join(render.cite_html(cat.sources[s], lang()) for s in sources if s in cat.sources))


def details_panel(full: Catalog, feature_id: str | None) -> None:
    if not feature_id or full.feature(feature_id) is None:
        st.info(tr("details.hint"))
        return
    st.html(render.details_html(full, feature_id, lang()))
    f = full.feature(feature_id)
    if f["related"]:
        st.markdown(f"**{tr('details.related')}**")
        for rid in f["related"]:
            st.button(
                md_escape(full.name_of(rid, lang())),
                key=f"rel_{feature_id}_{rid}",
                on_click=select_feature,
                args=(rid,),
                width="stretch",
            )
    st.button(tr("details.clear"), key="clear_sel", on_click=select_feature, args=(None,))
