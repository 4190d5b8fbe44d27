"""The inputs of `make data` pinned in data/README.md: each committed one still has its SHA-256, none is unlisted."""

import importlib.util
import re
import sys

import pytest

from tests.conftest import DATA, REPO

sys.path.insert(0, str(REPO / "scripts"))
import pins  # noqa: E402

PINS = pins.read_pins()
COMMITTED = sorted(path for path in PINS if path.startswith("raw/"))


@pytest.mark.parametrize("path", COMMITTED)
def test_a_committed_input_has_its_pinned_sha256(path):
    # a refreshed raw file must come with its new SHA-256 in data/README.md
    assert pins.sha256(DATA / path) == PINS[path][1], f"data/{path}: SHA-256 differs from data/README.md"


def test_every_file_in_raw_is_pinned():
    on_disk = sorted(str(p.relative_to(DATA)) for p in (DATA / "raw").rglob("*") if p.is_file())
    assert on_disk == COMMITTED


def test_the_world_atlas_input_is_pinned_with_its_version():
    rows = [(path, version) for path, (version, _) in PINS.items() if path.startswith("world-atlas@")]
    assert len(rows) == 1
    path, version = rows[0]
    pinned = re.fullmatch(r"world-atlas@(\d+\.\d+\.\d+)/countries-50m\.json", path)
    assert pinned and pinned[1] in version  # an exact version, never a range like @2


@pytest.mark.parametrize(
    "text, expected",
    [
        # a row outside the section is not a pin
        ("| `a` | v1 | `" + "0" * 64 + "` |\n", "expected a section '## Build inputs, pinned'"),
        # a row of the section with a short hash is not read as a pin
        ("## Build inputs, pinned\n\n| `a` | v1 | `abc` |\n", {}),
        (
            "## Build inputs, pinned\n\n| `a` | v1 | `" + "0" * 64 + "` | x |\n## Next\n| `b` | v | `" + "1" * 64 + "` |\n",
            {"a": ("v1", "0" * 64)},
        ),
    ],
)
def test_the_pins_table_is_read_from_its_section_only(tmp_path, text, expected):
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    if isinstance(expected, str):
        with pytest.raises(ValueError, match=re.escape(expected)):
            pins.read_pins(readme)
    else:
        assert pins.read_pins(readme) == expected


def test_countries_rebuild_is_byte_identical(tmp_path):
    spec = importlib.util.spec_from_file_location("build_countries", REPO / "scripts" / "build_countries.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    pin, digest = build.pinned_input()
    src = build.CACHE / pin
    if not (src.exists() and pins.sha256(src) == digest):
        pytest.skip(f"{pin} is not in .cache/ (make data fetches it with npm)")
    build.main(src, tmp_path / "countries.geojson")
    assert (tmp_path / "countries.geojson").read_bytes() == (DATA / "geo" / "countries.geojson").read_bytes()
