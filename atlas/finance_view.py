"""The Progress page's finance section: AidData's commitments as tables (pure functions, no Streamlit).

Its scope is AidData's, said on the page: every project of the finance layer in ASEAN members
(not only those the atlas's features name), commitments 2000–2021 in constant 2021 USD, AidData's own
sectors and statuses. It follows the sidebar's country filter (the recipient) and takes the year slider
as the commitment year; the other filters are about the atlas's features and do not apply.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from atlas import i18n
from atlas.data import Catalog
from atlas.finance import SECTOR_OF, project_ids

LARGEST = 20  # rows of the largest-projects table


def projects(catalog: Catalog, *, countries: tuple[str, ...] = (), year: int | None = None) -> pd.DataFrame:
    """The finance layer's projects to `countries` (all when empty) committed by the end of `year`, largest
    first, with `linked`: the ids of the catalog's features that name each one (`aiddata_ids`)."""
    fin = catalog.finance
    if countries:
        fin = fin[fin["recipient"].isin(countries)]
    if year is not None:
        fin = fin[fin["commitment_year"] <= year]
    linked: dict[int, list[str]] = {}
    for fid, ids in zip(catalog.features["id"], catalog.features.get("aiddata_ids", ()), strict=False):
        for i in project_ids(ids):
            linked.setdefault(i, []).append(fid)
    out = pd.DataFrame(fin.drop(columns="geometry")).reset_index(drop=True)
    out["linked"] = [tuple(linked.get(int(i), ())) for i in out["aiddata_id"]]
    return out.sort_values(["amount_usd_2021", "aiddata_id"], ascending=[False, True], na_position="last")


@dataclasses.dataclass(frozen=True)
class Totals:
    usd_2021: float  # sum of the amounts AidData records
    projects: int  # projects with an amount
    unknown: int  # projects with none
    linked_usd_2021: float  # of the sum, projects some feature names
    linked_projects: int

    @property
    def linked_share(self) -> float:
        return self.linked_usd_2021 / self.usd_2021 if self.usd_2021 else 0.0


def totals(table: pd.DataFrame) -> Totals:
    """The sums of `projects(...)`, and the part linked to a feature on the map."""
    known = table[table["amount_usd_2021"].notna()]
    linked = known[known["linked"].map(bool).astype(bool)]  # (an empty object Series would pick columns)
    return Totals(
        usd_2021=float(known["amount_usd_2021"].sum()),
        projects=len(known),
        unknown=len(table) - len(known),
        linked_usd_2021=float(linked["amount_usd_2021"].sum()),
        linked_projects=len(linked),
    )


def sector(name: str, lang: str = "en") -> str:
    """AidData's sector in the interface language (catalogue finance.sector.<code>, the map layer's words):
    'TRANSPORT AND STORAGE' -> 'Transport and storage' / '交通运输与仓储'."""
    return i18n.t(f"finance.sector.{SECTOR_OF[name]}", lang)


def by_country_sector_year(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Commitments summed per recipient country (its name in `lang`), sector and commitment year."""
    known = table[table["amount_usd_2021"].notna()]
    names = i18n.countries(lang)
    out = (
        known.assign(
            country=known["recipient"].map(lambda c: names.get(c, c)), sector=known["sector"].map(lambda n: sector(n, lang))
        )
        .groupby(["country", "sector", "commitment_year"], as_index=False)
        .agg(usd_2021=("amount_usd_2021", "sum"), projects=("aiddata_id", "count"))
    )
    return out.rename(columns={"commitment_year": "year"}).astype({"year": int})


def largest(table: pd.DataFrame, catalog: Catalog, lang: str = "en", *, n: int = LARGEST) -> pd.DataFrame:
    """The `n` largest projects as the page shows and downloads them: headers in `lang`, the AidData
    project page in the `link` column, linked features by their names."""
    top = table[table["amount_usd_2021"].notna()].head(n)
    names = i18n.countries(lang)
    out = pd.DataFrame(
        {
            "aiddata_id": top["aiddata_id"].astype(int),
            "title": top["title"],
            "recipient": top["recipient"].map(lambda c: names.get(c, c)),
            "sector": top["sector"].map(lambda n: sector(n, lang)),
            "lenders": top["financiers"].map(lambda f: i18n.join(list(f), lang)),
            "usd_2021": top["amount_usd_2021"].round().astype("int64"),
            "commitment_year": top["commitment_year"].astype(int),
            "aiddata_status": top["status"],
            "linked": top["linked"].map(lambda ids: i18n.join([catalog.name_of(i, lang, marked=True) for i in ids], lang)),
            "link": top["url"],
        }
    )
    return out.rename(columns=lambda c: i18n.t(f"col.{c}", lang))


def line_finance(catalog: Catalog, lang: str = "en") -> dict[str, str]:
    """Each feature with `aiddata_ids`, by id: its lenders and the sum AidData records ('China Eximbank: $4.54B'),
    for the Journeys page's legs."""
    fin, out = catalog.finance, {}
    for fid, ids in zip(catalog.features["id"], catalog.features.get("aiddata_ids", ()), strict=False):
        known = project_ids(ids, fin.index)
        if not known:
            continue
        rows = fin.loc[known]
        lenders = list(dict.fromkeys(n for names in rows["financiers"] for n in names))
        total = rows["amount_usd_2021"].sum(min_count=1)
        amount = i18n.money(total, "USD", lang) if pd.notna(total) else i18n.t("details.finance.noamount", lang)
        who = i18n.join(lenders, lang) if lenders else i18n.t("details.finance.nolender", lang)
        out[fid] = i18n.t("journey.finance", lang, lenders=who, amount=amount)
    return out
