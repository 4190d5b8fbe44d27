"""Headline figures and progress tables from a (filtered) Catalog.

Every figure keeps its as-of date and the sources behind it. Lengths come from
a cited fact when there is one; otherwise from the drawn line measured on the
WGS84 ellipsoid, and then they are marked approximate.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from atlas import i18n, vocab
from atlas.data import Catalog
from atlas.finance import project_ids
from atlas.schema import parse_partial_date

GEOD = Geod(ellps="WGS84")
STATUS_GROUPS = {g.code: vocab.members(g.code) for g in vocab.STATUS_GROUP_TABLE}  # atlas/vocab.py


@dataclasses.dataclass(frozen=True)
class Figure:
    key: str  # the interface shows i18n "head.<key>" as its label
    value: float
    unit: str
    as_of: str | None
    detail: str
    source_ids: tuple[str, ...] = ()
    approximate: bool = False
    # a figure of one line (passengers, freight): which line, what it covers, how many other lines have one
    feature_id: str | None = None
    covers: str = ""
    more: int = 0
    reported: bool = True  # False: no such figure was reported by the end of the year chosen


@dataclasses.dataclass(frozen=True)
class CommittedFinance:
    """AidData's commitments to the projects some features name (`aiddata_ids`): never a sourced figure."""

    usd_2021: float  # constant 2021 USD, each project counted once
    projects: int  # projects counted (with an amount)
    unknown: int  # projects linked but with no amount in AidData's record
    features: int  # features that name at least one of the projects
    lenders: tuple[str, ...] = ()  # AidData's lenders of those projects, largest sum first


def committed_finance(catalog: Catalog, *, countries: tuple[str, ...] = (), year: int | None = None) -> CommittedFinance:
    """The AidData commitments of the catalog's features' `aiddata_ids`, each project once (two lines may name
    the same loan); under a country filter only projects to those recipients, with the year slider only those
    committed by the end of that year."""
    fin = catalog.finance
    per_feature = [set(project_ids(f_ids)) for f_ids in catalog.features.get("aiddata_ids", ())]
    projects = fin[fin.index.isin(set().union(*per_feature))]
    if countries:
        projects = projects[projects["recipient"].isin(countries)]
    if year is not None:
        projects = projects[projects["commitment_year"] <= year]
    kept = set(projects.index)
    features = sum(bool(kept & ids) for ids in per_feature)
    known = projects[projects["amount_usd_2021"].notna()]
    by_lender = known.explode("financiers").groupby("financiers")["amount_usd_2021"].sum().sort_values(ascending=False)
    return CommittedFinance(
        usd_2021=float(known["amount_usd_2021"].sum()),
        projects=len(known),
        unknown=len(projects) - len(known),
        features=features,
        lenders=tuple(by_lender.index),
    )


def geodesic_km(geom: BaseGeometry) -> float:
    return abs(GEOD.geometry_length(geom)) / 1000.0


def _latest(facts: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The newest figure of `metric` per feature (by as-of date)."""
    rows = facts[facts["metric"] == metric].copy()
    if rows.empty:
        return rows
    rows["_d"] = rows["as_of"].map(parse_partial_date)
    return rows.sort_values("_d").groupby("feature_id", as_index=False).tail(1).drop(columns="_d")


def rail_lengths(catalog: Catalog) -> pd.DataFrame:
    """One row per rail corridor section: km, whether measured, its source."""
    rail = catalog.features[catalog.features["kind"] == "rail_corridor"]
    cited = _latest(catalog.facts, "length").set_index("feature_id") if not catalog.facts.empty else pd.DataFrame()
    rows = []
    for _, f in rail.iterrows():
        if f["id"] in cited.index and cited.loc[f["id"], "unit"] == "km":
            km, src, approx, as_of = (
                float(cited.loc[f["id"], "value"]),
                cited.loc[f["id"], "source_id"],
                False,
                cited.loc[f["id"], "as_of"],
            )
        else:
            km, src, approx, as_of = geodesic_km(f["geometry"]), None, True, None
        rows.append(
            {
                "id": f["id"],
                "name": f["name"],
                "status": f["status"],
                "status_as_of": f["status_as_of"],
                "role": f["role"],
                "km": km,
                "approximate": approx,
                "source_id": src,
                "length_as_of": as_of,
            }
        )
    columns = ["id", "name", "status", "status_as_of", "role", "km", "approximate", "source_id", "length_as_of"]
    return pd.DataFrame(rows, columns=columns)


def project_lengths(catalog: Catalog) -> pd.DataFrame:
    """rail_lengths of the China–ASEAN projects only: the existing national lines they connect
    to (role "context") are drawn and used by journeys, never counted as project km."""
    lengths = rail_lengths(catalog)
    return lengths[lengths["role"] != "context"]


def context_note(catalog: Catalog, lang: str = "en") -> str:
    """'Not counted: …' naming the context lines of the selection ('' when there are none)."""
    f = catalog.features
    ids = f.loc[f["role"] == "context", "id"] if "role" in f else []
    names = [catalog.name_of(fid, lang) for fid in ids]
    return i18n.t("head.context", lang, names=i18n.join(names, lang)) if names else ""


def _max_date(values) -> str | None:
    vals = [v for v in values if isinstance(v, str)]
    return max(vals, key=parse_partial_date) if vals else None


def headline(catalog: Catalog, *, countries: tuple[str, ...] = (), year: int | None = None, lang: str = "en") -> list[Figure]:
    """The headline figures of the (filtered) catalog, each with one meaning.

    Rail km: the China–ASEAN projects only (context lines left out, the detail says which);
    under a country filter only the part of each cross-border line inside those countries,
    split as on the Progress page. Passengers and freight: never a sum of lines: the tile is
    the newest figure of the line with the largest one, with its period and date, and the
    detail lists every line's own newest figure (`more` counts the others). The catalog's
    facts are those dated by the year chosen (filters.apply), so the tiles follow the year; at a
    year with rail lines in the selection but no such figure yet, the tile says none was reported."""
    figures: list[Figure] = []
    lengths = project_lengths(catalog)
    excluded = context_note(catalog, lang)
    if countries:
        lengths = lengths.assign(
            km=[km * _share_in(catalog, fid, countries) for fid, km in zip(lengths["id"], lengths["km"], strict=True)]
        )
    for group, statuses in STATUS_GROUPS.items():
        part = lengths[lengths["status"].isin(statuses)]
        if group in ("suspended", "cancelled") and part.empty:
            continue
        measured = part[part["approximate"]]
        detail = "; ".join(
            i18n.t(
                "head.line_km",
                lang,
                name=catalog.name_of(r.id, lang),
                km=i18n.number(r.km, lang),
                measured=i18n.t("head.measured", lang) if r.approximate else "",
            )
            for r in part.itertuples()
        )
        figures.append(
            Figure(
                key=f"km_{group}",
                value=round(float(part["km"].sum()), 1),
                unit="km",
                as_of=_max_date(part["status_as_of"]),
                detail=(detail or i18n.t("head.none", lang)) + (". " + excluded if excluded else ""),
                source_ids=tuple(sorted({s for s in part["source_id"] if isinstance(s, str)})),
                approximate=not measured.empty,
            )
        )
    for metric, unit in (("passengers", "passengers"), ("freight", "tonnes")):
        latest = _latest(catalog.facts, metric)
        if latest.empty:
            if year is not None and not lengths.empty:
                figures.append(
                    Figure(
                        key=metric,
                        value=0.0,
                        unit=unit,
                        as_of=None,
                        detail=i18n.t("head.unreported", lang, year=year),
                        reported=False,
                    )
                )
            continue
        latest = latest.sort_values("value", ascending=False, kind="stable")
        lines = [
            i18n.t(
                "head.figure",
                lang,
                name=catalog.name_of(r.feature_id, lang),
                qualifier=qualifier(r.qualifier, lang),
                value=i18n.number(r.value, lang),
                unit=i18n.unit(r.unit, lang),
                period=period(r.period_start, r.as_of, lang),
            )
            for r in latest.itertuples()
        ]
        lead = latest.iloc[0]
        figures.append(
            Figure(
                key=metric,
                value=float(lead["value"]),
                unit=unit,
                as_of=lead["as_of"],
                detail=i18n.t("head.per_line", lang) + " " + "; ".join(lines),
                source_ids=tuple(sorted(set(latest["source_id"]))),
                feature_id=lead["feature_id"],
                covers=period(lead["period_start"], lead["as_of"], lang),
                more=len(latest) - 1,
            )
        )
    return figures


def qualifier(q, lang: str = "en") -> str:
    """'more than ' before a figure, in the interface language ('' when there is none)."""
    return f"{i18n.label('qualifier', q, lang)} " if isinstance(q, str) and q else ""


def period(start, end, lang: str = "en") -> str:
    """What a figure covers: '2024-01 to 2024-10' or 'as of 2024-10'."""
    if isinstance(start, str) and start:
        return i18n.t("period.range", lang, start=start, end=end)
    return i18n.t("period.asof", lang, end=end)


def conflicts(facts: pd.DataFrame, sources: dict, lang: str = "en") -> dict[int, str]:
    """Figures that disagree with another source's figure for the same feature,
    metric and period (same start, as-of in the same month): row index -> note.
    Both are kept and shown; nothing is averaged or picked."""
    # only figures with the same feature, metric, unit, start and as-of month can
    # disagree: group them first, then compare within each group
    groups: dict[tuple, list] = {}
    for r in facts.itertuples():
        start = r.period_start if isinstance(r.period_start, str) else None
        groups.setdefault((r.feature_id, r.metric, r.unit, start, str(r.as_of)[:7]), []).append(r)
    notes: dict[int, list[str]] = {}
    for rows in groups.values():
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if a.source_id == b.source_id or agree(float(a.value), float(b.value)):
                    continue
                for x, y in ((a, b), (b, a)):
                    other = sources.get(y.source_id)
                    who = f"{other.outlet}, {other.published}" if other else y.source_id
                    notes.setdefault(x.Index, []).append(
                        i18n.t("conflict.differs", lang, who=who, value=f"{y.value:g}", unit=i18n.unit(y.unit, lang))
                    )
    return {k: "; ".join(v) for k, v in notes.items()}


def stated_precision(value: float) -> float:
    """The unit of the last digit a figure is stated to: 142.3 -> 0.1, 142 -> 1, 16,000,000 -> 1,000,000
    (trailing zeros of a whole number are read as rounding, as in "16 million")."""
    text = f"{abs(value):.10g}"
    if "e" in text:
        text = f"{abs(value):.10f}".rstrip("0").rstrip(".")
    if "." in text:
        return 10.0 ** -len(text.split(".")[1])
    digits = text.lstrip("0") or "0"
    return 10.0 ** (len(digits) - len(digits.rstrip("0"))) if digits != "0" else 1.0


def agree(a: float, b: float) -> bool:
    """Two figures agree when they are the same to the precision the less precise one is
    stated in: 142 and 142.3 agree (142.3 is 142 to the unit), 142 and 143.6 do not."""
    step = max(stated_precision(a), stated_precision(b))
    return abs(a - b) <= step / 2 + 1e-9 * max(abs(a), abs(b), 1.0)


def _basis(start, end) -> str:
    """'a_period' for a figure within one year (e.g. Jan–Oct 2024), else 'to_date' (catalogue basis.*)."""
    if not (isinstance(start, str) and start):
        return "to_date"
    days = (parse_partial_date(end) - parse_partial_date(start)).days
    return "a_period" if days < 366 and start[:4] == end[:4] else "to_date"


def facts_table(catalog: Catalog, lang: str = "en") -> pd.DataFrame:
    """Every figure with its feature, source and quote, newest first."""
    rows = []
    excerpts = {e.id: e.text for s in catalog.sources.values() for e in s.excerpts}
    disagree = conflicts(catalog.facts, catalog.sources, lang)
    for f in catalog.facts.itertuples():
        src = catalog.sources.get(f.source_id)
        rows.append(
            {
                "feature_id": f.feature_id,
                "feature": catalog.name_of(f.feature_id, lang, marked=True),
                "metric": f.metric,
                "value": f.value,
                "unit": i18n.unit(f.unit, lang),
                "qualifier": qualifier(f.qualifier, lang).strip(),
                "period": period(f.period_start, f.as_of, lang),
                "basis": i18n.basis(_basis(f.period_start, f.as_of), lang),
                "as_of": f.as_of,
                "source_id": f.source_id,
                "source": f"{src.outlet}, {src.published}" if src else f.source_id,
                "url": src.url if src else "",
                "quote": excerpts.get(f.excerpt_id or "", ""),
                "conflict": disagree.get(f.Index, ""),
            }
        )
    df = pd.DataFrame(
        rows,
        columns=[
            "feature_id",
            "feature",
            "metric",
            "value",
            "unit",
            "qualifier",
            "period",
            "basis",
            "as_of",
            "source_id",
            "source",
            "url",
            "quote",
            "conflict",
        ],
    )
    if df.empty:
        return df
    df["_d"] = df["as_of"].map(parse_partial_date)
    return df.sort_values(["_d", "feature"], ascending=[False, True]).drop(columns="_d").reset_index(drop=True)


def km_by_status_country(catalog: Catalog, lang: str = "en") -> pd.DataFrame:
    """Rail km of the China–ASEAN projects per country and status group (context lines left
    out); a cross-border line is split by the share of its drawn line inside each country's outline."""
    lengths = project_lengths(catalog).set_index("id")
    countries = catalog.countries
    rows = []
    group_of = {s: g for g, ss in STATUS_GROUPS.items() for s in ss}
    for _, f in catalog.features[catalog.features["id"].isin(lengths.index)].iterrows():
        total = float(lengths.loc[f["id"], "km"])
        shares = _country_shares(f["geometry"], tuple(f["countries"]), countries)
        for code, share in shares.items():
            rows.append(
                {
                    "country": i18n.countries(lang).get(code, code),
                    "status": i18n.status_group(group_of[f["status"]], lang),
                    "km": total * share,
                    "feature": i18n.feature_name(f, lang, marked=True),
                }
            )
    return pd.DataFrame(rows, columns=["country", "status", "km", "feature"])


def _share_in(catalog: Catalog, feature_id: str, countries: tuple[str, ...]) -> float:
    """The part of a rail line inside the given countries (1.0 for a line wholly inside them)."""
    f = catalog.features.loc[feature_id]
    shares = _country_shares(f["geometry"], tuple(f["countries"]), catalog.countries)
    return sum(v for c, v in shares.items() if c in countries)


def _country_shares(geom: BaseGeometry, codes: tuple[str, ...], countries) -> dict[str, float]:
    if len(codes) == 1 or countries.empty:
        return {c: 1.0 / len(codes) for c in codes}
    parts = {}
    for code in codes:
        poly = countries[countries["iso_a3"] == code]
        parts[code] = geodesic_km(geom.intersection(poly.union_all())) if not poly.empty else 0.0
    total = sum(parts.values())
    return {c: (v / total if total else 1.0 / len(codes)) for c, v in parts.items()}


def milestones_table(catalog: Catalog, lang: str = "en") -> pd.DataFrame:
    m = catalog.milestones.copy()
    if m.empty:
        return m.assign(feature="", end=pd.Series(dtype="datetime64[ns]"))
    m["feature"] = m["feature_id"].map(lambda fid: catalog.name_of(fid, lang, marked=True))
    m["event_code"] = m["event"]  # the chart's colours and shapes follow the code, the same in every language
    m["event"] = m["event"].map(lambda e: i18n.label("event", e, lang))
    m["when"] = pd.to_datetime(m["date"].map(parse_partial_date))
    return m.sort_values("when").reset_index(drop=True)


def figures_display(facts: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """facts_table as the Progress page shows and downloads it: labels and headers in the
    interface language, the source's address in a `link` column."""
    out = facts.drop(columns=["feature_id", "source_id"]).assign(metric=facts["metric"].map(lambda m: i18n.metric(m, lang)))
    return out.rename(columns=lambda c: i18n.t(f"col.{'link' if c == 'url' else c}", lang))


def agreements_table(catalog: Catalog, full: Catalog, lang: str = "en") -> pd.DataFrame:
    """The (filtered) agreements with their quote and source, headers in the interface language
    (`full`: the whole catalog, for quotes and sources)."""
    quotes = {e.id: e.text for s in full.sources.values() for e in s.excerpts}
    names = i18n.countries(lang) | {"ASEAN": i18n.t("party.ASEAN", lang)}  # "中国和东盟", never "中国和ASEAN"
    rows = []
    for a in catalog.agreements.itertuples():
        src = full.sources.get(a.source_id)
        rows.append(
            {
                "name": full.name_of(a.id, lang, marked=True),
                "type": i18n.label("agreement.type", a.type, lang),
                "parties": i18n.join((names.get(p, p) for p in a.parties), lang),
                "date": a.date,
                "status": i18n.label("agreement.status", a.status, lang),
                "summary": a.summary,
                "excerpt": quotes.get(a.excerpt_id or "", ""),
                "source": f"{src.outlet}, {src.published}" if src else a.source_id,
                "link": src.url if src else "",
            }
        )
    columns = ["name", "type", "parties", "date", "status", "summary", "excerpt", "source", "link"]
    return pd.DataFrame(rows, columns=columns).rename(columns=lambda c: i18n.t(f"col.{c}", lang))
