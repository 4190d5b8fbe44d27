"""Deployment settings a visitor meets: what the server shows and who may reach it."""

import re
import shutil
import subprocess
import tomllib

import pytest

from tests.conftest import REPO

TEMPLATE = (REPO / "deploy" / "nginx.conf.template").read_text(encoding="utf-8")


def test_visitors_see_no_traceback_and_no_unsafe_table_export():
    client = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["client"]
    # regression: "full" showed tracebacks (file paths, code) to every visitor
    assert client["showErrorDetails"] == "none"
    # the tables' built-in CSV export did not neutralise formulas; the app's own CSV buttons do
    assert client["disableDataExport"] is True


def test_make_run_listens_on_this_machine_only():
    out = subprocess.run(["make", "-n", "run"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert "--server.address 127.0.0.1" in out
    out = subprocess.run(["make", "-n", "run", "HOST=0.0.0.0"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert "--server.address 0.0.0.0" in out


@pytest.mark.parametrize(
    "directive",
    [
        "server_tokens off;",
        'add_header X-Frame-Options "SAMEORIGIN" always;',
        "add_header Content-Security-Policy \"frame-ancestors 'self'\" always;",
        'add_header X-Content-Type-Options "nosniff" always;',
        'add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
        "limit_req zone=atlas_req",
        "limit_conn atlas_conn",
        "location = /_stcore/metrics { return 404; }",
    ],
)
def test_nginx_template_has(directive):
    assert directive in TEMPLATE


def test_long_read_timeout_only_on_the_websocket():
    stream = re.search(r"location = /_stcore/stream \{(.*?)\}", TEMPLATE, re.S).group(1)
    assert "proxy_read_timeout 86400s;" in stream
    assert TEMPLATE.count("proxy_read_timeout 86400s;") == 1
    # a location with its own add_header would drop the security headers of the server block
    for body in re.findall(r"location [^{]*\{(.*?)\}", TEMPLATE, re.S):
        assert "add_header" not in body


@pytest.mark.skipif(not (shutil.which("nginx") or shutil.which("/usr/sbin/nginx")), reason="nginx is not installed")
def test_nginx_accepts_the_rendered_config(tmp_path):
    conf = (
        TEMPLATE.replace("@RUN@", str(tmp_path))
        .replace("@PORT@", "18500")
        .replace("@UPSTREAMS@", "        server 127.0.0.1:18601;")
    )
    (tmp_path / "nginx.conf").write_text(conf, encoding="utf-8")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    done = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
