"""Filters as a registry: one small object per filter, and everything else loops over them.

Three classes — `MultiFilter` (values from a vocabulary or the data), `TextFilter` and
`YearFilter` — each parse a link value, write one, describe themselves in the page heading
and name their Streamlit widget with its arguments; a filter adds its URL key, its mask over
the features (and the agreements, when it applies to them) and the column the downloads
carry. `Selection` holds the values by key. The sidebar, reading and writing the link,
"Clear filters", relabelling after a language switch, `describe()` and the downloads are
plain loops over `FILTERS`: adding a filter is one entry here and its words in the
catalogues (label `sb.<key>`, placeholder `sb.<key>.ph`, heading `describe.<key>`, download
column `col.<column>`); tests/unit/test_filters.py names any that is missing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from atlas import i18n, search
from atlas.data import Catalog
from atlas.finance import SECTOR_TABLE, SECTORS
from atlas.schema import COUNTRIES, KINDS, STATUSES, parse_partial_date
from atlas.timeline import YEAR_RANGE, as_of_year, years

# a year in a link is four ASCII digits: str.isdigit() takes "²⁰²⁴" (which int() refuses), and
# int() takes Arabic-Indic "٢٠٢٠" and full-width "２０２０" (which no link of ours holds)
ASCII_YEAR = re.compile(r"[0-9]{4}")
Mask = Callable[[pd.DataFrame, Any], pd.Series]


@dataclasses.dataclass(frozen=True)
class Filter:
    """One filter: its URL key (also the Selection key and, as "f_<key>", the widget key), how it
    masks the features (and the agreements, when it applies to them), the column the downloads
    carry for it, and, in the subclasses, how it parses a link value, writes one, describes
    itself in the page heading and which Streamlit widget shows it (`widget`, `widget_args`).
    Catalogue keys: its label `label_key` (default "sb.<key>"), its placeholder or help."""

    key: str
    mask: Mask
    phrase: Callable[[Any, str], str] | None = None  # value, lang -> words added to the page heading
    agreements: Mask | None = None  # how it masks the agreements (None: they are not filtered by it)
    finance: Mask | None = None  # how it masks AidData's projects, the map's finance layer (None: not filtered by it)
    column: str | None = None  # the features column it reads: the downloads carry it (catalogue col.<column>)
    label_key: str = ""

    empty: Any = None
    widget: str = ""  # the name of the Streamlit widget function that shows it

    @property
    def label(self) -> str:
        return self.label_key or f"sb.{self.key}"

    def normalise(self, value: Any) -> Any:
        """A value as the Selection holds it."""
        return value

    def parse(self, raw: str, *, catalog: Catalog, lang: str) -> tuple[Any, list[str]]:
        """A link value -> (the value kept, notices naming what was dropped, as code spans)."""
        raise NotImplementedError

    def serialise(self, value: Any) -> str:
        """The value as the link holds it; parse() reads it back to the same value."""
        return str(value)

    def subject(self, value: Any, lang: str) -> str | None:
        """What the heading is about ('Rail corridors'), for the one filter that names it."""
        return None

    def describe(self, value: Any, lang: str) -> str:
        """Words this filter adds to the page heading ('' for none)."""
        return self.phrase(value, lang) if self.phrase else ""

    def widget_value(self, value: Any) -> Any:
        """The value as its widget holds it in the session state."""
        return value

    def widget_args(self, catalog: Catalog, lang: str, current: Any) -> dict[str, Any]:
        """Keyword arguments of its widget (label, options, formatting) in the interface language."""
        raise NotImplementedError

    def catalogue_keys(self) -> list[str]:
        """The interface strings it needs in every catalogue (a test checks each language has them)."""
        return [
            self.label,
            *(f"{self.label}.{part}" for part in self.label_parts),
            *([f"col.{self.column}"] if self.column else []),
        ]

    label_parts: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class MultiFilter(Filter):
    """Any of several values from a vocabulary or from the data (a multiselect; comma-separated in the link)."""

    options: Callable[[Catalog], list[str]] = lambda catalog: []  # the values it offers
    option_label: Callable[[str, str], str] | None = None  # value, lang -> label in the widget
    subject_of: Callable[[tuple, str], str] | None = None  # values, lang -> the heading's subject
    empty: Any = ()
    widget: str = "multiselect"
    label_parts: tuple[str, ...] = ("ph",)

    def normalise(self, value: Any) -> tuple:
        return tuple(value or ())

    def parse(self, raw: str, *, catalog: Catalog, lang: str) -> tuple[tuple, list[str]]:
        vocab = set(self.options(catalog))
        given = [v.strip() for v in raw.split(",") if v.strip()]
        bad = [v for v in given if v not in vocab]
        what = i18n.t(self.label, lang).lower()
        notices = [i18n.t("notice.value", lang, what=what, values=", ".join(md_literal(b) for b in bad))] if bad else []
        return tuple(dict.fromkeys(v for v in given if v in vocab)), notices

    def serialise(self, value: tuple) -> str:
        return ",".join(value)

    def subject(self, value: tuple, lang: str) -> str | None:
        return self.subject_of(value, lang) if self.subject_of else None

    def widget_value(self, value: tuple) -> list:
        return list(value)

    def widget_args(self, catalog: Catalog, lang: str, current: Any) -> dict[str, Any]:
        # options the data no longer holds (a stale link) stay selectable: nothing chosen disappears silently
        options = self.options(catalog)
        options += [v for v in current or () if v not in options]
        labels = {v: self.option_label(v, lang) if self.option_label else v for v in options}
        return {
            "label": i18n.t(self.label, lang),
            "options": options,
            "format_func": labels.get,  # bound to this run's language
            "placeholder": i18n.t(f"{self.label}.ph", lang),
        }


@dataclasses.dataclass(frozen=True)
class TextFilter(Filter):
    """Free text (a search box that answers as the reader types, after a short pause), at most MAX
    characters from a link; atlas/search.py says what it matches."""

    MAX = 200
    LIVE = "400ms"  # the pause after a keystroke before the page answers (a rerun redraws the map)
    empty: Any = ""
    widget: str = "text_input"
    label_parts: tuple[str, ...] = ("ph", "help")

    def normalise(self, value: Any) -> str:
        return str(value or "").strip()

    def parse(self, raw: str, *, catalog: Catalog, lang: str) -> tuple[str, list[str]]:
        return raw[: self.MAX], []

    def widget_args(self, catalog: Catalog, lang: str, current: Any) -> dict[str, Any]:
        return {
            "label": i18n.t(self.label, lang),
            "placeholder": i18n.t(f"{self.label}.ph", lang),
            "help": i18n.t(f"{self.label}.help", lang),
            "type": "search",
            "live": self.LIVE,
        }


@dataclasses.dataclass(frozen=True)
class YearFilter(Filter):
    """The end of a year (a slider through the data's years to "latest reports"); applied
    first, by atlas.timeline (statuses as they were then), not as a mask."""

    empty: Any = None
    widget: str = "select_slider"
    label_parts: tuple[str, ...] = ("latest", "help")

    def parse(self, raw: str, *, catalog: Catalog, lang: str) -> tuple[int | None, list[str]]:
        if ASCII_YEAR.fullmatch(raw) and YEAR_RANGE[0] <= int(raw) <= YEAR_RANGE[1]:
            return int(raw), []
        return None, [i18n.t("notice.year", lang, value=md_literal(raw))]

    def widget_args(self, catalog: Catalog, lang: str, current: Any) -> dict[str, Any]:
        # time runs left to right: "latest reports" is the right end, after the last year (a link without
        # a year, or with one, reads the same as before)
        labels = {**{y: str(y) for y in years(catalog)}, None: i18n.t(f"{self.label}.latest", lang)}
        return {
            "label": i18n.t(self.label, lang),
            "options": list(labels),
            "format_func": labels.get,
            "help": i18n.t(f"{self.label}.help", lang),
        }


def _any_of(*columns: str) -> Mask:
    """List columns that, together, share at least one value with the selected ones (a column the frame
    lacks holds nothing)."""

    def mask(frame: pd.DataFrame, values) -> pd.Series:
        wanted = set(values)
        lists = [frame[c] if c in frame else pd.Series([()] * len(frame), index=frame.index) for c in columns]
        hits = [any(wanted.intersection(have or ()) for have in row) for row in zip(*lists, strict=True)]
        return pd.Series(hits, index=frame.index, dtype=bool)

    return mask


def _in(column: str) -> Mask:
    return lambda frame, values: frame[column].isin(values)


def _title_has(frame: pd.DataFrame, q: str) -> pd.Series:
    """AidData projects whose title holds the search text (their only name)."""
    needle = search.fold(q)
    return frame["title"].map(lambda t: needle in search.fold(str(t))).astype(bool)


def _sector_in(frame: pd.DataFrame, codes) -> pd.Series:
    return frame["sector"].isin([SECTORS[c].aiddata for c in codes if c in SECTORS])


def _committed_by(frame: pd.DataFrame, year: int) -> pd.Series:
    """The year slider on AidData's projects: those committed by the end of the year."""
    return frame["commitment_year"].le(year).fillna(False).astype(bool)


def _named_in(*columns: str) -> Callable[[Catalog], list[str]]:
    """The names list columns hold across the data (builders; financiers and AidData's lenders), sorted."""

    def options(catalog: Catalog) -> list[str]:
        lists = [catalog.features[c] for c in columns if c in catalog.features]
        return sorted({n for col in lists for names in col for n in (names or ())}, key=str.casefold)

    return options


def _listed(key: str) -> Callable[[Any, str], str]:
    return lambda values, lang: i18n.t(f"describe.{key}", lang, names=i18n.join(values, lang))


def _kinds_subject(kinds: tuple, lang: str) -> str:
    text = i18n.join([i18n.t(f"kinds.{k}", lang) for k in kinds], lang)
    return text if lang == "zh" else text[0].upper() + text[1:].lower()


FILTERS: tuple[Filter, ...] = (
    MultiFilter(
        "country",
        _any_of("countries"),
        phrase=lambda codes, lang: i18n.t("describe.in", lang) + i18n.join([i18n.countries(lang)[c] for c in codes], lang),
        agreements=_any_of("parties"),
        finance=_in("recipient"),
        column="countries",
        options=lambda catalog: list(COUNTRIES),
        option_label=lambda c, lang: f"{i18n.countries(lang)[c]} ({c})",
    ),
    MultiFilter(
        "kind",
        _in("kind"),
        column="kind",
        options=lambda catalog: list(KINDS),
        option_label=lambda k, lang: i18n.kinds(lang)[k],
        subject_of=_kinds_subject,
    ),
    MultiFilter(
        "status",
        _in("status"),
        phrase=lambda values, lang: i18n.t(
            "describe.status", lang, statuses=i18n.join([i18n.statuses(lang)[s].lower() for s in values], lang, style="or")
        ),
        column="status",
        options=lambda catalog: list(STATUSES),
        option_label=lambda s, lang: i18n.statuses(lang)[s],
    ),
    MultiFilter("builder", _any_of("builders"), _listed("builder"), column="builders", options=_named_in("builders")),
    MultiFilter(  # the financiers sources name, and the lenders AidData records for the feature's aiddata_ids
        "financier",
        _any_of("financiers", "aiddata_lenders"),
        _listed("financier"),
        finance=_any_of("financiers"),
        column="financiers",
        options=_named_in("financiers", "aiddata_lenders"),
    ),
    MultiFilter(  # AidData's sector: the projects of the finance layer, and the features they finance
        "sector",
        _any_of("aiddata_sectors"),
        lambda codes, lang: i18n.t(
            "describe.sector", lang, sectors=i18n.join([i18n.t(f"finance.sector.{c}", lang) for c in codes], lang, style="or")
        ),
        finance=_sector_in,
        options=lambda catalog: [s.code for s in SECTOR_TABLE],
        option_label=lambda c, lang: i18n.t(f"finance.sector.{c}", lang),
    ),
    TextFilter(
        "q",
        search.mask,
        phrase=lambda q, lang: i18n.t("describe.q", lang, q=q),
        agreements=search.mask,
        finance=_title_has,
        label_key="sb.search",
    ),
    YearFilter(
        "year",
        lambda frame, year: pd.Series(True, index=frame.index),
        lambda y, lang: i18n.t("describe.year", lang, year=y),
        finance=_committed_by,
    ),
)
BY_KEY = {f.key: f for f in FILTERS}
VIEW_KEYS = (
    "feature",
    "basemap",
    "finance",  # the map's finance layer on (1)
    "lang",
    "from",
    "to",
)  # from/to: the Journeys page  # the rest of a link: what is shown, not what is filtered
QUERY_KEYS = (*BY_KEY, *VIEW_KEYS)


class Selection:
    """The filter values by key (a multi filter holds a tuple, search a string, year an int
    or None) and the selected feature. Immutable and hashable: a cache key as it is."""

    __slots__ = ("_values", "feature")

    def __init__(self, feature: str | None = None, **values: Any):
        unknown = set(values) - set(BY_KEY)
        if unknown:
            raise TypeError(f"unknown filter(s): {sorted(unknown)}")
        norm = {f.key: f.normalise(values.get(f.key, f.empty)) for f in FILTERS}
        object.__setattr__(self, "_values", tuple(norm.items()))
        object.__setattr__(self, "feature", feature)

    def __setattr__(self, name, value):
        raise AttributeError("Selection is immutable: use replace()")

    def __getitem__(self, key: str) -> Any:
        return dict(self._values)[key]

    def items(self) -> list[tuple[str, Any]]:
        return list(self._values)

    def active(self) -> list[tuple[Filter, Any]]:
        """The filters that restrict something, with their values, in registry order."""
        return [(BY_KEY[k], v) for k, v in self._values if v not in ((), "", None)]

    def key(self) -> tuple:
        """What decides which features are shown (not the selected feature)."""
        return self._values

    def is_empty(self) -> bool:
        return not self.active()

    def replace(self, **changes: Any) -> Selection:
        values = dict(self._values)
        feature = changes.pop("feature", self.feature)
        return Selection(feature=feature, **(values | changes))

    def __eq__(self, other) -> bool:
        return isinstance(other, Selection) and (self._values, self.feature) == (other._values, other.feature)

    def __hash__(self) -> int:
        return hash((self._values, self.feature))

    def __repr__(self) -> str:
        shown = ", ".join(f"{spec.key}={v!r}" for spec, v in self.active())
        return (
            f"Selection({shown}{', ' if shown and self.feature else ''}{'feature=' + repr(self.feature) if self.feature else ''})"
        )


def apply(catalog: Catalog, sel: Selection) -> Catalog:
    """The catalog restricted to the selection (the input is not changed)."""
    if sel["year"] is not None:
        catalog = as_of_year(catalog, sel["year"])
    f, a = catalog.features, catalog.agreements
    mask = pd.Series(True, index=f.index)
    amask = pd.Series(True, index=a.index)
    for spec, value in sel.active():
        mask &= spec.mask(f, value)
        if spec.agreements is not None:
            amask &= spec.agreements(a, value)
    features, agreements = f[mask], a[amask]
    ids = set(features["id"]) | set(agreements["id"])
    facts = catalog.facts[catalog.facts["feature_id"].isin(ids)]
    milestones = catalog.milestones[catalog.milestones["feature_id"].isin(ids)]
    if sel["year"] is not None:
        facts, milestones = _dated_by(facts, milestones, sel["year"])
    return dataclasses.replace(
        catalog,
        features=features,
        agreements=agreements,
        excerpts=catalog.excerpts[catalog.excerpts["feature_id"].isin(ids)],
        facts=facts,
        milestones=milestones,
    )


def finance_shown(catalog: Catalog, sel: Selection):
    """AidData's projects the selection keeps, for the map's finance layer: each filter that applies to them
    (country as recipient, sector, financier as lender, search in the title, the year as commitment year)."""
    fin = catalog.finance
    mask = pd.Series(True, index=fin.index, dtype=bool)
    for spec, value in sel.active():
        if spec.finance is not None and len(fin):
            mask &= spec.finance(fin, value)
    return fin[mask]


# what a line is, not how far it has come: a cited length holds whatever the year
TIMELESS_METRICS = ("length",)


def _dated_by(facts: pd.DataFrame, milestones: pd.DataFrame, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The figures and milestones known at the end of `year`: the headline tiles and the
    Progress page then show the newest figure dated by then, never a later one."""
    end = dt.date(year, 12, 31)
    known = facts["as_of"].map(lambda d: parse_partial_date(d) <= end) if len(facts) else pd.Series(dtype=bool)
    facts = facts[known | facts["metric"].isin(TIMELESS_METRICS)] if len(facts) else facts
    if len(milestones):
        milestones = milestones[milestones["date"].map(lambda d: parse_partial_date(d) <= end)]
    return facts, milestones


def describe(sel: Selection, lang: str = "en") -> str:
    """The sentence shown above the map, e.g.
    'Rail corridors in Laos and Thailand, operational or under construction': the subject a
    filter names (else 'All projects'), then each active filter's words, in registry order."""
    active = sel.active()
    subjects = [s for spec, value in active if (s := spec.subject(value, lang))]
    return (subjects[0] if subjects else i18n.t("describe.all", lang)) + "".join(spec.describe(v, lang) for spec, v in active)


def to_query_params(sel: Selection) -> dict[str, str]:
    params = {"feature": sel.feature or ""}
    for spec, value in sel.active():
        params[spec.key] = spec.serialise(value)
    return {k: v for k, v in params.items() if v}


def md_literal(value: str) -> str:
    """A value from the URL as a markdown code span: shown verbatim, never a link, an image
    or markup (escaping alone is not enough: the renderer still turns a bare URL into a link).
    The fence is longer than any run of backticks inside the value."""
    text = " ".join(str(value).split())  # no line breaks inside a notice
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if text else "` `"


def from_query_params(params: Mapping[str, str], *, catalog: Catalog, lang: str = "en") -> tuple[Selection, list[str]]:
    """Parse URL values; unknown ones are dropped and reported in `notices` (markdown, in
    the interface language, with every value from the URL as a code span)."""
    notices: list[str] = []
    values: dict[str, Any] = {}
    for spec in FILTERS:
        raw = str(params.get(spec.key, "")).strip()
        if not raw:
            continue
        value, more = spec.parse(raw, catalog=catalog, lang=lang)
        notices += more
        if value not in (None, (), ""):
            values[spec.key] = value
    feature = str(params.get("feature", "")).strip() or None
    if feature is not None and feature not in set(catalog.features["id"]):
        notices.append(i18n.t("notice.feature", lang, value=md_literal(feature)))
        feature = None
    unknown_keys = sorted(set(params) - set(QUERY_KEYS))
    if unknown_keys:
        notices.append(i18n.t("notice.keys", lang, values=", ".join(md_literal(k) for k in unknown_keys)))
    return Selection(feature=feature, **values), notices
