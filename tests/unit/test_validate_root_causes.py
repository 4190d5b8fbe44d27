"""validate names the root cause first and groups what follows from it (issue 19 items 6, 7 and the
Low items on related, ids with a newline, invalid source files, FIFOs and /dev/zero)."""

from __future__ import annotations

import json
import os

import pytest

from atlas.catalog import load_catalog
from atlas.cli import main


def _validate(capsys, folder) -> tuple[int, list[str]]:
    code = main(["validate", str(folder)])
    out = capsys.readouterr()
    lines = out.out.splitlines()
    if code:  # the first line printed is the root cause (geometry warnings come after the problems)
        assert ": warning: " not in lines[0]
    return code, [line for line in lines if ": warning: " not in line] + out.err.splitlines()[-1:]


@pytest.mark.parametrize("how", ["deleted", "symlink to itself"])
def test_a_missing_layer_file_is_named_first_and_references_into_it_grouped(data_copy, capsys, how):
    # regression: 40 lines like "ecrl: related: expected the id of a feature, found 'kuantan_port'"
    # and never a word that geo/ports.geojson was missing
    path = data_copy / "geo" / "ports.geojson"
    path.unlink()
    if how == "symlink to itself":
        path.symlink_to(path.name)
    code, lines = _validate(capsys, data_copy)
    assert code == 1
    assert lines[0].startswith("data/geo/ports.geojson: (file): (file): expected ")
    assert not [line for line in lines if "expected the id of a feature, found 'kuantan_port'" in line]
    follow = [line for line in lines if "(follow-on)" in line]
    assert len(follow) == 1 and "'kuantan_port'" in follow[0]
    assert len(lines) <= 4, lines  # the file, the follow-ons, the summary (and nothing per reference)


def test_an_empty_folder_names_geo_and_sources_too(tmp_path, capsys):
    # regression: an empty folder named only the three CSVs
    code, lines = _validate(capsys, tmp_path)
    assert code == 1
    text = "\n".join(lines)
    for name in (f"{tmp_path.name}/geo/", f"{tmp_path.name}/sources/", "facts.csv", "milestones.csv", "agreements.csv"):
        assert name in text, name


@pytest.mark.parametrize("target", ["/etc/passwd", "/nonexistent/atlas-data"])
def test_not_a_folder_is_the_one_problem(capsys, target):
    # regression: `validate /etc/passwd` printed three follow-on lines before "expected a data folder"
    code, lines = _validate(capsys, target)
    assert code == 1
    assert (
        lines[0]
        == f"{target}: (folder): (folder): expected a data folder, found {'a file' if os.path.isfile(target) else 'none'}"
    )
    assert len(lines) == 2  # the problem, then the summary


def test_a_feature_listing_itself_in_related_is_refused(data_copy):
    # regression: a feature listing itself in `related` passed validate
    path = data_copy / "geo" / "ports.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    fid = doc["features"][0]["properties"]["id"]
    doc["features"][0]["properties"]["related"] = [fid]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    cat = load_catalog(data_copy)
    assert [str(p) for p in cat.problems] == [
        f"data/geo/ports.geojson: {fid}: related: expected the id of another feature, found its own id {fid!r}"
    ]
    assert fid not in cat.feature(fid)["related"]


def test_an_id_with_a_trailing_newline_is_shown_escaped_on_one_line(data_copy, capsys):
    # regression: the raw newline was printed inside the problem line, breaking "one line per problem"
    path = data_copy / "geo" / "ports.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    kuantan = next(f for f in doc["features"] if f["properties"]["id"] == "kuantan_port")
    kuantan["properties"]["id"] = "kuantan_port\n"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _, lines = _validate(capsys, data_copy)
    assert any(line.startswith("data/geo/ports.geojson: kuantan_port\\n: id: expected a snake_case id") for line in lines)
    problems = load_catalog(data_copy).problems
    assert all(str(p).count("\n") == 0 for p in problems)
    assert len(problems) == 1  # references to "kuantan_port" follow from it: not named again


def test_an_invalid_source_file_is_one_root_problem(data_copy):
    # regression: a source with a javascript: URL made every fact and milestone citing it say
    # "expected the id of a file in sources/" although the file is there
    path = data_copy / "sources" / "thinkchina_2024_11_18.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["url"] = "javascript:alert(1)"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    lines = [str(p) for p in load_catalog(data_copy).problems]
    assert lines[0].startswith("data/sources/thinkchina_2024_11_18.json: thinkchina_2024_11_18: url: expected ")
    assert not [line for line in lines if "expected the id of a file in sources/" in line]
    follow = [line for line in lines if "(follow-on)" in line]
    assert 1 <= len(follow) <= 3 and all(line.startswith("data/sources/thinkchina_2024_11_18.json") for line in follow)
    assert len(lines) == 1 + len(follow), lines


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "too_large"])
def test_facts_csv_that_is_no_regular_file_is_refused_unread(data_copy, kind, monkeypatch):
    # regression: a FIFO named facts.csv made validate hang; facts.csv -> /dev/zero gave a MemoryError traceback
    path = data_copy / "facts.csv"
    if kind == "fifo":
        path.unlink()
        os.mkfifo(path)
    elif kind == "dev_zero":
        path.unlink()
        path.symlink_to("/dev/zero")
    else:
        monkeypatch.setattr("atlas.loading.MAX_FILE_BYTES", 100)
    lines = [str(p) for p in load_catalog(data_copy).problems if "facts.csv" in str(p)]
    why = {"fifo": "a FIFO (only regular files are read)", "dev_zero": "a device (only regular files are read)"}
    expected = why.get(kind, f"{path.stat().st_size:,} bytes (at most 100 are read)")
    assert lines[0] == f"data/facts.csv: (file): (file): expected a readable file, found {expected}"
