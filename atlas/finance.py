"""The finance layer: AidData's record of Chinese development finance to ASEAN members (GCDF 3.0 / GeoGCDF).

data/finance/aiddata.geojson is built by scripts/build_aiddata.py from the filtered copy in
data/raw/aiddata/ (provenance in data/README.md). Its scope is AidData's: commitments 2000–2021 and
AidData's own status words, never the atlas's sourced statuses. Features name the projects that
finance them in `aiddata_ids`; the validator checks each id against this layer.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import pandas as pd
from pydantic import Field, ValidationError
from shapely.geometry import shape

from atlas.schema import COUNTRIES, Record

FINANCE_FILE = Path("finance") / "aiddata.geojson"
ATTRIBUTION = "AidData GCDF 3.0 (William & Mary, ODC-By 1.0); GeoGCDF locations © OpenStreetMap contributors (ODbL)"
PROJECT_URL = "https://china.aiddata.org/projects/"  # + the AidData id: the `url` every record holds


@dataclasses.dataclass(frozen=True)
class Sector:
    """One of AidData's sectors: our short code (the link's `sector=` value, the catalogue's
    finance.sector.<code>), AidData's own name as the data spells it, and its colour on the map."""

    code: str
    aiddata: str
    colour: str


# every sector of the ASEAN records, infrastructure first; the finance layer's circles, its legend and the
# sector filter all read this one table (a sector AidData adds is one row here and its words in the catalogues)
SECTOR_TABLE: tuple[Sector, ...] = (
    Sector("transport", "TRANSPORT AND STORAGE", "#1f77b4"),
    Sector("energy", "ENERGY", "#d62728"),
    Sector("industry", "INDUSTRY, MINING, CONSTRUCTION", "#8c564b"),
    Sector("communications", "COMMUNICATIONS", "#9467bd"),
    Sector("water", "WATER SUPPLY AND SANITATION", "#17becf"),
    Sector("agriculture", "AGRICULTURE, FORESTRY, FISHING", "#bcbd22"),
    Sector("business", "BUSINESS AND OTHER SERVICES", "#c49c94"),
    Sector("trade", "TRADE POLICIES AND REGULATIONS", "#f7b6d2"),
    Sector("health", "HEALTH", "#e377c2"),
    Sector("education", "EDUCATION", "#2ca02c"),
    Sector("government", "GOVERNMENT AND CIVIL SOCIETY", "#7f7f7f"),
    Sector("social", "OTHER SOCIAL INFRASTRUCTURE AND SERVICES", "#aec7e8"),
    Sector("population", "POPULATION POLICIES/PROGRAMMES AND REPRODUCTIVE HEALTH", "#ff9896"),
    Sector("environment", "GENERAL ENVIRONMENTAL PROTECTION", "#98df8a"),
    Sector("multisector", "OTHER MULTISECTOR", "#c5b0d5"),
    Sector("emergency", "EMERGENCY RESPONSE", "#ff7f0e"),
    Sector("reconstruction", "RECONSTRUCTION RELIEF AND REHABILITATION", "#ffbb78"),
    Sector("disaster", "DISASTER PREVENTION AND PREPAREDNESS", "#9edae5"),
    Sector("food", "DEVELOPMENTAL FOOD AID/FOOD SECURITY ASSISTANCE", "#dbdb8d"),
)
SECTORS = {s.code: s for s in SECTOR_TABLE}
SECTOR_OF = {s.aiddata: s.code for s in SECTOR_TABLE}  # AidData's name -> our code


class FinanceProject(Record):
    """One AidData project, as AidData records it (status, sector and flow class in AidData's words)."""

    aiddata_id: int = Field(gt=0)
    title: str = Field(min_length=1)
    recipient: Literal[tuple(COUNTRIES)]  # ISO alpha-3
    sector: Literal[tuple(SECTOR_OF)]  # AidData's name of one of SECTOR_TABLE's sectors
    flow_class: str | None = None  # ODA-like, OOF-like, … (only for projects in GCDF's filtered table)
    flow_type: str | None = None  # Loan, Grant, … (same)
    status: str  # AidData's: Completion, Implementation, Pipeline: Commitment
    commitment_year: int = Field(ge=2000, le=2021)
    implementation_start_year: int | None = None
    completion_year: int | None = None
    amount_usd_2021: float | None = Field(default=None, ge=0, allow_inf_nan=False)  # constant 2021 USD
    nominal_amount: float | None = Field(default=None, ge=0, allow_inf_nan=False)  # as the title states it
    nominal_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    financiers: list[str] = Field(default_factory=list)  # the title's lender(s) or donor(s)
    financier_type: str | None = None
    interest_rate: str | None = None  # as the description states it: '2%', '6-month LIBOR + 2.8%'
    maturity_years: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    grace_period_years: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    terms_text: str | None = None  # the description's sentences that state the terms, verbatim
    location_precision: str | None = None  # GeoGCDF's level of precision per location (PRECISE, ADM2, …)
    shape: Literal["point", "line", "area", "mixed"] | None = None  # what the readable geometry is
    url: str = Field(pattern=r"^https://china\.aiddata\.org/projects/\d+$")


COLUMNS = [*FinanceProject.model_fields, "geometry"]


def empty_finance() -> gpd.GeoDataFrame:
    """The layer with no project (a data folder without data/finance/)."""
    return gpd.GeoDataFrame(columns=COLUMNS, geometry="geometry", crs="EPSG:4326")


def read_finance(data_dir: str | os.PathLike) -> tuple[list[tuple[FinanceProject, Any]], list[tuple[str, str, str]]]:
    """The layer's valid records with their GeoJSON geometry, and its problems as (record, field, message).
    A missing file is no problem (the layer is optional); an unreadable one is."""
    path = Path(data_dir) / FINANCE_FILE
    if not path.exists():
        return [], []
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        return [], [("(file)", "(file)", f"expected a readable UTF-8 GeoJSON file, found an error: {err}")]
    if not isinstance(doc, dict) or not isinstance(doc.get("features"), list):
        return [], [("(file)", "features", "expected a FeatureCollection with a list of features, found none")]
    rows, problems, seen = [], [], set()
    for i, feat in enumerate(doc["features"]):
        props = feat.get("properties") if isinstance(feat, dict) else None
        name = f"project {props.get('aiddata_id')}" if isinstance(props, dict) else f"feature #{i + 1}"
        try:
            rec = FinanceProject.model_validate(props)
        except ValidationError as err:
            for e in err.errors():
                field = ".".join(str(x) for x in e["loc"]) or "(record)"
                problems.append((name, field, f"expected {e['msg'].lower()}, found {e.get('input')!r}"))
            continue
        if rec.aiddata_id in seen:
            problems.append((name, "aiddata_id", f"expected one record per project, found {rec.aiddata_id} again"))
            continue
        seen.add(rec.aiddata_id)
        rows.append((rec, feat.get("geometry")))
    return rows, problems


def load_finance(data_dir: str | os.PathLike) -> gpd.GeoDataFrame:
    """The finance layer as a GeoDataFrame indexed by AidData id (geometry None where GeoGCDF's copy has none).
    Treat it as read-only."""
    return finance_frame(read_finance(data_dir)[0])


def finance_frame(rows: list[tuple[FinanceProject, Any]]) -> gpd.GeoDataFrame:
    """read_finance's valid records as the layer's frame (load_catalog keeps it as Catalog.finance)."""
    if not rows:
        return empty_finance()
    records = []
    for rec, geom in rows:
        row = rec.model_dump()
        row["financiers"] = tuple(row["financiers"])
        row["geometry"] = shape(geom) if geom else None
        records.append(row)
    gdf = gpd.GeoDataFrame(records, columns=COLUMNS, geometry="geometry", crs="EPSG:4326")
    for col in ("commitment_year", "implementation_start_year", "completion_year"):
        gdf[col] = gdf[col].astype("Int64")  # a year, or <NA> where AidData gives none
    gdf.index = pd.Index(gdf["aiddata_id"], name=None)
    return gdf


def project_ids(aiddata_ids, among=None) -> list[int]:
    """A feature's `aiddata_ids` as project ids, in their order, each once ('85304' and 85304 are one
    project); with `among` (the layer's index, a set), only those it holds."""
    ids = dict.fromkeys(int(i) for i in aiddata_ids or () if str(i).isdigit())
    return [i for i in ids if among is None or i in among]


def sectors_of(aiddata_ids, finance: gpd.GeoDataFrame) -> tuple[str, ...]:
    """The sector codes of a feature's `aiddata_ids` (in the order they come), each once: the sector filter matches them."""
    return tuple(dict.fromkeys(SECTOR_OF[finance.at[i, "sector"]] for i in project_ids(aiddata_ids, finance.index)))


def lenders_of(aiddata_ids, finance: gpd.GeoDataFrame) -> tuple[str, ...]:
    """The lenders AidData names for a feature's `aiddata_ids` (in the order they come), each once."""
    return tuple(dict.fromkeys(n for i in project_ids(aiddata_ids, finance.index) for n in finance.at[i, "financiers"]))


def unknown_ids(aiddata_ids: list[int | str] | tuple, known: set[int]) -> list[int | str]:
    """The ids of a feature's `aiddata_ids` that name no project of the layer ('85304' and 85304 are the same id)."""
    return [i for i in aiddata_ids if not (str(i).isdigit() and int(i) in known)]
