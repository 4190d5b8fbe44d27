"""Filters are data: a frozen Selection, one apply(), one describe().

The same Selection drives the map, the headline figures, the tables and the
charts, and round-trips through the URL's query parameters.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence

from atlas.data import Catalog
from atlas.schema import COUNTRIES, KINDS, STATUSES

QUERY_KEYS = ("country", "kind", "status", "q", "year", "feature", "basemap", "lang")
YEAR_RANGE = (1990, 2100)


@dataclasses.dataclass(frozen=True)
class Selection:
    countries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    q: str = ""
    feature: str | None = None
    year: int | None = None  # the network at the end of this year (None: as last reported)

    def is_empty(self) -> bool:
        return not (self.countries or self.kinds or self.statuses or self.q.strip() or self.year)


def apply(catalog: Catalog, sel: Selection) -> Catalog:
    """The catalog restricted to the selection (the input is not changed)."""
    if sel.year is not None:
        from atlas.timeline import as_of_year

        catalog = as_of_year(catalog, sel.year)
    f = catalog.features
    mask = f["id"].notna()
    if sel.countries:
        wanted = set(sel.countries)
        mask &= f["countries"].map(lambda cs: bool(wanted.intersection(cs)))
    if sel.kinds:
        mask &= f["kind"].isin(sel.kinds)
    if sel.statuses:
        mask &= f["status"].isin(sel.statuses)
    if sel.q.strip():
        mask &= f.apply(lambda row: _matches(sel.q, row), axis=1).astype(bool)
    features = f[mask]

    a = catalog.agreements
    amask = a["id"].notna()
    if sel.countries:
        wanted = set(sel.countries)
        amask &= a["parties"].map(lambda ps: bool(wanted.intersection(ps)))
    if sel.q.strip():
        amask &= a.apply(lambda row: _matches(sel.q, row), axis=1).astype(bool)
    agreements = a[amask]

    ids = set(features["id"]) | set(agreements["id"])
    return dataclasses.replace(
        catalog,
        features=features,
        agreements=agreements,
        excerpts=catalog.excerpts[catalog.excerpts["feature_id"].isin(ids)],
        facts=catalog.facts[catalog.facts["feature_id"].isin(ids)],
        milestones=catalog.milestones[catalog.milestones["feature_id"].isin(ids)],
    )


def _matches(q: str, row) -> bool:
    needle = q.strip().casefold()
    hay = [row.get("name"), row.get("name_zh"), row.get("summary"), row.get("id"), *(row.get("aliases") or ())]
    return any(needle in str(h).casefold() for h in hay if isinstance(h, str))


def _join(words: Sequence[str], conj: str = "and") -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conj} {words[-1]}"


def describe(sel: Selection, lang: str = "en") -> str:
    """The sentence shown above the map, e.g.
    'Rail corridors in Laos and Thailand, operational or under construction'."""
    from atlas import i18n

    zh = lang == "zh"
    if sel.kinds:
        labels = [i18n.kinds(lang)[k] for k in sel.kinds]
        head = i18n.join(labels, lang) if zh else _join([_plural(x) for x in labels])
        head = head if zh else head[0].upper() + head[1:].lower()
    else:
        head = i18n.t("describe.all", lang)
    parts = [head]
    if sel.countries:
        names = [i18n.countries(lang).get(c, c) for c in sel.countries]
        parts[0] += i18n.t("describe.in", lang) + (i18n.join(names, lang) if zh else _join(names))
    if sel.statuses:
        labels = [i18n.statuses(lang)[s] for s in sel.statuses]
        parts.append("或".join(labels) if zh else _join([x.lower() for x in labels], "or"))
    text = ("，" if zh else ", ").join(parts)
    if sel.q.strip():
        text += i18n.t("describe.q", lang, q=sel.q.strip())
    if sel.year is not None:
        text += i18n.t("describe.year", lang, year=sel.year)
    return text


def _plural(label: str) -> str:
    return label + ("es" if label.endswith("s") else "s")


def to_query_params(sel: Selection) -> dict[str, str]:
    params = {
        "country": ",".join(sel.countries),
        "kind": ",".join(sel.kinds),
        "status": ",".join(sel.statuses),
        "q": sel.q.strip(),
        "year": str(sel.year) if sel.year is not None else "",
        "feature": sel.feature or "",
    }
    return {k: v for k, v in params.items() if v}


def md_literal(value: str) -> str:
    """A value from the URL as a markdown code span: shown verbatim, never a link, an image
    or markup (escaping alone is not enough: the renderer still turns a bare URL into a link).
    The fence is longer than any run of backticks inside the value."""
    text = " ".join(str(value).split())  # no line breaks inside a notice
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if text else "` `"


def from_query_params(params: Mapping[str, str], *, feature_ids: set[str]) -> tuple[Selection, list[str]]:
    """Parse URL values; unknown ones are dropped and reported in `notices` (markdown, with
    every value from the URL as a code span)."""
    notices: list[str] = []

    def pick(key: str, vocab) -> tuple[str, ...]:
        raw = [v.strip() for v in str(params.get(key, "")).split(",") if v.strip()]
        good = tuple(dict.fromkeys(v for v in raw if v in vocab))
        bad = [v for v in raw if v not in vocab]
        if bad:
            notices.append(f"Ignored unknown {key} value(s) in the link: {', '.join(md_literal(b) for b in bad)}.")
        return good

    feature = str(params.get("feature", "")).strip() or None
    if feature is not None and feature not in feature_ids:
        notices.append(f"Ignored unknown feature in the link: {md_literal(feature)}.")
        feature = None
    year = None
    raw_year = str(params.get("year", "")).strip()
    if raw_year:
        if raw_year.isdigit() and YEAR_RANGE[0] <= int(raw_year) <= YEAR_RANGE[1]:
            year = int(raw_year)
        else:
            notices.append(f"Ignored unknown year in the link: {md_literal(raw_year)}.")
    unknown_keys = sorted(set(params) - set(QUERY_KEYS))
    if unknown_keys:
        notices.append(f"Ignored unknown link parameter(s): {', '.join(md_literal(k) for k in unknown_keys)}.")
    sel = Selection(
        countries=pick("country", COUNTRIES),
        kinds=pick("kind", KINDS),
        statuses=pick("status", STATUSES),
        q=str(params.get("q", ""))[:200],
        feature=feature,
        year=year,
    )
    return sel, notices
