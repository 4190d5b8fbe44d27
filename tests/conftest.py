"""Shared fixtures: tiny data folders written by the tests themselves."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property-based tests on a fixed set of examples (same run, same verdict);
# a developer's run explores new ones, and Hypothesis keeps any failure it finds in .hypothesis/.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


LINE_KINDS = ("rail_corridor", "shipping_corridor", "economic_corridor")
# every feature of the bundled data with Malaysia among its countries
MALAYSIA_IDS = {
    "ecrl",
    "mckip",
    "kuantan_port",
    "melaka_gateway",
    "gemas_jb_edtp",
    "kota_bharu_ecrl_station",
    "pasir_puteh_ecrl_station",
    "kuala_terengganu_ecrl_station",
    "dungun_ecrl_station",
    "chukai_ecrl_station",
    "kuantan_port_city_ecrl_station",
    "gombak_itt_ecrl_station",
    "port_klang_ecrl_station",
    "ktm_west_coast_line",
    "kl_sentral_station",
}


def feature(fid, kind="rail_corridor", coords=((101.0, 20.0), (102.0, 19.0)), **props):
    base = {
        "id": fid,
        "name": props.pop("name", fid.replace("_", " ").title()),
        "name_zh": props.pop("name_zh", None),
        "aliases": props.pop("aliases", []),
        "kind": kind,
        "countries": props.pop("countries", ["LAO"]),
        "status": props.pop("status", "operational"),
        "status_as_of": props.pop("status_as_of", "2024-11-18"),
        "geometry_precision": props.pop("geometry_precision", "through_stations" if kind in LINE_KINDS else "approximate"),
        "related": props.pop("related", []),
        "summary": props.pop("summary", "A test feature."),
    }
    base.update(props)
    geom = (
        {"type": "Point", "coordinates": list(coords[0])}
        if kind not in LINE_KINDS
        else {"type": "LineString", "coordinates": [list(c) for c in coords]}
    )
    return {"type": "Feature", "properties": base, "geometry": geom}


def write_data(
    root: Path,
    *,
    layers: dict[str, list],
    excerpts: list[tuple[str, str, list[str]]] | None = None,
    facts: str = "",
    milestones: str = "",
    agreements: str = "",
) -> Path:
    """Write a data folder: layers {name: [features]}, one source with excerpts."""
    (root / "geo").mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(exist_ok=True)
    from atlas.data import LAYERS

    for name, feats in {**dict.fromkeys(LAYERS, []), **layers}.items():  # every layer file is expected
        (root / "geo" / f"{name}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8"
        )
    if excerpts is None:
        excerpts = [
            (f"t#{i}", f"Text about {f['properties']['name']}.", [f["properties"]["id"]])
            for i, f in enumerate(x for fs in layers.values() for x in fs)
        ]
    src = {
        "id": "t",
        "title": "Test source",
        "author": "A. Author",
        "outlet": "Test Outlet",
        "published": "2024-11-18",
        "url": "https://example.org/article",
        "excerpts": [{"id": i, "text": t, "feature_ids": ids} for i, t, ids in excerpts],
    }
    (root / "sources" / "t.json").write_text(json.dumps(src), encoding="utf-8")
    (root / "facts.csv").write_text(
        "feature_id,metric,value,unit,qualifier,period_start,as_of,source_id,excerpt_id\n" + facts, encoding="utf-8"
    )
    (root / "milestones.csv").write_text(
        "feature_id,date,event,description,source_id,excerpt_id\n" + milestones, encoding="utf-8"
    )
    (root / "agreements.csv").write_text(
        "id,name,name_zh,type,parties,date,status,summary,source_id,excerpt_id,related\n" + agreements, encoding="utf-8"
    )
    return root


def finance_project(pid, **props):
    """One project of the finance layer (data/finance/aiddata.geojson) as a GeoJSON feature."""
    base = {
        "aiddata_id": pid,
        "title": f"China Eximbank provides $10 million loan for Project {pid}",
        "recipient": "LAO",
        "sector": "TRANSPORT AND STORAGE",
        "status": "Completion",
        "commitment_year": 2016,
        "amount_usd_2021": 1.0e7,
        "financiers": ["China Eximbank"],
        "url": f"https://china.aiddata.org/projects/{pid}",
    }
    base.update(props)
    return {"type": "Feature", "properties": base, "geometry": {"type": "Point", "coordinates": [102.6, 17.9]}}


def with_finance(root, projects):
    """The data folder `root` with a finance layer of `projects` (finance_project)."""
    (root / "finance").mkdir(parents=True, exist_ok=True)
    (root / "finance" / "aiddata.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": projects}), encoding="utf-8"
    )
    return root


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the bundled data folder."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


# The bundled data as it was on 30 Nov 2026, before the December update went through the review pipeline
# (tests/fixtures/data_2026_11/, without the finance layer and raw inputs, which the update did not change).
# Tests of behaviour that name figures, statuses and dates of particular features read this frozen copy, so
# that keeping the live data current (issue 20) never breaks a test of the code; tests of the live data itself
# (validate, audit, test_bundled_data) read data/.
# The copy is made by bench/ingest_eval.py's frozen_data, which `bench --ingest` scores against.
from bench.ingest_eval import frozen_data  # noqa: E402


@pytest.fixture(scope="session")
def frozen_dir(tmp_path_factory) -> Path:
    """The frozen data folder, read-only by convention (one copy per test session)."""
    return frozen_data(tmp_path_factory.mktemp("frozen") / "data")


@pytest.fixture
def frozen_copy(tmp_path) -> Path:
    """A writable copy of the frozen data, for tests that change it."""
    return frozen_data(tmp_path / "data")


@pytest.fixture(scope="session")
def frozen_catalog(frozen_dir):
    from atlas.catalog import load_catalog

    return load_catalog(frozen_dir)


SECOND_ARTICLE = REPO / "tests" / "articles" / "second_article.txt"


def link_second_article(data_dir: Path, source_id: str) -> int:
    """Run `link-article --write` on the second test article into data_dir; the exit code."""
    from atlas.cli import main

    return main(
        [
            "link-article",
            str(SECOND_ARTICLE),
            "--source-id",
            source_id,
            "--data-dir",
            str(data_dir),
            "--write",
            "--outlet",
            "Atlas tests",
            "--published",
            "2026-11-29",
            "--url",
            "https://example.org/second",
        ]
    )
