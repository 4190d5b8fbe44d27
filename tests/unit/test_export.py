"""Downloads hold exactly the filtered rows."""

import csv
import io
import json

from atlas import export
from atlas.data import load_catalog
from atlas.filters import Selection, apply

CAT = load_catalog()


def test_csv_and_geojson_hold_the_filtered_rows():
    shown = apply(CAT, Selection(countries=("MYS",)))
    rows = list(csv.DictReader(io.StringIO(export.to_csv(shown).decode())))
    assert {r["id"] for r in rows} == {"ecrl", "mckip", "kuantan_port"}
    ecrl = next(r for r in rows if r["id"] == "ecrl")
    assert ecrl["km"] == "665.0" and ecrl["km_source"] == "malaymail_2024_06_23_ecrl"
    doc = json.loads(export.to_geojson(shown))
    assert {f["id"] for f in doc["features"]} == {"ecrl", "mckip", "kuantan_port"}
    assert doc["features"][0]["geometry"]["type"] in ("LineString", "Point")


def test_geopackage_holds_the_filtered_rows(tmp_path):
    import geopandas as gpd

    path = tmp_path / "f.gpkg"
    path.write_bytes(export.to_geopackage(apply(CAT, Selection(countries=("IDN",)))))
    gdf = gpd.read_file(path, layer="features")
    assert set(gdf["id"]) == {"jakarta_bandung_hsr", "bintan_industrial_estate", "rcec"}
    assert gdf.crs.to_epsg() == 4326


def test_standalone_map_needs_no_server():
    html = export.standalone_html(apply(CAT, Selection(countries=("MYS",)))).decode()
    assert "/app/static/" not in html  # Leaflet and jQuery are inside the file
    assert "L.map(" in html and "atlasLayer" in html
    assert html.count("data:image/png;base64,") >= 2  # Leaflet's control images, embedded
    for fid in ("ecrl", "mckip", "kuantan_port"):
        assert f'"{fid}"' in html
    linked = export.standalone_html(CAT, inline=False).decode()
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>' in linked
