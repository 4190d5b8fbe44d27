"""`python -m atlas bench --ingest`: the matching rules of docs/pipeline.md §6, on hand-made cases and on the
development fixture tests/articles/ingest_dev (never on tests/articles/ingest, the held-out set)."""

from __future__ import annotations

import json

from atlas.cli import main
from bench.ingest_eval import matches, score
from tests.conftest import REPO

DEV = REPO / "tests" / "articles" / "ingest_dev"


def test_each_type_matches_on_its_own_fields():
    fig = {"type": "figure", "feature_id": "a", "metric": "passengers", "value": 1000, "text": "x"}
    assert matches(fig, {**fig, "value": 1009, "text": "another sentence", "as_of": "2020"})  # within 1 %
    assert not matches(fig, {**fig, "value": 1011}) and not matches(fig, {**fig, "metric": "freight"})
    st = {"type": "status", "feature_id": "a", "status": "operational", "date": "2025-12-11", "text": "x"}
    assert matches(st, {**st, "text": "y"}) and not matches(st, {**st, "date": "2025-12-12"})
    assert not matches(st, {**st, "feature_id": "b"})
    ms = {"type": "milestone", "feature_id": "a", "date": "2025-12", "event": "opened", "text": "x"}
    assert matches(ms, {**ms, "description": "other words"}) and not matches(ms, {**ms, "event": "approved"})
    ex = {"type": "excerpt", "feature_id": "a", "text": "The line opened on 11 December."}
    assert matches(ex, {**ex, "text": "The line  opened\non 11 December."})  # whitespace aside
    assert matches(ex, {**ex, "text": "KUALA LUMPUR — The line opened on 11 December."})  # split differently
    assert not matches(ex, {**ex, "text": "The line closed."}) and not matches(ex, {**ex, "type": "figure"})


def test_precision_and_recall_count_each_label_once_and_leave_repeats_out():
    labels = [
        {"type": "status", "feature_id": "a", "status": "operational", "date": "2025-12-11"},
        {"type": "figure", "feature_id": "a", "metric": "km", "value": 10},
    ]
    found = [
        {"type": "status", "feature_id": "a", "status": "operational", "date": "2025-12-11", "repeat": False},
        {"type": "status", "feature_id": "a", "status": "suspended", "date": "2025-12-11", "repeat": False},
        {"type": "figure", "feature_id": "a", "metric": "km", "value": 10, "repeat": True},  # held already: not scored
    ]
    s = score(labels, found)
    assert (s["status"]["proposed"], s["status"]["correct"], s["status"]["matched"], s["status"]["labelled"]) == (2, 1, 1, 1)
    assert (s["figure"]["proposed"], s["figure"]["matched"], s["figure"]["labelled"]) == (0, 0, 1)
    assert [m["metric"] for m in s["figure"]["missed"]] == ["km"]
    assert (s["figure"]["held"], s["status"]["held"]) == (1, 0)  # the missed km label: found, but the data holds it


def test_bench_ingest_on_the_development_fixture(capsys):
    assert main(["bench", "--ingest", "--articles", str(DEV)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    summary = json.loads(out[-1])
    assert summary["articles"] == 2 and summary["languages"] == ["en", "zh"]
    for kind in ("excerpt", "status", "figure", "milestone"):
        assert set(summary[kind]) >= {"precision", "recall", "labelled", "proposed", "matched"}
    assert summary["figure"]["labelled"] == 4 and summary["figure"]["matched"] >= 3  # the 12 M, 19.51 M and 24.48 M
    assert any(line.startswith("| nnn_xinhua_2025_10_18_whoosh_two_years |") for line in out)
    assert any("missed figure" in line and "cross_border_freight" in line for line in out)


def test_bench_ingest_without_labelled_articles_says_so(capsys, tmp_path):
    assert main(["bench", "--ingest", "--articles", str(tmp_path)]) == 2
    assert "no <id>.json label file" in capsys.readouterr().err
    assert main(["bench", "--ingest", "--articles", str(tmp_path / "none")]) == 2
    assert "no folder of labelled articles" in capsys.readouterr().err
