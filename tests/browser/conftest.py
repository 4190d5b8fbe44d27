"""Browser level: Playwright drives Chromium against `streamlit run app.py`.

Each server starts on a free port and is awaited on /_stcore/health (never a
fixed sleep); its log goes into any failure message. The browser aborts every
request that is not to the local server (map tiles included) and records it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from bench.servers import Server, chromium_options
from tests.conftest import REPO

ARTIFACTS = REPO / "test-artifacts" / "browser"


class AppServer(Server):
    """`streamlit run app.py` on a free port (bench.servers.Server), with its log kept for failure reports."""

    def __init__(self, data_dir: Path | None, log_path: Path):
        log_path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(REPO / "app.py", data_dir, log=log_path)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture(scope="session", autouse=True)
def _assets_installed():
    from atlas import assets

    if assets.missing():
        assets.install()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(**chromium_options())
        yield b
        b.close()


@pytest.fixture(scope="session")
def app() -> Iterator[AppServer]:
    server = AppServer(None, ARTIFACTS / "server-bundled.log")
    yield server
    server.stop()


@pytest.fixture
def make_app(request) -> Iterator:
    """Start a server on a data folder of the test's own; stopped after the test."""
    servers: list[AppServer] = []
    request.node.atlas_servers = servers  # read by the report hook below

    def start(data_dir: Path) -> AppServer:
        server = AppServer(data_dir, ARTIFACTS / f"server-{data_dir.parent.name}.log")
        servers.append(server)
        return server

    yield start
    for s in servers:
        s.stop()


@pytest.fixture
def data_copy_dir(tmp_path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(REPO / "data", dst)
    return dst


class Watch:
    """What the page did that a test asserts on: blocked requests, errors, dialogs."""

    def __init__(self):
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(browser, watch, request) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    pg = context.new_page()

    def route(r):
        host = r.request.url.split("/")[2] if "://" in r.request.url else ""
        if host.split(":")[0] in ("localhost", "127.0.0.1"):
            r.continue_()
        else:
            watch.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))
    pg.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    context.on("page", lambda p: p.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss())))
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Put the server's log into the failure message."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        servers = [item.funcargs["app"]] if "app" in item.funcargs else []
        servers += getattr(item, "atlas_servers", [])
        for server in servers:
            report.sections.append((f"streamlit server log ({server.url})", server.log()[-6000:]))
