"""python -m atlas bench --load --users 20: many browser sessions against one server.

Sessions arrive 2 s apart; each opens the map, then alternates `--actions` times between a filter
change in the sidebar and a click on a feature of the map, timing each rerun
from the user's action to the app's "not running" state as the browser sees
it. Reported: errors, rerun p50/p95/max, and the server's resident memory
before the sessions (after one warm-up visit) and after them. With --url it
drives a server that is already running (e.g. `make serve REPLICAS=3`); memory
is then read from the processes whose command line says `streamlit run`.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from atlas.data import DEFAULT_DATA_DIR
from bench.generate import generate
from bench.servers import REPO, Server, chromium_options

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RAMP_S = 2.0  # seconds between two users' arrivals
THINK_S = (3.0, 8.0)  # a reader's pause between two actions, uniform in this range (seconds)
MAP = 'iframe[title="streamlit_folium.st_folium"]'
WATCH_STATE = """() => {
    window.__runs = [];
    // watch the whole document, so a re-created app element is still seen
    new MutationObserver(records => records.forEach(r => window.__runs.push([r.target.dataset.testScriptState, performance.now()])))
        .observe(document.body, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
}"""
# the action's rerun is done when the address bar reflects it (filters and the selected
# feature are kept there) and the app is not running; a very fast run may never show
# the "running" state in the page, so that state alone is not waited for
URL_DONE = """([t0, before]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    return location.href !== before && app && app.dataset.testScriptState === 'notRunning' ? performance.now() - t0 : null;
}"""
SETTLED = """() => {
    const last = window.__runs[window.__runs.length - 1];
    return !last || (last[0] === 'notRunning' && performance.now() - last[1] > 500);
}"""
CLICK_MIDDLE = """el => {
    const pt = el.getPointAtLength(el.getTotalLength() / 2), m = el.getScreenCTM();
    const x = pt.x * m.a + pt.y * m.c + m.e, y = pt.x * m.b + pt.y * m.d + m.f;
    for (const type of ['mousedown', 'mouseup', 'click'])
        el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true, clientX: x, clientY: y, view: window}));
}"""


def streamlit_rss_mb() -> float:
    """Resident memory of every `streamlit run` process on this machine (for --url)."""
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            if b"streamlit" in cmd and b" run " in cmd:
                for line in (proc / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) / 1024.0
        except OSError:
            continue
    return total


async def session(browser, url: str, user: int, actions: int, out: dict) -> None:
    rng = random.Random(user)
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    await ctx.route(
        "**/*", lambda r: r.continue_() if "//localhost" in r.request.url or "//127.0.0.1" in r.request.url else r.abort()
    )
    page = await ctx.new_page()
    page.on("pageerror", lambda e: out["errors"].append(f"user {user}: page error {e}"))
    try:
        await asyncio.sleep(user * RAMP_S)  # users arrive one after another, not all in the same instant
        await page.goto(url, timeout=120_000)
        await page.locator(IDLE).wait_for(timeout=120_000)
        frame = page.frame_locator(MAP)
        await frame.locator("path.atlas-feature").first.wait_for(state="attached", timeout=120_000)
        await page.evaluate(WATCH_STATE)
        country_box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Country")
        for i in range(actions):
            # a user acts on a page that has settled: no run for half a second (the map's
            # component may send its value again just after a run)
            await page.wait_for_function(SETTLED, timeout=120_000, polling=100)
            await asyncio.sleep(rng.uniform(*THINK_S))  # the user reads the page before acting again
            before = page.url
            t0 = await page.evaluate("performance.now()")
            if i % 2 == 0:
                clear = page.get_by_role("button", name="Clear filters")
                if await clear.is_visible():
                    await clear.click(timeout=120_000)
                else:
                    await country_box.locator("input").click()
                    choice = rng.choice(["Laos (LAO)", "Thailand (THA)", "Malaysia (MYS)", "China (CHN)"])
                    await page.get_by_role("option", name=choice).click()
                    await page.keyboard.press("Escape")
                kind = "filter"
            else:
                current = parse_qs(urlparse(page.url).query).get("feature", [""])[0]
                paths = frame.locator(f"path.atlas-feature:not(.atlas-id-{current})" if current else "path.atlas-feature")
                n = await paths.count()
                if not n:
                    continue
                await paths.nth(rng.randrange(n)).evaluate(CLICK_MIDDLE)  # another feature than the one shown
                kind = "click"
            try:
                handle = await page.wait_for_function(URL_DONE, arg=[t0, before], timeout=60_000, polling=50)
            except Exception as err:
                raise RuntimeError(f"action {i} ({kind}): no rerun seen within 60 s") from err
            out["reruns"].append((kind, (await handle.json_value()) / 1000.0))
            if os.environ.get("ATLAS_LOAD_DEBUG"):
                await page.screenshot(path=f"/tmp/atlas-load-u{user}-a{i}.png")
            if await page.locator('[data-testid="stException"]').count():
                out["errors"].append(f"user {user}: exception shown after {kind}")
    except Exception as err:  # noqa: BLE001 - a failed session is a result to report, not a crash
        detail = " | ".join(line.strip() for line in str(err).splitlines()[:4])
        out["errors"].append(f"user {user}: {type(err).__name__}: {detail[:400]}")
        await page.screenshot(path=f"/tmp/atlas-load-user{user}.png")
    finally:
        await ctx.close()


async def drive(url: str, users: int, actions: int) -> dict:
    from playwright.async_api import async_playwright

    out: dict = {"errors": [], "reruns": []}
    async with async_playwright() as p:
        browser = await p.chromium.launch(**chromium_options())
        await asyncio.gather(*(session(browser, url, u, actions, out) for u in range(users)))
        await browser.close()
    return out


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def read_timings(path: Path) -> list[float]:
    """Script run times the app itself logged (ATLAS_TIMING_LOG), after the warm-up."""
    if not path.exists():
        return []
    return [float(line.split(",")[2]) for line in path.read_text().splitlines() if line.count(",") == 2]


def main(args) -> int:
    from atlas import assets

    assets.install()
    server = None
    cpu_note = ""
    timing_log = Path(os.environ.get("ATLAS_TIMING_LOG", "/tmp/atlas-load-timing.csv"))
    if args.url:
        url, rss = args.url.rstrip("/"), streamlit_rss_mb
    else:
        data_dir = DEFAULT_DATA_DIR if args.features is None else generate(Path("/tmp/atlas-load-data"), args.features)
        os.environ["ATLAS_TIMING_LOG"] = str(timing_log)
        split = hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) >= 2
        if split:  # the server on core 0, the simulated users' browsers on the other cores
            os.sched_setaffinity(0, {0})
        server = Server(REPO / "app.py", data_dir, log=Path("/tmp/atlas-load-server.log"))
        if split:
            os.sched_setaffinity(0, set(range(1, os.cpu_count())))
            cpu_note = f"CPU: server on core 0, the browsers of the simulated users on cores {sorted(os.sched_getaffinity(0))}"
        url, rss = server.url, server.rss_mb
    try:
        asyncio.run(drive(url, 1, 0))  # one warm-up visit: the catalog is loaded and cached
        timing_log.unlink(missing_ok=True)
        before = rss()
        t = time.perf_counter()
        out = asyncio.run(drive(url, args.users, args.actions))
        wall = time.perf_counter() - t
        after = rss()
    finally:
        if server:
            server.stop()
    server_times = read_timings(timing_log)
    times = [d for _, d in out["reruns"]]
    by_kind = {k: [d for kk, d in out["reruns"] if kk == k] for k in ("filter", "click")}
    print(
        f"load: {args.users} sessions × {args.actions} actions (pauses {THINK_S[0]:g}–{THINK_S[1]:g} s) against {url} in {wall:.1f} s"
    )
    if cpu_note:
        print(cpu_note)
    print(f"| {'measure':<34} | {'value':>10} |\n|{'-' * 36}|{'-' * 12}|")
    for name, value in (
        ("reruns timed", f"{len(times)}"),
        ("errors", f"{len(out['errors'])}"),
        ("rerun p50 (s)", f"{pct(times, 0.5):.3f}"),
        ("rerun p95 (s)", f"{pct(times, 0.95):.3f}"),
        ("rerun max (s)", f"{max(times) if times else float('nan'):.3f}"),
        ("server script runs logged", f"{len(server_times)}"),
        ("server run p50 (s)", f"{pct(server_times, 0.5):.3f}"),
        ("server run p95 (s)", f"{pct(server_times, 0.95):.3f}"),
        ("filter change p95 (s)", f"{pct(by_kind['filter'], 0.95):.3f}"),
        ("feature click p95 (s)", f"{pct(by_kind['click'], 0.95):.3f}"),
        ("server memory before (MB)", f"{before:.0f}"),
        ("server memory after (MB)", f"{after:.0f}"),
        ("memory growth (MB)", f"{after - before:.0f}"),
    ):
        print(f"| {name:<34} | {value:>10} |")
    for e in out["errors"][:10]:
        print("error:", e)
    print(
        json.dumps(
            {
                "users": args.users,
                "actions": args.actions,
                "errors": len(out["errors"]),
                "reruns": len(times),
                "p50_s": round(pct(times, 0.5), 3),
                "p95_s": round(pct(times, 0.95), 3),
                "mem_before_mb": round(before),
                "mem_after_mb": round(after),
                "mem_growth_mb": round(after - before),
                "median_s": round(statistics.median(times), 3) if times else None,
            }
        )
    )
    return 1 if out["errors"] else 0
