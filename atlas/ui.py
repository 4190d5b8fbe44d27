"""Streamlit glue, with atlas/state.py (the session and the link): cached loader, page prologue,
shared sidebar, headline tiles, details panel, tables and downloads.

State: the sidebar widgets (keys f_*) and the selected feature (key
"feature") live in st.session_state for the session and in st.query_params for
the link; the URL is read once, when a session starts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import time
import urllib.parse
from pathlib import Path

import folium
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from atlas import assets, audit, export, i18n, linking, mapview, render
from atlas.catalog import load_catalog
from atlas.data import Catalog, fingerprint, resolve_data_dir
from atlas.filters import FILTERS, Selection, apply, finance_shown, md_literal
from atlas.finance import ATTRIBUTION
from atlas.layers import encode
from atlas.schema import parse_partial_date
from atlas.state import (  # noqa: F401 (re-exported: pages use ui.* for the session's state)
    BASEMAPS,
    any_filter_set,
    clear_filters,
    default_basemap,
    lang,
    on_map_change,
    read_url,
    relabel_widgets,
    remember_selection,
    select_feature,
    selection,
    share_params,
    sync_url,
    widget_key,
)
from atlas.stats import CommittedFinance, Figure

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# what the markdown renderer turns into a link even when every character is escaped (GFM autolink
# literals: a scheme, "www.", an e-mail address): shown as a code span instead
_AUTOLINK = re.compile(
    r"(?i)(?<![\w.+-])(?:(?:https?|ftp|mailto|xmpp|javascript|data):|www\.)[^\s\"'“”‘’<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)


log = logging.getLogger(__name__)
PAGE_CSS = Path(__file__).with_name("static") / "atlas-page.css"


@contextlib.contextmanager
def page_errors(where: str):
    """An unexpected error in a page: our own short message in the page's language instead of
    Streamlit's page (English, with "Ask Google / Ask ChatGPT" links), the details in the server
    log. st.stop() and st.rerun() raise BaseExceptions of Streamlit's and pass through."""
    try:
        yield
    except Exception:  # noqa: BLE001 - anything at all: logged with its traceback, shown as one sentence
        log.exception("unexpected error in %s", where)
        st.error(tr("error.unexpected"), icon="🛑")


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


def page() -> tuple[Catalog, Selection, Catalog]:
    """What every page starts with: the catalog, the sidebar's selection and the catalog it leaves."""
    require_navigation()
    cat, sel = catalog(), selection()
    return cat, sel, apply(cat, sel)


def require_navigation() -> None:
    """A fresh server runs a page by itself when a deep link (/journeys?from=…) is its very first request:
    Streamlit treats pages/ as a legacy multipage folder until app.py has called st.navigation once
    (bench/apptest.py). Then say so and rerun, now through app.py: its sidebar, link reading and routing."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def md_escape(text: str) -> str:
    """Text from data or a link made inert for Streamlit's markdown (headings, labels, help): markup
    escaped, and anything the renderer would turn into a live link (a bare URL, "www.", an e-mail
    address, which escaping does not stop) shown verbatim as a code span."""
    text, out, pos = str(text), [], 0
    for m in _AUTOLINK.finditer(text):
        out += [_MD_SPECIAL.sub(r"\\\1", text[pos : m.start()]), md_literal(m.group())]
        pos = m.end()
    return "".join(out) + _MD_SPECIAL.sub(r"\\\1", text[pos:])


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(data_dir: str, stamp: tuple) -> Catalog:
    return load_catalog(data_dir)


def _data_key() -> tuple[str, tuple]:
    """The data folder and the stamp of its files: the key of every cache below."""
    data_dir = resolve_data_dir()
    return str(data_dir), fingerprint(data_dir) if data_dir.is_dir() else ()


_BUILT: set[tuple] = set()  # cache keys built in this process: a spinner (in the session's language) for the others


def _with_spinner(message_key: str, build, *key):
    if key in _BUILT:
        return build(*key)
    with st.spinner(tr(message_key)):
        out = build(*key)
    _BUILT.add(key)
    return out


def catalog() -> Catalog:
    """The validated catalog, shared by all sessions, reloaded when files change."""
    return _with_spinner("loading", _load, *_data_key())


@st.cache_data(show_spinner=False, max_entries=64)
def _encoded(data_dir: str, stamp: tuple, sel_key: tuple, language: str, _shown: Catalog) -> dict:
    return encode(_shown.features, lang=language, outlines=_shown.outlines)


@st.cache_data(show_spinner=False, max_entries=64)
def _finance_encoded(data_dir: str, stamp: tuple, sel_key: tuple, language: str, _cat: Catalog, _sel: Selection) -> dict:
    return mapview.finance_encoded(finance_shown(_cat, _sel), lang=language)


def finance_groups(cat: Catalog, sel: Selection) -> list[folium.FeatureGroup]:
    """The map's finance layer (AidData's projects the filters select) when the reader has turned it on, else nothing:
    off, it adds not a byte to the map."""
    if not st.session_state.get("finance"):
        return []
    encoded = _finance_encoded(*_data_key(), sel.key(), lang(), cat, sel)
    return [mapview.finance_group(None, encoded=encoded, lang=lang())]


@st.cache_resource(show_spinner=False, max_entries=4)
def _terms(data_dir: str, stamp: tuple) -> list:
    return linking.build_terms(_load(data_dir, stamp))


@st.cache_data(show_spinner=False, max_entries=8)
def _source_cards(data_dir: str, stamp: tuple, language: str) -> dict[str, str]:
    cat, terms = _load(data_dir, stamp), _terms(data_dir, stamp)
    return {sid: render.source_html(cat, src, terms, language) for sid, src in cat.sources.items()}


def source_cards() -> dict[str, str]:
    """Each source's card (its excerpts with the features they name linked), built once
    per data fingerprint and language: the name patterns are costly at scale."""
    return _with_spinner("loading.sources", _source_cards, *_data_key(), lang())


def encoded(shown: Catalog, sel: Selection) -> dict:
    """The compact map rows of the filtered features, cached per data folder and filters."""
    return _encoded(*_data_key(), sel.key(), lang(), shown)


@st.cache_resource(show_spinner=False, max_entries=4)
def _network(data_dir: str, stamp: tuple):
    from atlas import journeys

    return journeys.build(_load(data_dir, stamp))


def network():
    """The rail network as a graph (atlas/journeys.py), built once per data fingerprint."""
    return _with_spinner("loading", _network, *_data_key())


@st.cache_data(show_spinner=False, max_entries=64)
def _journey(data_dir: str, stamp: tuple, start: str, end: str, year, _net) -> dict:
    from atlas import journeys

    return journeys.journey(_net, _load(data_dir, stamp), start, end, year)


def journey(net, start: str, end: str, year) -> dict:
    """A journey (cached per data, ends and year); raises journeys.UnknownPlace for a name not on the network."""
    return _journey(*_data_key(), start, end, year, net)


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


LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "::1")


def editor_mode() -> bool:
    """`make edit`: ATLAS_EDITOR=1 and a server that listens on this machine only. Only then does the app
    offer the Review page, the one place it writes data; `make run` and `make serve` never do."""
    return os.environ.get("ATLAS_EDITOR") == "1" and (st.get_option("server.address") or "") in LOCAL_ADDRESSES


def require_assets() -> None:
    missing = assets.missing()
    if missing:
        st.error(tr("assets.missing", missing=", ".join(missing)))


def tr(key: str, **values) -> str:
    """An interface string in the session's language (atlas/locales/)."""
    return i18n.t(key, lang(), **values)


def sidebar(cat: Catalog) -> Selection:
    """The filters, set once and applied by every page: one widget per registry entry."""
    read_url(cat)
    with st.sidebar:
        st.radio(
            tr("sb.lang"), list(i18n.LANGS), key="lang", format_func=i18n.LANGS.get, horizontal=True, on_change=relabel_widgets
        )
        st.header(tr("sb.filters"))
        for spec in FILTERS:
            key = widget_key(spec.key)
            getattr(st, spec.widget)(key=key, **spec.widget_args(cat, lang(), st.session_state.get(key)))
        st.toggle(tr("sb.finance"), key="finance", help=tr("sb.finance.help"))
        st.radio(
            tr("sb.basemap"),
            list(BASEMAPS),
            key="basemap",
            format_func={b: tr(f"basemap.{b}") for b in BASEMAPS}.get,
            help=tr("sb.basemap.help"),
        )
        if any_filter_set():
            st.button(tr("sb.clear"), on_click=clear_filters, width="stretch")
        for notice in st.session_state.get("_notices", []):
            st.warning(notice, icon="⚠️")  # URL values in it are code spans (filters.md_literal)
        st.caption(tr("sb.share"))
    remember_selection()
    sync_url()
    return selection()


ROW_PX = 35  # the height of st.dataframe's rows and of its header


def fit_height(rows: int, *, most: int = 25) -> int:
    """A table's height in pixels showing all its rows (up to `most`) without a scroll bar of its own."""
    return ROW_PX * (min(max(rows, 1), most) + 1) + 3


def download_name(what: str, ext: str) -> str:
    """'atlas_LAO_operational_2026-12-01.csv': the active filters and today's date (what: '' for the features)."""
    return f"{export.file_stem(selection(), dt.date.today(), what)}.{ext}"


def open_on_map(feature_id: str) -> None:
    """Go to the map with the feature selected, as a feature link does: the page's link (its filters and
    language, which the sidebar keeps in the address bar) plus `feature`, read afresh on arrival (switching
    pages drops the widgets' values)."""
    select_feature(feature_id)
    st.session_state["_rows_round"] = st.session_state.get("_rows_round", 0) + 1  # a fresh table on coming back
    st.session_state["_url_read"] = False
    st.switch_page("pages/map.py", query_params={**st.query_params.to_dict(), "feature": feature_id})


def feature_rows(table, *, key: str, column_config: dict) -> None:
    """A table of features indexed by their ids (the index hidden): selecting a row opens it on the map."""
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=fit_height(len(table)),
        column_config=column_config,
        key=f"{key}_{st.session_state.get('_rows_round', 0)}",
        on_select="rerun",
        selection_mode="single-row",
    )
    rows = event.selection.rows
    if rows:
        open_on_map(str(table.index[rows[0]]))


def sourced_table(table, *, widths: dict[str, str], download: tuple[str, str]) -> None:
    """A table whose `link` column opens each row's source, as tall as its rows, with a formula-safe CSV
    download of the same rows (download = (button label, what the file holds: 'soft_links'), its name
    carrying the filters and the date)."""
    config = {tr("col.link"): st.column_config.LinkColumn(tr("col.link"), display_text=tr("col.open"), width="small")}
    config |= {col: st.column_config.TextColumn(col, width=width) for col, width in widths.items()}
    st.dataframe(table, hide_index=True, width="stretch", height=fit_height(len(table)), column_config=config)
    label, what = download
    name = download_name(what, "csv")
    st.download_button(label, export.csv_bytes(table), file_name=name, mime="text/csv", on_click="ignore")


def problems_banner(cat: Catalog) -> None:
    if not cat.problems:
        return
    st.error(tr("problems", n=len(cat.problems)), icon="🚩")
    with st.expander(tr("problems.show")):
        st.code("\n".join(str(p) for p in cat.problems), language=None)


SHORT_UNITS = {"km": "unit.km", "tonnes": "short.tonnes"}  # passengers: the tile's label says it


def tile_value(fig: Figure) -> str:
    """'≈ 2,048 km' / '72.8M' / '7281.2万 吨': short enough for a metric tile."""
    unit = tr(SHORT_UNITS[fig.unit]) if fig.unit in SHORT_UNITS else ""
    return f"{'≈ ' if fig.approximate else ''}{i18n.compact(fig.value, lang())} {unit}".strip()


def headline_strip(figures: list[Figure], cat: Catalog, *, countries: tuple[str, ...] = ()) -> None:
    """The headline tiles; under a country filter, the km tiles say they count those countries' share.
    A figure of one line (passengers, freight) names its line and period under the value, and how
    many other lines have a figure (listed in the tile's help, never added to it)."""
    per_row = 4  # more tiles than this to a row cut their numbers short ("≈ 1,944 …")
    # the first row stays on a phone's first screen (two by two, atlas-page.css); the rows after it fold
    # into "All figures" there (all_figures), beside the map on a wide screen as before
    cols = [*st.columns(per_row)]
    if len(figures) > per_row:
        with st.container(key="atlas-head-more"):
            cols += [col for i in range(per_row, len(figures), per_row) for col in st.columns(per_row)]
    cols = cols[: len(figures)]
    share = tr("head.share", countries=i18n.join((i18n.countries(lang())[c] for c in countries), lang())) if countries else ""
    for col, fig in zip(cols, figures, strict=True):
        if not fig.reported:
            col.metric(md_escape(tr(f"head.{fig.key}")), "—", help=md_escape(fig.detail))
            col.caption(md_escape(fig.detail))
            continue
        value = tile_value(fig)
        note = " " + tr("head.approx") if fig.approximate else ""
        note += " " + share if share and fig.unit == "km" else ""
        col.metric(md_escape(tr(f"head.{fig.key}")), value, help=md_escape(fig.detail + "." + note))
        if fig.feature_id:
            more = " " + tr("head.more", n=fig.more) if fig.more else ""
            col.caption(md_escape(tr("head.line_caption", name=cat.name_of(fig.feature_id, lang()), covers=fig.covers) + more))
        else:
            col.caption(tr("head.asof", date=fig.as_of) if fig.as_of else tr("head.nodate"))
    sources = sorted({s for f in figures for s in f.source_ids})
    if sources:
        with st.container(key="atlas-head-sources"), st.expander(tr("head.sources", n=len(sources))):
            st.html(render.cite_html([cat.sources[s] for s in sources if s in cat.sources], lang()))


def all_figures(figures: list[Figure], cat: Catalog, *, finance: CommittedFinance) -> None:
    """Every headline figure as a line of text, with its line and period or its date: what a phone shows
    behind one tap instead of the tiles after the first row (atlas-page.css shows this only on a narrow
    screen, where AidData's tile, the sources and the freshness line stay as they are)."""
    with st.container(key="atlas-head-all"), st.expander(tr("head.all")):
        lines = []
        for fig in figures:
            value = tile_value(fig) if fig.reported else "—"
            where = (
                tr("head.line_caption", name=cat.name_of(fig.feature_id, lang()), covers=fig.covers)
                if fig.feature_id
                else (tr("head.asof", date=fig.as_of) if fig.as_of else fig.detail)
            )
            lines.append(f"- **{md_escape(tr(f'head.{fig.key}'))}**: {md_escape(value)} — {md_escape(where)}")
        if finance.projects:
            money = i18n.money(finance.usd_2021, "USD", lang())
            lines.append(f"- **{md_escape(tr('head.finance'))}**: {md_escape(money)}")
        st.markdown("\n".join(lines))


def page_style() -> None:
    """The page's own layout rules (atlas/static/atlas-page.css): the phone's compact headline and the
    details as a sheet over the map."""
    st.html(f"<style>{PAGE_CSS.read_text(encoding='utf-8')}</style>")


def permalink(feature_id: str | None) -> str:
    """The share link of the current view (the address bar's link, with `feature=`)."""
    params = share_params()
    if feature_id:
        params["feature"] = feature_id
    base = urllib.parse.urlsplit(str(st.context.url or ""))
    query = urllib.parse.urlencode(params)
    return urllib.parse.urlunsplit((base.scheme or "http", base.netloc or "localhost:8501", base.path or "/", query, ""))


def finance_tile(total: CommittedFinance, *, countries: tuple[str, ...] = (), year: int | None = None) -> None:
    """AidData's commitments to the shown features' projects: a tile of its own under the headline, with its
    own label, help and citation, never among the sourced figures."""
    col = st.columns(4)[0]
    if not total.projects:
        col.metric(md_escape(tr("head.finance")), "—", help=md_escape(tr("head.finance.none")))
        col.caption(tr("head.finance.none"))
        return
    notes = [tr("head.finance.help", lenders=i18n.join(total.lenders, lang()))]
    if total.unknown:
        notes.append(tr("head.finance.unknown", n=total.unknown))
    if countries:
        notes.append(
            tr("head.finance.country", countries=i18n.join((i18n.countries(lang())[c] for c in countries), lang(), "or"))
        )
    if year is not None:
        notes.append(tr("head.finance.year", year=year))
    notes.append(tr("head.finance.cite", attribution=ATTRIBUTION))
    col.metric(md_escape(tr("head.finance")), i18n.money(total.usd_2021, "USD", lang()), help=md_escape(" ".join(notes)))
    col.caption(md_escape(tr("head.finance.caption", n=total.projects)))


def details_panel(full: Catalog, feature_id: str | None) -> None:
    """The selected feature's details beside the map; on a phone a sheet over the map (atlas-page.css)
    whose first lines are the close button and the name."""
    if not feature_id or full.feature(feature_id) is None:
        st.info(tr("details.hint"))
        return
    with st.container(key="atlas-sheet"):
        _details(full, feature_id)


def _details(full: Catalog, feature_id: str) -> None:
    st.button(tr("details.clear"), key="clear_sel", on_click=select_feature, args=(None,), type="secondary")
    st.html(render.details_html(full, feature_id, lang(), permalink=permalink(feature_id)))
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
