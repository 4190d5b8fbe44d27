"""What the user takes away: the filtered features as a table, CSV, GeoJSON."""

from __future__ import annotations

import json

import pandas as pd

from atlas.data import Catalog
from atlas.schema import COUNTRIES, KINDS, STATUSES
from atlas.stats import rail_lengths

COLUMNS = [
    "id",
    "name",
    "name_zh",
    "kind",
    "countries",
    "status",
    "status_as_of",
    "km",
    "km_source",
    "geometry_precision",
    "corridor",
    "related",
    "summary",
]


def features_table(catalog: Catalog) -> pd.DataFrame:
    """One row per feature in the (filtered) catalog, plain values only."""
    f = catalog.features
    lengths = rail_lengths(catalog).set_index("id")
    rows = []
    for _, r in f.iterrows():
        km = lengths.loc[r["id"]] if r["id"] in lengths.index else None
        rows.append(
            {
                "id": r["id"],
                "name": r["name"],
                "name_zh": r["name_zh"] if isinstance(r["name_zh"], str) else "",
                "kind": r["kind"],
                "countries": ";".join(r["countries"]),
                "status": r["status"],
                "status_as_of": r["status_as_of"],
                "km": round(float(km["km"]), 1) if km is not None else None,
                "km_source": ("measured on the drawn line" if km["approximate"] else km["source_id"]) if km is not None else "",
                "geometry_precision": r["geometry_precision"],
                "corridor": r["corridor"] if isinstance(r["corridor"], str) else "",
                "related": ";".join(r["related"]),
                "summary": r["summary"],
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def display_table(catalog: Catalog) -> pd.DataFrame:
    """features_table with readable labels, for the Projects page."""
    t = features_table(catalog)
    t["kind"] = t["kind"].map(KINDS)
    t["status"] = t["status"].map(STATUSES)
    t["countries"] = t["countries"].map(lambda s: ", ".join(COUNTRIES.get(c, c) for c in s.split(";") if c))
    return t


def to_csv(catalog: Catalog) -> bytes:
    return features_table(catalog).to_csv(index=False).encode("utf-8")


def to_geojson(catalog: Catalog) -> bytes:
    table = features_table(catalog).set_index("id", drop=False)
    feats = []
    for _, r in catalog.features.iterrows():
        props = {k: (None if pd.isna(v) else v) for k, v in table.loc[r["id"]].to_dict().items()}
        props["countries"] = list(r["countries"])
        props["related"] = list(r["related"])
        props["aliases"] = list(r["aliases"])
        feats.append({"type": "Feature", "id": r["id"], "properties": props, "geometry": r["geometry"].__geo_interface__})
    doc = {"type": "FeatureCollection", "features": feats}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
