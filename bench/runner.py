"""python -m atlas bench: the atlas against the plain-folium baseline, in one run.

For N synthetic features (or the bundled data with --real) it measures, for
both, the median of R runs of: data load and validation, filter apply, map
build (everything st_folium needs, as st_folium builds it), the map payload
in bytes, a page rerun after a filter change (AppTest), and the browser's
time from navigation to the first drawn feature (Playwright, Chromium, every
non-local request blocked). It prints a table and, as its last line, one JSON
object with the ratios (baseline ÷ atlas).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd

from atlas import mapview
from atlas.catalog import load_catalog
from atlas.data import DEFAULT_DATA_DIR, LAYERS
from atlas.filters import Selection, apply, finance_shown
from atlas.layers import encode
from bench.baseline import add_plain_finance, build_plain
from bench.generate import generate
from bench.payload import payload, size
from bench.servers import REPO, Server, chromium_options

FILTERS = (("LAO",), ("THA",))


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def plain_load(data_dir: Path) -> gpd.GeoDataFrame:
    frames = [gpd.read_file(p) for layer in LAYERS if (p := data_dir / "geo" / f"{layer}.geojson").exists()]
    return pd.concat(frames, ignore_index=True)


def atlas_build(catalog, shown, *, finance: bool = False):
    """What st_folium sends for the map page; with `finance`, the finance layer on (all of AidData's projects)."""
    fig = mapview.base_map(catalog)
    groups = mapview.feature_groups(shown, encoded=encode(shown.features, outlines=shown.outlines))
    if finance:
        groups.insert(0, mapview.finance_group(finance_shown(catalog, Selection())))
    return payload(fig, [*groups, mapview.build_highlight(catalog, None)], layer_control=True)


def plain_build_with_finance(catalog):
    return payload(add_plain_finance(build_plain(catalog.features), catalog.finance))


def rerun_time(script: Path, data_dir: Path, runs: int, *, widget: str) -> float:
    from streamlit.testing.v1 import AppTest

    from bench.apptest import navigation_app_test

    os.environ["ATLAS_DATA_DIR"] = str(data_dir)
    with navigation_app_test():
        return _rerun_time(AppTest.from_file(str(script), default_timeout=600), script.name, runs, widget=widget)


def _rerun_time(at, name: str, runs: int, *, widget: str) -> float:
    at.run()
    times = []
    for i in range(runs):
        code = FILTERS[i % 2][0]
        box = at.sidebar.multiselect(key=widget) if widget == "f_country" else at.sidebar.selectbox(key=widget)
        if widget == "f_country":
            box.set_value([code])
        else:
            box.select(code)
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
        if at.exception:
            raise RuntimeError(f"{name}: {at.exception}")
    return statistics.median(times)


def browser_first_feature(url: str, runs: int, *, selector: str) -> float:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(**chromium_options())
        for i in range(runs + 1):  # the first navigation warms the server's caches and is not counted
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            ctx.route("**/*", lambda r: r.continue_() if "//localhost" in r.request.url else r.abort())
            page = ctx.new_page()
            t = time.perf_counter()
            page.goto(url)
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
            frame.locator(selector).first.wait_for(state="attached", timeout=600_000)
            if i:
                times.append(time.perf_counter() - t)
            ctx.close()
        browser.close()
    return statistics.median(times)


def pan_zoom_reruns(url: str) -> int:
    """Script runs the app starts while a user drags the map and zooms it (should be 0)."""
    from playwright.sync_api import sync_playwright

    from bench.load import WATCH_STATE

    with sync_playwright() as p:
        browser = p.chromium.launch(**chromium_options())
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route("**/*", lambda r: r.continue_() if "//localhost" in r.request.url else r.abort())
        page.goto(url)
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=600_000)
        frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
        frame.locator(".leaflet-container").wait_for(timeout=600_000)
        page.evaluate(WATCH_STATE)
        box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 120, y + 60, steps=8)
        page.mouse.up()
        page.mouse.wheel(0, -400)
        frame.locator(".leaflet-control-zoom-in").click()
        # give a rerun, if one were triggered, time to start: the debounce of st_folium is 250 ms
        page.wait_for_timeout(2000)
        runs = page.evaluate("window.__runs.filter(r => r[0] === 'running').length")
        browser.close()
    return int(runs)


def run(n: int | None, runs: int, *, skip_browser: bool = False) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    data_dir = DEFAULT_DATA_DIR if n is None else generate(tmp / "data", n)
    catalog = load_catalog(data_dir)
    n_features = len(catalog.features)
    sel = Selection(country=FILTERS[0])
    shown = catalog  # the default view: everything
    rows = {}
    rows["load + validate (s)"] = (
        median_time(lambda: load_catalog(data_dir), runs),
        median_time(lambda: plain_load(data_dir), runs),
    )
    gdf = plain_load(data_dir)
    rows["filter apply (s)"] = (
        median_time(lambda: apply(catalog, sel), runs),
        median_time(lambda: gdf[gdf["countries"].astype(str).str.contains("LAO")], runs),
    )
    rows["map build (s)"] = (
        median_time(lambda: atlas_build(catalog, shown), runs),
        median_time(lambda: payload(build_plain(catalog.features)), runs),
    )
    rows["map payload (bytes)"] = (size(atlas_build(catalog, shown)), size(payload(build_plain(catalog.features))))
    # the finance layer on (issue 23): AidData's projects as circles, against one folium.Marker each in the baseline
    rows["map build, finance layer on (s)"] = (
        median_time(lambda: atlas_build(catalog, shown, finance=True), runs),
        median_time(lambda: plain_build_with_finance(catalog), runs),
    )
    rows["map payload, finance layer on (bytes)"] = (
        size(atlas_build(catalog, shown, finance=True)),
        size(plain_build_with_finance(catalog)),
    )
    rows["rerun after filter change (s)"] = (
        rerun_time(REPO / "app.py", data_dir, runs, widget="f_country"),
        rerun_time(REPO / "bench" / "baseline_app.py", data_dir, runs, widget="country"),
    )
    if not skip_browser:
        from atlas import assets

        assets.install()
        assets.install(REPO / "bench" / "static")  # Streamlit serves static/ beside the script it runs
        logs = tmp / "logs"
        logs.mkdir()
        atlas_srv = Server(REPO / "app.py", data_dir, log=logs / "atlas.log")
        plain_srv = Server(REPO / "bench" / "baseline_app.py", data_dir, log=logs / "plain.log")
        try:
            rows["browser: navigation to first feature (s)"] = (
                browser_first_feature(atlas_srv.url, runs, selector="path.atlas-feature, canvas"),
                browser_first_feature(plain_srv.url, runs, selector=".leaflet-marker-icon"),
            )
            pan_zoom = pan_zoom_reruns(atlas_srv.url)
        finally:
            atlas_srv.stop()
            plain_srv.stop()
    located = catalog.finance.geometry.notna().sum() if len(catalog.finance) else 0
    return {
        "features": n_features,
        "finance": (len(catalog.finance), int(located)),
        "real": n is None,
        "runs": runs,
        "rows": rows,
        "pan_zoom_reruns": None if skip_browser else pan_zoom,
    }


def report(result: dict) -> str:
    rows = result["rows"]
    label = "the bundled data" if result["real"] else "synthetic features"
    lines = [
        f"{result['features']} {label} and {result['finance'][0]} finance projects ({result['finance'][1]} located), median of {result['runs']} runs, {platform.node()} "
        f"({os.cpu_count()} cores, Python {platform.python_version()})",
        "",
        f"| {'measure':<42} | {'atlas':>12} | {'plain folium':>12} | {'baseline ÷ atlas':>16} |",
        f"|{'-' * 44}|{'-' * 14}|{'-' * 14}|{'-' * 18}|",
    ]
    for name, (atlas_v, plain_v) in rows.items():
        fmt = (lambda v: f"{v:,.0f}") if "bytes" in name else (lambda v: f"{v:.3f}")
        ratio = plain_v / atlas_v if atlas_v else float("nan")
        lines.append(f"| {name:<42} | {fmt(atlas_v):>12} | {fmt(plain_v):>12} | {ratio:>15.1f}x |")
    summary = {
        "features": result["features"],
        "build_speedup": round(rows["map build (s)"][1] / rows["map build (s)"][0], 1),
        "payload_ratio": round(rows["map payload (bytes)"][1] / rows["map payload (bytes)"][0], 1),
        "finance_payload_ratio": round(
            rows["map payload, finance layer on (bytes)"][1] / rows["map payload, finance layer on (bytes)"][0], 1
        ),
        "rerun_s": round(rows["rerun after filter change (s)"][0], 3),
        "browser_first_feature_s": round(rows["browser: navigation to first feature (s)"][0], 3)
        if "browser: navigation to first feature (s)" in rows
        else None,
    }
    if result.get("pan_zoom_reruns") is not None:
        lines += ["", f"Reruns started while dragging and zooming the atlas map: {result['pan_zoom_reruns']}"]
    lines += ["", json.dumps(summary)]
    return "\n".join(lines)


def main(args) -> int:
    if args.load:
        from bench.load import main as load_main

        return load_main(args)
    result = run(None if args.real else (args.features or 1000), args.runs, skip_browser=args.skip_browser)
    print(report(result))
    return 0
