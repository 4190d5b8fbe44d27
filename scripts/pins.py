"""The external inputs of the data build, pinned by SHA-256 in data/README.md.

The table under the heading "Build inputs, pinned" has one row per input:
`| `path` | version | `sha256` | ... |`, the path relative to data/ for a committed
file (raw/...) or `<npm package>@<version>/<file>` for a file fetched at build
time. `scripts/build_countries.py` and tests/unit/test_build_inputs.py read it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "data" / "README.md"
HEADING = "## Build inputs, pinned"
ROW = re.compile(r"^\| `(?P<path>[^`]+)` \| (?P<version>[^|]+?) \| `(?P<sha256>[0-9a-f]{64})` \|")


def read_pins(readme: Path = README) -> dict[str, tuple[str, str]]:
    """path -> (version, SHA-256) for every row of the pinned-inputs table."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    if HEADING not in lines:
        raise ValueError(f"{readme}: expected a section {HEADING!r}, found none")
    pins: dict[str, tuple[str, str]] = {}
    for line in lines[lines.index(HEADING) + 1 :]:
        if line.startswith("## "):
            break
        if m := ROW.match(line):
            pins[m["path"]] = (m["version"].strip(), m["sha256"])
    return pins


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
