"""Leaflet and jQuery for the map, served by the app instead of a CDN.

The files come from the XStatic-Leaflet and XStatic-jQuery packages (pinned in
requirements.txt, the versions folium loads) and are copied into the
git-ignored `static/` folder beside app.py, which Streamlit serves at
/app/static/ when `server.enableStaticServing` is on. Streamlit only serves a
folder that exists when the server starts, so `make run` and the browser tests
call `python -m atlas assets` first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import xstatic.pkg.jquery as xjquery
import xstatic.pkg.leaflet as xleaflet

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
REQUIRED = ("leaflet/leaflet.js", "leaflet/leaflet.css", "jquery/jquery.min.js")
# each folder of static/ and the XStatic package it is copied from
PACKAGES = {"leaflet": Path(xleaflet.BASE_DIR), "jquery": Path(xjquery.BASE_DIR)}


def install(static_dir: Path = STATIC_DIR) -> list[Path]:
    """Copy the map's JavaScript and CSS into static/; returns what is there."""
    target = static_dir / "leaflet"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(PACKAGES["leaflet"], target, ignore=shutil.ignore_patterns("*.esm.js", "*.map"))
    (static_dir / "jquery").mkdir(parents=True, exist_ok=True)
    shutil.copy2(bundled_file("jquery/jquery.min.js"), static_dir / "jquery" / "jquery.min.js")
    return [static_dir / r for r in REQUIRED]


def bundled_file(rel: str) -> Path:
    """The file in the XStatic package behind static/<rel> (leaflet/… or jquery/…)."""
    package, _, name = rel.partition("/")
    return PACKAGES[package] / name


def missing(static_dir: Path = STATIC_DIR) -> list[str]:
    """Required files not in static/ (empty when the map can load)."""
    return [r for r in REQUIRED if not (static_dir / r).is_file()]


def versions() -> dict[str, str]:
    return {"leaflet": xleaflet.VERSION, "jquery": xjquery.VERSION}
