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

from atlas import i18n
from atlas.data import Catalog
from atlas.schema import parse_partial_date

GEOD = Geod(ellps="WGS84")
STATUS_GROUPS = {
    "open": ("operational", "trial_operation"),
    "under construction": ("under_construction",),
    "planned": ("planned", "preliminary_work"),
    "suspended": ("suspended",),
    "cancelled": ("cancelled",),
}


@dataclasses.dataclass(frozen=True)
class Figure:
    key: str  # the interface shows i18n "head.<key>" as its label
    value: float
    unit: str
    as_of: str | None
    detail: str
    source_ids: tuple[str, ...] = ()
    approximate: bool = False


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
                "km": km,
                "approximate": approx,
                "source_id": src,
                "length_as_of": as_of,
            }
        )
    return pd.DataFrame(rows, columns=["id", "name", "status", "status_as_of", "km", "approximate", "source_id", "length_as_of"])


def _max_date(values) -> str | None:
    vals = [v for v in values if isinstance(v, str)]
    return max(vals, key=parse_partial_date) if vals else None


def headline(catalog: Catalog, *, countries: tuple[str, ...] = ()) -> list[Figure]:
    """The headline figures of the (filtered) catalog. Under a country filter, rail km
    count only the part of each cross-border line inside those countries, split as on
    the Progress page; passengers and freight stay whole-line figures."""
    figures: list[Figure] = []
    lengths = rail_lengths(catalog)
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
            f"{r.name}: {r.km:,.0f} km{' (measured on the map)' if r.approximate else ''}" for r in part.itertuples()
        )
        figures.append(
            Figure(
                key=f"km_{group.replace(' ', '_')}",
                value=round(float(part["km"].sum()), 1),
                unit="km",
                as_of=_max_date(part["status_as_of"]),
                detail=detail or "No rail sections in the selection.",
                source_ids=tuple(sorted({s for s in part["source_id"] if isinstance(s, str)})),
                approximate=not measured.empty,
            )
        )
    for metric, unit in (("passengers", "passengers"), ("freight", "tonnes")):
        latest = _latest(catalog.facts, metric)
        if latest.empty:
            continue
        detail = "; ".join(
            f"{catalog.name_of(r.feature_id)}: {_qual(r.qualifier)}{r.value:,.0f} {r.unit} ({_period(r.period_start, r.as_of)})"
            for r in latest.itertuples()
        )
        figures.append(
            Figure(
                key=metric,
                value=float(latest["value"].sum()),
                unit=unit,
                as_of=_max_date(latest["as_of"]),
                detail=detail,
                source_ids=tuple(sorted(set(latest["source_id"]))),
            )
        )
    return figures


def _qual(q) -> str:
    return f"{q} " if isinstance(q, str) and q else ""


def _period(start, end) -> str:
    return f"{start} to {end}" if isinstance(start, str) and start else f"as of {end}"


def conflicts(facts: pd.DataFrame, sources: dict) -> dict[int, str]:
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
                if a.source_id == b.source_id or float(a.value) == float(b.value):
                    continue
                for x, y in ((a, b), (b, a)):
                    other = sources.get(y.source_id)
                    who = f"{other.outlet}, {other.published}" if other else y.source_id
                    notes.setdefault(x.Index, []).append(f"differs from {who}: {y.value:g} {y.unit}")
    return {k: "; ".join(v) for k, v in notes.items()}


def _basis(start, end) -> str:
    """'a period' for a figure within one year (e.g. Jan–Oct 2024), else 'to date'."""
    if not (isinstance(start, str) and start):
        return "to date"
    days = (parse_partial_date(end) - parse_partial_date(start)).days
    return "a period" if days < 366 and start[:4] == end[:4] else "to date"


def facts_table(catalog: Catalog, lang: str = "en") -> pd.DataFrame:
    """Every figure with its feature, source and quote, newest first."""
    rows = []
    excerpts = {e.id: e.text for s in catalog.sources.values() for e in s.excerpts}
    disagree = conflicts(catalog.facts, catalog.sources)
    for f in catalog.facts.itertuples():
        src = catalog.sources.get(f.source_id)
        rows.append(
            {
                "feature_id": f.feature_id,
                "feature": catalog.name_of(f.feature_id, lang),
                "metric": f.metric,
                "value": f.value,
                "unit": f.unit,
                "qualifier": f.qualifier or "",
                "period": _period(f.period_start, f.as_of),
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
    """Rail km per country and status group; a cross-border line is split by
    the share of its drawn line inside each country's outline."""
    lengths = rail_lengths(catalog).set_index("id")
    countries = catalog.countries
    rows = []
    group_of = {s: g for g, ss in STATUS_GROUPS.items() for s in ss}
    for _, f in catalog.features[catalog.features["kind"] == "rail_corridor"].iterrows():
        total = float(lengths.loc[f["id"], "km"])
        shares = _country_shares(f["geometry"], tuple(f["countries"]), countries)
        for code, share in shares.items():
            rows.append(
                {
                    "country": i18n.countries(lang).get(code, code),
                    "status": i18n.status_group(group_of[f["status"]], lang),
                    "km": total * share,
                    "feature": i18n.feature_name(f, lang),
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
    m["feature"] = m["feature_id"].map(lambda fid: catalog.name_of(fid, lang))
    m["when"] = pd.to_datetime(m["date"].map(parse_partial_date))
    return m.sort_values("when").reset_index(drop=True)
