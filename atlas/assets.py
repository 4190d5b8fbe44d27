"""Leaflet, jQuery and the atlas's own map runtime, served by the app instead of a CDN.

The files come from the XStatic-Leaflet and XStatic-jQuery packages (pinned in
requirements.txt, the versions folium loads) and are copied into the
git-ignored `static/` folder beside app.py, which Streamlit serves at
/app/static/ when `server.enableStaticServing` is on. Streamlit only serves a
folder that exists when the server starts, so `make run` and the browser tests
call `python -m atlas assets` first. The runtime, atlas/static/atlas-layers.js,
is our code (committed) and is copied beside them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import xstatic.pkg.jquery as xjquery
import xstatic.pkg.leaflet as xleaflet

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
REQUIRED = (
    "leaflet/leaflet.js",
    "leaflet/leaflet.css",
    "jquery/jquery.min.js",
    "atlas/atlas-layers.js",
    "atlas/atlas-view.js",
    "atlas/atlas-map.css",
)
# each folder of static/ and where it is copied from: the XStatic packages, and our own folder
PACKAGES = {
    "leaflet": Path(xleaflet.BASE_DIR),
    "jquery": Path(xjquery.BASE_DIR),
    "atlas": Path(__file__).resolve().parent / "static",
}


def install(static_dir: Path = STATIC_DIR) -> list[Path]:
    """Copy the map's JavaScript and CSS into static/; returns what is there."""
    target = static_dir / "leaflet"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(PACKAGES["leaflet"], target, ignore=shutil.ignore_patterns("*.esm.js", "*.map"))
    (static_dir / "jquery").mkdir(parents=True, exist_ok=True)
    shutil.copy2(bundled_file("jquery/jquery.min.js"), static_dir / "jquery" / "jquery.min.js")
    (static_dir / "atlas").mkdir(parents=True, exist_ok=True)
    for name in ("atlas-layers.js", "atlas-view.js", "atlas-map.css"):
        shutil.copy2(bundled_file(f"atlas/{name}"), static_dir / "atlas" / name)
    return [static_dir / r for r in REQUIRED]


def bundled_file(rel: str) -> Path:
    """The file behind static/<rel> (leaflet/…, jquery/… or atlas/…)."""
    package, _, name = rel.partition("/")
    return PACKAGES[package] / name


def missing(static_dir: Path = STATIC_DIR) -> list[str]:
    """Required files not in static/ (empty when the map can load)."""
    return [r for r in REQUIRED if not (static_dir / r).is_file()]


def versions() -> dict[str, str]:
    return {"leaflet": xleaflet.VERSION, "jquery": xjquery.VERSION}
