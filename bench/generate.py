"""Synthetic data folders in the real schema, for benchmarks.

generate(out, n) writes n features — 90% points (stations, border stations,
parks, ports) and 10% lines of `line_vertices` vertices (rail and economic
corridors drawn as smooth curves with small wiggles, like surveyed track) —
spread over the atlas region, with one source of excerpts (one per feature),
a passengers or percent-complete fact for every tenth feature, the real
country outline, empty milestones and agreements, and a finance layer of synthetic AidData-like
projects in proportion (one per `finance_per` features, `synthetic_finance`: every title says it is
synthetic, not an AidData record). The result passes `python -m atlas validate`. Deterministic for a given seed.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import shutil
from pathlib import Path

from atlas.data import DEFAULT_DATA_DIR
from atlas.files import write_atomic
from atlas.finance import FINANCE_FILE, SECTOR_TABLE
from atlas.schema import LINE_PRECISIONS, POINT_PRECISIONS, PRECISIONS, STATUSES

# land boxes (lon/lat) inside the region, with their country, so points fall on land
BOXES = [
    ("CHN", (99.0, 21.5, 106.0, 26.0)),
    ("LAO", (101.0, 17.5, 106.0, 21.5)),
    ("THA", (99.0, 13.0, 104.5, 18.0)),
    ("VNM", (104.0, 10.0, 108.5, 22.0)),
    ("KHM", (102.5, 10.8, 107.0, 14.0)),
    ("MMR", (94.0, 16.5, 98.5, 25.0)),
    ("MYS", (100.5, 2.0, 103.5, 6.5)),
    ("IDN", (105.0, -8.0, 114.0, -6.0)),
    ("SGP", (103.6, 1.25, 104.0, 1.45)),
    ("PHL", (120.5, 14.0, 122.0, 18.0)),
]
POINT_KINDS = ["station", "border_station", "industrial_park", "port"]
LINE_KINDS = ["rail_corridor", "economic_corridor"]
LAYER = {
    "station": "border_stations",
    "border_station": "border_stations",
    "industrial_park": "industrial_parks",
    "port": "ports",
    "rail_corridor": "rail_corridors",
    "economic_corridor": "corridors",
}


AIDDATA_STATUSES = ("Completion", "Implementation", "Pipeline: Commitment")  # AidData's words, as the real layer holds them
SYNTHETIC_FINANCE_ID = 900_000_000  # synthetic project ids start here, far above AidData's (six digits at most)


def synthetic_finance(n: int, rng: random.Random) -> list[dict]:
    """n valid finance-layer records (atlas.finance.FinanceProject) with geometries, in the real layer's mix where it
    matters to the map: most located at a point, every tenth an area (drawn at a point of it), every eighth with no
    location (listed, not drawn), every ninth with no amount (a hollow circle); amounts from $1M to $5B, spread evenly
    on a log scale; sectors, statuses, years 2000–2021 and seven synthetic lenders in turn. Titles as long as
    AidData's typical ones, and each says it is synthetic. The AidData URL the schema requires leads nowhere."""
    boxes = [b for b in BOXES if b[0] != "CHN"]  # AidData's recipients: the ASEAN members
    projects = []
    for j in range(n):
        code, (w, s, e, nn) = boxes[j % len(boxes)]
        pid = SYNTHETIC_FINANCE_ID + j
        lon, lat = round(rng.uniform(w, e), 6), round(rng.uniform(s, nn), 6)
        if j % 8 == 3:
            geometry = None
        elif j % 10 == 5:
            d = 0.05
            ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
            geometry = {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}
        else:
            geometry = {"type": "Point", "coordinates": [lon, lat]}
        amount = None if j % 9 == 4 else round(10 ** rng.uniform(6, math.log10(5e9)), 2)
        bank = f"Synthetic bank {j % 7}"
        props = {
            "aiddata_id": pid,
            "title": f"{bank} provides loan for synthetic benchmark project {j:05d} in {code} (not an AidData record)",
            "recipient": code,
            "sector": SECTOR_TABLE[j % len(SECTOR_TABLE)].aiddata,
            "status": AIDDATA_STATUSES[j % len(AIDDATA_STATUSES)],
            "commitment_year": 2000 + j % 22,
            "amount_usd_2021": amount,
            "financiers": [bank],
            "url": f"https://china.aiddata.org/projects/{pid}",
        }
        projects.append({"type": "Feature", "properties": props, "geometry": geometry})
    return projects


def generate(
    out: Path,
    n: int,
    *,
    seed: int = 0,
    line_share: float = 0.10,
    line_vertices: int = 200,
    finance_per: int | None = 10,
) -> Path:
    rng = random.Random(seed)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "geo").mkdir(parents=True)
    (out / "sources").mkdir()
    shutil.copy(DEFAULT_DATA_DIR / "geo" / "countries.geojson", out / "geo" / "countries.geojson")
    layers: dict[str, list] = {name: [] for name in set(LAYER.values())}
    excerpts, facts = [], []
    n_lines = int(n * line_share)
    statuses = list(STATUSES)
    # what a point may be: not a line's precision, not "outline" (that needs a published outline file)
    precisions = [p for p in PRECISIONS if p not in (*LINE_PRECISIONS, "surveyed", "outline")]
    for i in range(n):
        code, (w, s, e, nn) = rng.choice(BOXES)
        fid = f"syn_{i:05d}"
        is_line = i < n_lines
        kind = rng.choice(LINE_KINDS) if is_line else rng.choice(POINT_KINDS)
        if is_line:
            lon0, lat0 = rng.uniform(w, e), rng.uniform(s, nn)
            heading, length = rng.uniform(0, 6.283), rng.uniform(0.5, 3.0)
            coords = []
            for v in range(line_vertices):
                t = v / (line_vertices - 1)
                bend = 0.3 * math.sin(3.0 * t + heading)
                lon = lon0 + length * t * math.cos(heading + bend) + rng.uniform(-0.002, 0.002)
                lat = lat0 + length * t * math.sin(heading + bend) + rng.uniform(-0.002, 0.002)
                coords.append([round(min(max(lon, 88.5), 141.5), 6), round(min(max(lat, -11.5), 38.0), 6)])
            geometry = {"type": "LineString", "coordinates": coords}
        else:
            geometry = {"type": "Point", "coordinates": [round(rng.uniform(w, e), 6), round(rng.uniform(s, nn), 6)]}
        props = {
            "id": fid,
            "name": f"Synthetic {kind.replace('_', ' ')} {i:05d}",
            "name_zh": f"合成项目{i:05d}" if i % 3 == 0 else None,
            "aliases": [f"SYN{i:05d}"],
            "kind": kind,
            "countries": [code],
            "status": rng.choice(statuses),
            # before the one synthetic source (2024-11-18): a status is never newer than its sources
            "status_as_of": f"202{rng.randint(0, 3)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "geometry_precision": "through_stations" if is_line else rng.choice(precisions),
            "related": [f"syn_{(i + 1) % n:05d}"] if i % 7 == 0 and n > 1 else [],
            "summary": f"Synthetic benchmark feature number {i}.",
        }
        if props["geometry_precision"] in POINT_PRECISIONS:
            props["location_source"] = "Synthetic benchmark position"
        if i % 5 == 0:  # who builds and finances a fifth of them, among 40 names: the builder/financier filters at scale
            props["builders"] = [f"Synthetic builder {i % 40:02d}"]
            props["financiers"] = [f"Synthetic bank {i % 7}"]
        layers[LAYER[kind]].append({"type": "Feature", "properties": props, "geometry": geometry})
        excerpts.append(
            {
                "id": f"synthetic_source#{i:05d}",
                "text": f"The synthetic project SYN{i:05d} is mentioned here.",
                "feature_ids": [fid],
            }
        )
        if i % 10 == 0:
            metric, unit, value = (
                ("passengers", "passengers", rng.randint(1, 50) * 100_000)
                if is_line
                else ("percent_complete", "percent", rng.randint(1, 99))
            )
            facts.append([fid, metric, value, unit, "", "", "2024-11-18", "synthetic_source", f"synthetic_source#{i:05d}"])
    for name, feats in layers.items():
        write_atomic(
            out / "geo" / f"{name}.geojson", json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False)
        )
    source = {
        "id": "synthetic_source",
        "title": "Synthetic benchmark source",
        "author": None,
        "outlet": "Atlas benchmark",
        "published": "2024-11-18",
        "url": "https://example.org/synthetic",
        "language": "en",
        "reviewed": True,
        "excerpts": excerpts,
    }
    write_atomic(out / "sources" / "synthetic_source.json", json.dumps(source, ensure_ascii=False))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["feature_id", "metric", "value", "unit", "qualifier", "period_start", "as_of", "source_id", "excerpt_id"])
    w.writerows(facts)
    write_atomic(out / "facts.csv", buf.getvalue())
    write_atomic(out / "milestones.csv", "feature_id,date,event,description,source_id,excerpt_id\n")
    write_atomic(
        out / "agreements.csv", "id,name,name_zh,aliases,type,parties,date,status,summary,source_id,excerpt_id,related\n"
    )
    n_finance = n // finance_per if finance_per else 0
    if n_finance:
        (out / FINANCE_FILE).parent.mkdir(parents=True, exist_ok=True)
        doc = {"type": "FeatureCollection", "features": synthetic_finance(n_finance, rng)}
        write_atomic(out / FINANCE_FILE, json.dumps(doc, ensure_ascii=False))
    write_atomic(
        out / "README.md",
        f"Synthetic benchmark data: {n} features and {n_finance} synthetic finance projects (not AidData records), "
        f"seed {seed}. Not real data.\n",
    )
    return out
