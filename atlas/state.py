"""A session's state and the link: the URL is read once, when a session starts, and
written back whenever the state changes.

The filter widgets keep their values under "f_<key>" (one per entry of
atlas.filters.FILTERS), the selected feature under "feature", the basemap and
language under their own names. Everything loops over the registry.
"""

from __future__ import annotations

import os

import streamlit as st

from atlas import i18n, timeline
from atlas.data import Catalog
from atlas.filters import FILTERS, Selection, from_query_params, md_literal, to_query_params

BASEMAPS = ("carto", "osm", "outline")  # labels: catalogue basemap.*
FINANCE_VALUES = ("0", "1")  # the link's finance=: the map's AidData layer off (the default) or on
JOURNEY_DEFAULTS = {"from": "Kunming", "to": "Singapore"}  # the Journeys page's ends (URL keys from, to)
JOURNEY_MAX_CHARS = 80  # what is read from the link and written back to it is capped alike


def widget_key(filter_key: str) -> str:
    return f"f_{filter_key}"


def default_basemap() -> str:
    """The outline when ATLAS_OFFLINE=1 (no internet), else light tiles."""
    return "outline" if os.environ.get("ATLAS_OFFLINE") == "1" else "carto"


def lang() -> str:
    """The interface language of this session (a code of i18n.LANGS)."""
    return st.session_state.get("lang", "en")


def _link_choice(key: str, allowed, default: str, notices: list[str], language: str) -> str:
    """One view option from the link (basemap, language): an unknown value is ignored with a notice."""
    value = str(st.query_params.get(key, "")).strip()
    if value and value not in allowed:
        notices.append(i18n.t(f"notice.{key}", language, value=md_literal(value)))
    return value if value in allowed else default


def read_url(cat: Catalog) -> None:
    """Read the link's filters, feature, basemap and language once per session."""
    if st.session_state.get("_url_read"):
        return
    notices: list[str] = []
    language = _link_choice("lang", i18n.LANGS, "en", notices, "en")
    sel, more = from_query_params(dict(st.query_params.to_dict()), catalog=cat, lang=language)
    notices += more
    for spec, (key, value) in zip(FILTERS, sel.items(), strict=True):
        st.session_state[widget_key(key)] = spec.widget_value(value)
    year = sel["year"]
    years = timeline.years(cat)
    st.session_state[widget_key("year")] = year if year in years else None
    if year is not None and year not in years:
        notices.append(
            i18n.t("notice.year.range", language, year=year, first=years[0], last=years[-1])
            if years
            else i18n.t("notice.year.none", language, year=year)
        )
    st.session_state["feature"] = sel.feature
    for key, default in JOURNEY_DEFAULTS.items():  # checked against the network on the Journeys page
        raw = " ".join(str(st.query_params.get(key, default)).split())
        if len(raw) > JOURNEY_MAX_CHARS:
            notices.append(i18n.t("journey.long", language, limit=JOURNEY_MAX_CHARS))
        st.session_state[f"j_{key}"] = raw[:JOURNEY_MAX_CHARS] or default
    st.session_state["basemap"] = _link_choice("basemap", BASEMAPS, default_basemap(), notices, language)
    st.session_state["finance"] = _link_choice("finance", FINANCE_VALUES, "0", notices, language) == "1"
    st.session_state["lang"] = language
    st.session_state["_notices"] = notices
    st.session_state["_url_read"] = True


def from_widgets() -> Selection:
    ss = st.session_state
    return Selection(feature=ss.get("feature"), **{f.key: ss.get(widget_key(f.key), f.empty) for f in FILTERS})


def selection() -> Selection:
    """The selection the sidebar last set (kept as plain state, so a page run
    on its own, as AppTest does, sees the filters of the previous run)."""
    return st.session_state.get("_selection") or from_widgets()


def remember_selection() -> Selection:
    st.session_state["_selection"] = from_widgets()
    return st.session_state["_selection"]


def share_params() -> dict[str, str]:
    """The link's parameters for the current view: filters, feature, basemap, language, journey ends."""
    wanted = to_query_params(selection())
    if st.session_state.get("basemap", default_basemap()) != default_basemap():
        wanted["basemap"] = st.session_state["basemap"]
    if st.session_state.get("finance"):
        wanted["finance"] = "1"
    if lang() != "en":
        wanted["lang"] = lang()
    for key, default in JOURNEY_DEFAULTS.items():
        value = " ".join(str(st.session_state.get(f"j_{key}", default)).split())[:JOURNEY_MAX_CHARS]
        if value != default:
            wanted[key] = value
    return wanted


def sync_url() -> None:
    """Write the current selection into the address bar (only if it changed)."""
    wanted = share_params()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def any_filter_set() -> bool:
    return any(st.session_state.get(widget_key(f.key)) not in (None, "", [], ()) for f in FILTERS)


def clear_filters() -> None:
    for f in FILTERS:
        st.session_state[widget_key(f.key)] = f.widget_value(f.empty)


def relabel_widgets() -> None:
    """After a language switch, hand each widget its own value again, so the browser
    redraws it with the new labels instead of losing its selection."""
    for key in [*(widget_key(f.key) for f in FILTERS), "basemap", "finance"]:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


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
