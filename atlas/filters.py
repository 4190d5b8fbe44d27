"""Filters as a registry: one spec per filter, and everything else loops over them.

A `Filter` says its URL key, its widget, its options, how it masks the features
(and the agreements, when it applies to them), and how it phrases itself in
the page heading. `Selection` holds the values by key. The sidebar, reading
and writing the link, "Clear filters", relabelling after a language switch,
`describe()` and the downloads all loop over `FILTERS`: adding a filter is one
entry here, its words in the catalogues, and its tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from atlas import i18n
from atlas.data import Catalog
from atlas.schema import COUNTRIES, KINDS, STATUSES, parse_partial_date

YEAR_RANGE = (1990, 2100)
Mask = Callable[[pd.DataFrame, Any], pd.Series]


@dataclasses.dataclass(frozen=True)
class Filter:
    key: str  # URL key, Selection key, widget key "f_<key>"; label keys "sb.<key>" and "sb.<key>.ph"
    widget: str  # "multi" (values from options), "text" or "year"
    mask: Mask  # features frame, value -> bool Series
    phrase: Callable[[Any, str], str] | None = None  # value, lang -> words added to the page heading
    options: Callable[[Catalog], list[str]] | None = None  # the values a multi filter offers
    option_label: Callable[[str, str], str] | None = None  # value, lang -> label in the widget
    agreements: Mask | None = None  # how it masks the agreements (None: they are not filtered by it)
    column: str | None = None  # the features column it reads: the downloads carry it

    @property
    def empty(self) -> Any:
        return {"multi": (), "text": "", "year": None}[self.widget]


def _any_of(column: str) -> Mask:
    """A list column that shares at least one value with the selected ones."""
    return lambda frame, values: frame[column].map(lambda have: bool(set(values).intersection(have or ())))


def _in(column: str) -> Mask:
    return lambda frame, values: frame[column].isin(values)


def _matches(q: str, row) -> bool:
    needle = q.strip().casefold()
    hay = [row.get("name"), row.get("name_zh"), row.get("summary"), row.get("id"), *(row.get("aliases") or ())]
    return any(needle in str(h).casefold() for h in hay if isinstance(h, str))


def _search(frame: pd.DataFrame, q: str) -> pd.Series:
    if frame.empty:
        return pd.Series(False, index=frame.index)
    return frame.apply(lambda row: _matches(q, row), axis=1).astype(bool)


def _named_in(column: str) -> Callable[[Catalog], list[str]]:
    """The names a list column holds across the data (builders, financiers), sorted."""
    return lambda catalog: sorted({n for names in catalog.features[column] for n in (names or ())}, key=str.casefold)


def _listed(key: str) -> Callable[[Any, str], str]:
    return lambda values, lang: i18n.t(f"describe.{key}", lang, names=i18n.join(values, lang))


FILTERS: tuple[Filter, ...] = (
    Filter(
        "country",
        "multi",
        _any_of("countries"),
        options=lambda catalog: list(COUNTRIES),
        option_label=lambda c, lang: f"{i18n.countries(lang)[c]} ({c})",
        agreements=_any_of("parties"),
        column="countries",
    ),
    Filter(
        "kind",
        "multi",
        _in("kind"),
        options=lambda catalog: list(KINDS),
        option_label=lambda k, lang: i18n.kinds(lang)[k],
        column="kind",
    ),
    Filter(
        "status",
        "multi",
        _in("status"),
        phrase=lambda values, lang: i18n.t(
            "describe.status", lang, statuses=i18n.join([i18n.statuses(lang)[s].lower() for s in values], lang, style="or")
        ),
        options=lambda catalog: list(STATUSES),
        option_label=lambda s, lang: i18n.statuses(lang)[s],
        column="status",
    ),
    Filter("builder", "multi", _any_of("builders"), _listed("builder"), _named_in("builders"), column="builders"),
    Filter("financier", "multi", _any_of("financiers"), _listed("financier"), _named_in("financiers"), column="financiers"),
    Filter("q", "text", _search, phrase=lambda q, lang: i18n.t("describe.q", lang, q=q), agreements=_search),
    # the year is applied first, by atlas.timeline (statuses as they were then), not as a mask
    Filter(
        "year",
        "year",
        lambda frame, year: pd.Series(True, index=frame.index),
        lambda y, lang: i18n.t("describe.year", lang, year=y),
    ),
)
BY_KEY = {f.key: f for f in FILTERS}
VIEW_KEYS = (
    "feature",
    "basemap",
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
        norm = {}
        for f in FILTERS:
            v = values.get(f.key, f.empty)
            norm[f.key] = tuple(v) if f.widget == "multi" else (str(v or "").strip() if f.widget == "text" else v)
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
        shown = ", ".join(f"{k}={v!r}" for k, v in self.active())
        return (
            f"Selection({shown}{', ' if shown and self.feature else ''}{'feature=' + repr(self.feature) if self.feature else ''})"
        )


def apply(catalog: Catalog, sel: Selection) -> Catalog:
    """The catalog restricted to the selection (the input is not changed)."""
    if sel["year"] is not None:
        from atlas.timeline import as_of_year

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
    'Rail corridors in Laos and Thailand, operational or under construction'."""
    kinds, countries = sel["kind"], sel["country"]
    text = i18n.join([i18n.t(f"kinds.{k}", lang) for k in kinds], lang) if kinds else i18n.t("describe.all", lang)
    if kinds and lang != "zh":
        text = text[0].upper() + text[1:].lower()
    if countries:
        text += i18n.t("describe.in", lang) + i18n.join([i18n.countries(lang)[c] for c in countries], lang)
    for spec, value in sel.active():
        if spec.phrase is not None:
            text += spec.phrase(value, lang)
    return text


def to_query_params(sel: Selection) -> dict[str, str]:
    params = {"feature": sel.feature or ""}
    for spec, value in sel.active():
        params[spec.key] = ",".join(value) if spec.widget == "multi" else str(value)
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
        if spec.widget == "multi":
            vocab = set(spec.options(catalog))
            given = [v.strip() for v in raw.split(",") if v.strip()]
            values[spec.key] = tuple(dict.fromkeys(v for v in given if v in vocab))
            bad = [v for v in given if v not in vocab]
            if bad:
                what = i18n.t(f"sb.{spec.key}", lang).lower()
                notices.append(i18n.t("notice.value", lang, what=what, values=", ".join(md_literal(b) for b in bad)))
        elif spec.widget == "text":
            values[spec.key] = str(params.get(spec.key, ""))[:200]
        elif raw.isdigit() and YEAR_RANGE[0] <= int(raw) <= YEAR_RANGE[1]:
            values[spec.key] = int(raw)
        else:
            notices.append(i18n.t("notice.year", lang, value=md_literal(raw)))
    feature = str(params.get("feature", "")).strip() or None
    if feature is not None and feature not in set(catalog.features["id"]):
        notices.append(i18n.t("notice.feature", lang, value=md_literal(feature)))
        feature = None
    unknown_keys = sorted(set(params) - set(QUERY_KEYS))
    if unknown_keys:
        notices.append(i18n.t("notice.keys", lang, values=", ".join(md_literal(k) for k in unknown_keys)))
    return Selection(feature=feature, **values), notices
