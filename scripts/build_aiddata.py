"""Build the finance layer data/finance/aiddata.geojson from AidData's GCDF 3.0 and GeoGCDF (filtered copy in data/raw/aiddata/).

    python scripts/build_aiddata.py                   # data/raw/aiddata/ -> data/finance/aiddata.geojson
    python scripts/build_aiddata.py --out-dir DIR     # the same, written into DIR (or --out FILE)
    python scripts/build_aiddata.py --from-repo DIR   # first refresh data/raw/aiddata/ from a checkout of
                                                      # yc1171/china-development (data/*.csv, data-spatial/*.geojson)

One record per AidData project whose recipient is an ASEAN member. The fields come from GeoGCDF's
project table (`final_input.csv`: every project with a location); the flow class, flow type, lender
type and the description's loan terms from GCDF's filtered table (`df_filtered.csv`: projects of at
least $10 million classed ODA-like or OOF-like), where the project is in it. AidData's own words
(status, sector, flow class) are kept as AidData spells them.

Geometry (GeoGCDF, from OpenStreetMap): AidData buffered points and lines by about a metre and
dissolved them, so a road arrives as a thin polygon. Each polygon part is measured on a local
metric plane: a part whose mean width (2 × area / perimeter) is under THIN_M is a buffer — under
POINT_M of perimeter it becomes its centroid, else its centreline (the chordal axis of its
constrained Delaunay triangles); wider parts are real areas and stay areas. Everything is then
simplified to about SIMPLIFY_M and snapped to a GRID° grid, so that a rebuild is byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import sys
from collections import Counter
from pathlib import Path

import shapely
from shapely.geometry import GeometryCollection, LineString, MultiLineString, mapping, shape

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the atlas package beside it
from aiddata_text import lenders, nominal_amount, terms  # noqa: E402

from atlas.files import write_atomic  # noqa: E402 (every writer of data files writes atomically)

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw" / "aiddata"
OUT = REPO / "data" / "finance" / "aiddata.geojson"
ASEAN = ("BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "TLS", "VNM")
GCDF_NAMES = {  # GCDF's recipient names -> ISO alpha-3 (df_filtered.csv has no ISO column)
    "Brunei Darussalam": "BRN",
    "Cambodia": "KHM",
    "Indonesia": "IDN",
    "Lao People's Democratic Republic": "LAO",
    "Malaysia": "MYS",
    "Myanmar": "MMR",
    "Philippines": "PHL",
    "Singapore": "SGP",
    "Thailand": "THA",
    "Timor-Leste": "TLS",
    "Viet Nam": "VNM",
}
GCDF_FILE, GEO_FILE, GEOM_FILE = "gcdf_v3_asean.csv", "geogcdf_v3_asean.csv", "geogcdf_v3_asean_geometry.geojson"
GCDF_COLUMNS = (
    "AidData Record ID",
    "Recipient",
    "Title",
    "Description",
    "Flow Type Simplified",
    "Flow Class",
    "Funding Agencies Type",
    "Adjusted Amount (Constant USD 2021)",
)
GEO_COLUMNS = (
    "AidData.Record.ID",
    "Recipient.ISO-3",
    "Title",
    "Status",
    "Sector.Name",
    "Level.of.precision",
    "Amount.(Constant.USD.2021)",
    "Commitment.Year",
    "Implementation.Start.Year",
    "Completion.Year",
)
RAW_GRID = 1e-6  # the raw copy's coordinates: 1e-6° (0.1 m), simplified within RAW_TOLERANCE (the ~1 m buffers survive)
RAW_TOLERANCE = 2e-6
THIN_M = 4.0  # mean width under which a polygon is a buffer of a line or point (AidData's are ~2 m wide)
POINT_M = 30.0  # perimeter under which a thin part is a buffered point (a 1 m buffer of a point: 6.3 m)
SIMPLIFY_M = 50.0
GRID = 1e-5  # output coordinates: 5 decimals (~1 m)
M_PER_DEG = 111_320.0
PAGE = "https://china.aiddata.org/projects/{}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- the filtered raw copy


def filter_raw(repo: Path, raw: Path = RAW) -> dict[str, str]:
    """Copy the ASEAN rows (and only the columns used) of the repository's tables, and the GeoGCDF
    geometry of the projects in the filtered GCDF table; returns the SHA-256 of each file read."""
    raw.mkdir(parents=True, exist_ok=True)
    sums = {}
    src = repo / "data" / "df_filtered.csv"
    sums["data/df_filtered.csv"] = sha256(src)
    rows = [r for r in _read_csv(src) if r["Recipient"] in GCDF_NAMES]
    _write_csv(raw / GCDF_FILE, GCDF_COLUMNS, sorted(rows, key=lambda r: int(r["AidData Record ID"])))
    src = repo / "data" / "final_input.csv"
    sums["data/final_input.csv"] = sha256(src)
    geo = [r for r in _read_csv(src) if r["Recipient.ISO-3"] in ASEAN]
    _write_csv(raw / GEO_FILE, GEO_COLUMNS, sorted(geo, key=lambda r: int(r["AidData.Record.ID"])))
    features = []
    for pid in sorted(int(r["AidData Record ID"]) for r in rows):
        path = repo / "data-spatial" / f"{pid}.geojson"
        sums[f"data-spatial/{pid}.geojson"] = sha256(path)
        geoms = [shape(f["geometry"]) for f in json.loads(path.read_text(encoding="utf-8"))["features"]]
        geom = shapely.union_all(geoms).simplify(RAW_TOLERANCE, preserve_topology=True)
        geom = shapely.set_precision(geom, RAW_GRID)
        features.append({"type": "Feature", "properties": {"id": pid}, "geometry": mapping(geom)})
    doc = {"type": "FeatureCollection", "features": features}
    (raw / GEOM_FILE).write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")
    return sums


def _read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[r[c] for c in columns] for r in rows])
    path.write_text(buf.getvalue(), encoding="utf-8")


# ---------------------------------------------------------------- geometry made readable


def _metric(geom, lat0: float):
    """The geometry on a local plane in metres (equirectangular at lat0: good to a few per cent at a project's size)."""
    k = math.cos(math.radians(lat0))
    return shapely.transform(geom, lambda c: c * [M_PER_DEG * k, M_PER_DEG])


def centreline(poly) -> LineString | MultiLineString | None:
    """The chordal axis of a thin polygon: in each triangle of its constrained Delaunay triangulation,
    the midpoints of the edges it shares with other triangles, joined (through the centroid where three meet)."""
    triangles = list(shapely.constrained_delaunay_triangles(poly).geoms)
    edges: Counter = Counter()
    tri_edges = []
    for tri in triangles:
        a, b, c = tri.exterior.coords[:3]
        es = [tuple(sorted(e)) for e in ((a, b), (b, c), (c, a))]
        tri_edges.append((tri, es))
        edges.update(es)
    segments = []
    for tri, es in tri_edges:
        mids = [((p[0] + q[0]) / 2, (p[1] + q[1]) / 2) for p, q in es if edges[(p, q)] == 2]
        if len(mids) == 2:
            segments.append(LineString(mids))
        elif len(mids) == 3:
            c = tri.centroid.coords[0]
            segments.extend(LineString([m, c]) for m in mids)
    if not segments:
        return None
    return shapely.line_merge(MultiLineString(segments))


def readable(geom):
    """Thin buffered parts back to lines or points, real areas kept; simplified and snapped (see the module docstring)."""
    lat0 = geom.centroid.y
    tol = SIMPLIFY_M / M_PER_DEG
    points, lines, areas = [], [], []
    for part in getattr(geom, "geoms", [geom]):
        m = _metric(part, lat0)
        width = 2 * m.area / m.length if m.length else 0.0
        if width >= THIN_M:
            areas.append(part.simplify(tol, preserve_topology=True))
        elif m.length < POINT_M:
            points.append(part.centroid)
        else:
            line = centreline(part)
            if line is None or line.length == 0:
                points.append(part.centroid)
            else:
                lines.extend(getattr(line, "geoms", [line]))
    lines = [ln.simplify(tol) for ln in lines]
    pieces = [*points, *lines, *areas]
    out = [shapely.set_precision(p, GRID) for p in pieces]
    out = [p for p in out if not p.is_empty]
    if not out:
        return None
    kinds = {p.geom_type for p in out}
    if kinds == {"Point"}:
        merged = shapely.union_all(out)
    elif kinds <= {"LineString", "MultiLineString"}:
        merged = shapely.set_precision(shapely.line_merge(shapely.union_all(out)), GRID)
    elif kinds <= {"Polygon", "MultiPolygon"}:
        merged = shapely.set_precision(shapely.union_all(out), GRID)
    else:
        merged = GeometryCollection(sorted(out, key=lambda g: (g.geom_type, g.wkb)))
    return merged


def shape_of(geom) -> str | None:
    if geom is None:
        return None
    kinds = {("point" if "Point" in g.geom_type else "line" if "Line" in g.geom_type else "area") for g in _flat(geom)}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _flat(geom):
    for g in getattr(geom, "geoms", [geom]):
        yield from (_flat(g) if hasattr(g, "geoms") else [g])


# ---------------------------------------------------------------- records


def _int(value: str) -> int | None:
    return int(float(value)) if value not in ("", None) else None


def _money(value: str) -> float | None:
    return round(float(value), 2) if value not in ("", None) else None


def records(raw: Path = RAW) -> list[dict]:
    """One record per project, sorted by AidData id."""
    gcdf = {int(r["AidData Record ID"]): r for r in _read_csv(raw / GCDF_FILE)}
    geoms = {
        f["properties"]["id"]: shape(f["geometry"]) for f in json.loads((raw / GEOM_FILE).read_text(encoding="utf-8"))["features"]
    }
    out = []
    for row in sorted(_read_csv(raw / GEO_FILE), key=lambda r: int(r["AidData.Record.ID"])):
        pid = int(row["AidData.Record.ID"])
        g = gcdf.get(pid, {})
        description = g.get("Description") or ""
        title = row["Title"].strip()
        amount, currency = nominal_amount(title)
        t = terms(description, title)
        geom = readable(geoms[pid]) if pid in geoms else None
        props = {
            "aiddata_id": pid,
            "title": title,
            "recipient": row["Recipient.ISO-3"],
            "sector": row["Sector.Name"],
            "flow_class": g.get("Flow Class") or None,
            "flow_type": g.get("Flow Type Simplified") or None,
            "status": row["Status"],
            "commitment_year": _int(row["Commitment.Year"]),
            "implementation_start_year": _int(row["Implementation.Start.Year"]),
            "completion_year": _int(row["Completion.Year"]),
            "amount_usd_2021": _money(row["Amount.(Constant.USD.2021)"]),
            "nominal_amount": amount,
            "nominal_currency": currency,
            "financiers": lenders(title),
            "financier_type": g.get("Funding Agencies Type") or None,
            "interest_rate": t["interest_rate"],
            "maturity_years": t["maturity_years"],
            "grace_period_years": t["grace_period_years"],
            "terms_text": t["terms_text"],
            "location_precision": row["Level.of.precision"] or None,
            "shape": shape_of(geom),
            "url": PAGE.format(pid),
        }
        out.append({"type": "Feature", "properties": props, "geometry": mapping(geom) if geom is not None else None})
    return out


def _rounded(obj):
    """Coordinates as written: floats rounded to GRID's 5 decimals (set_precision leaves binary noise)."""
    if isinstance(obj, float):
        return round(obj, 5)
    if isinstance(obj, (list, tuple)):
        return [_rounded(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items()}
    return obj


def build(raw: Path = RAW, out: Path = OUT) -> list[dict]:
    feats = records(raw)
    for f in feats:
        f["geometry"] = _rounded(f["geometry"])
    doc = {
        "type": "FeatureCollection",
        "name": "AidData GCDF 3.0 / GeoGCDF: Chinese development finance to ASEAN members, commitments 2000-2021",
        "features": feats,
    }
    write_atomic(out, json.dumps(doc, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n")
    return feats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from-repo", type=Path, help="refresh data/raw/aiddata/ from a checkout of yc1171/china-development")
    parser.add_argument("--raw", type=Path, default=RAW)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--out-dir", type=Path, help=f"write {OUT.name} into this folder instead of --out")
    args = parser.parse_args(argv)
    if args.out_dir:
        args.out = args.out_dir / OUT.name
    if args.from_repo:
        for name, digest in filter_raw(args.from_repo, args.raw).items():
            if not name.startswith("data-spatial/"):
                print(f"sha256 {name} {digest}")
    feats = build(args.raw, args.out)
    props = [f["properties"] for f in feats]
    by_country: Counter = Counter()
    for p in props:
        by_country[p["recipient"]] += p["amount_usd_2021"] or 0.0
    print(f"{len(props)} ASEAN projects, {sum(1 for f in feats if f['geometry'])} with geometry -> {args.out}")
    for iso in sorted(by_country):
        n = sum(1 for p in props if p["recipient"] == iso)
        print(f"  {iso}: {n} projects, {by_country[iso] / 1e9:.2f} bn USD (constant 2021)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
