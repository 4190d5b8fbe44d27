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
