"""Applying reviewed proposals (atlas/review.py), the review command, the change log and its Atom feed.

The proposals rest on real sentences of the stored articles in tests/articles/real/ (none is in the data yet)
and on the defects issue 20 names; each is applied to a copy of the bundled data folder.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from atlas import changelog
from atlas.catalog import load_catalog
from atlas.cli import main
from atlas.proposals import Pending, read_file, read_inbox
from atlas.review import apply_batch
from tests.conftest import REPO

SINA = {
    "id": "sina_2026_01_04_zhonglao_2025_full_year",
    "url": "https://reportify.ai/news/1205442387866947584",
    "title": "中老铁路客货运量强劲增长",
    "outlet": "新浪财经 (Sina Finance), via reportify.ai",
    "author": None,
    "published": "2026-01-04",
    "language": "zh",
    "text_sha256": "-",
}
NNN = {
    "id": "nnn_xinhua_2025_10_18_whoosh_two_years",
    "url": "http://www.namnewsnetwork.org/?p=314901",
    "title": "Whoosh two years",
    "outlet": "NNN (Xinhua)",
    "author": None,
    "published": "2025-10-18",
    "language": "en",
}
ARTICLES = REPO / "tests" / "articles" / "real"
SINA_FIRST = next(
    s for s, _ in json.loads((ARTICLES / "labels.json").read_text(encoding="utf-8"))[SINA["id"]]["sentences"] if "1951万" in s
)
SINA_NOW = '目前,中老铁路运输形成了"中国制造南下、东南亚特产北上"的双向 高效流通格局。'
WHOOSH_OPENED = (
    "Since commencing official operations on Oct 17, 2023, Whoosh has reduced the travel time between Jakarta and "
    "Bandung from more than three hours to 46 minutes."
)
LOG = "changes.csv"


def sina(kind: str, **fields) -> Pending:
    p = {"id": f"{SINA['id']}:{kind}", "type": kind, "source_id": SINA["id"], "feature_id": "china_laos_railway"}
    return Pending({**p, "text": SINA_FIRST, **fields}, None, SINA)


def rows(data: Path, name: str) -> list[dict]:
    with open(data / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def valid(data: Path) -> bool:
    return load_catalog(data).problems == ()


PASSENGERS = {
    "metric": "passengers",
    "value": 19510000,
    "unit": "passengers",
    "period_start": "2025-01-01",
    "as_of": "2025-12-31",
}


@pytest.fixture
def data_copy(frozen_copy):
    """The data as it was before the December update (tests/fixtures/data_2026_11), with an empty change log:
    each test reads the rows its own batch appends."""
    data_copy = frozen_copy
    log = data_copy / LOG
    log.write_text(log.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return data_copy


def test_a_figure_adds_a_fact_a_new_source_file_with_its_sentence_and_a_log_row(data_copy):
    result = apply_batch([sina("figure", **PASSENGERS)], data_copy, today="2026-12-01")
    assert result.ok, result.problems
    assert {p.name for p in result.written} == {f"{SINA['id']}.json", "facts.csv", LOG}
    fact = rows(data_copy, "facts.csv")[-1]
    assert (fact["feature_id"], fact["metric"], fact["value"], fact["as_of"]) == (
        "china_laos_railway",
        "passengers",
        "19510000",
        "2025-12-31",
    )
    src = json.loads((data_copy / "sources" / f"{SINA['id']}.json").read_text(encoding="utf-8"))
    assert src["outlet"] == SINA["outlet"] and "text_sha256" not in src
    assert src["excerpts"] == [{"id": f"{SINA['id']}#01", "text": SINA_FIRST, "feature_ids": ["china_laos_railway"]}]
    assert fact["excerpt_id"] == f"{SINA['id']}#01"
    [row] = rows(data_copy, LOG)
    assert row == {
        "logged": "2026-12-01", "date": "2025-12-31", "feature_id": "china_laos_railway", "field": "figure:passengers",
        "old": "", "new": "19510000", "source_id": SINA["id"], "excerpt_id": f"{SINA['id']}#01", "note": "",
    }  # fmt: skip
    assert valid(data_copy)


def test_a_second_sentence_gets_the_next_excerpt_id_and_the_same_sentence_is_shared(data_copy):
    batch = [
        sina("figure", **PASSENGERS),
        sina("figure", metric="freight", value=24480000, unit="tonnes", period_start="2025-01-01", as_of="2025-12-31"),
        Pending({**sina("excerpt").proposal, "id": "x:3", "text": SINA_NOW}, None, SINA),
    ]
    batch[1].proposal["id"] = "x:2"
    result = apply_batch(batch, data_copy, today="2026-12-01")
    assert result.ok, result.problems
    src = json.loads((data_copy / "sources" / f"{SINA['id']}.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in src["excerpts"]] == [f"{SINA['id']}#01", f"{SINA['id']}#02"]  # both figures cite #01
    assert [r["excerpt_id"] for r in rows(data_copy, "facts.csv")[-2:]] == [f"{SINA['id']}#01"] * 2
    assert [r["field"] for r in rows(data_copy, LOG)] == ["figure:passengers", "figure:freight", "excerpt"]
    assert valid(data_copy)


def test_a_status_that_confirms_moves_status_as_of_and_logs_that_field_only(data_copy):
    result = apply_batch([sina("status", status="operational", date="2026-01-04")], data_copy, today="2026-12-01")
    assert result.ok, result.problems
    feat = load_catalog(data_copy).feature("china_laos_railway")
    assert (feat["status"], feat["status_as_of"]) == ("operational", "2026-01-04")
    assert [(r["field"], r["old"], r["new"]) for r in rows(data_copy, LOG)] == [("status_as_of", "2025-12-02", "2026-01-04")]


def test_a_status_change_logs_old_and_new_status(data_copy):
    # the copy as it stood before Whoosh opened (under construction, last confirmed 2023-10-02)
    path = data_copy / "geo" / "rail_corridors.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    props = next(f["properties"] for f in doc["features"] if f["properties"]["id"] == "jakarta_bandung_hsr")
    props.update(status="under_construction", status_as_of="2023-10-02")
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    p = {"id": "w:1", "type": "status", "source_id": NNN["id"], "feature_id": "jakarta_bandung_hsr", "text": WHOOSH_OPENED}
    result = apply_batch(
        [Pending({**p, "status": "operational", "date": "2023-10-17"}, None, NNN)], data_copy, today="2026-12-01"
    )
    assert result.ok, result.problems
    log = rows(data_copy, LOG)
    assert [(r["field"], r["old"], r["new"], r["date"]) for r in log] == [
        ("status", "under_construction", "operational", "2023-10-17"),
        ("status_as_of", "2023-10-02", "2023-10-17", "2023-10-17"),
    ]
    assert load_catalog(data_copy).feature("jakarta_bandung_hsr")["status"] == "operational"
    # the layer keeps its format: only the two changed lines differ from the copy as written
    before = json.dumps(doc, ensure_ascii=False, indent=1).splitlines()
    after = path.read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after) and sum(a != b for a, b in zip(before, after, strict=True)) == 2


def test_a_milestone_is_appended_with_its_excerpt(data_copy):
    p = sina("milestone", date="2025-12-31", event="annual_traffic", description="2025 traffic: 19.51 million passengers.")
    result = apply_batch([p], data_copy, today="2026-12-01")
    assert result.ok, result.problems
    ms = rows(data_copy, "milestones.csv")[-1]
    assert (ms["feature_id"], ms["date"], ms["event"], ms["excerpt_id"]) == (
        "china_laos_railway",
        "2025-12-31",
        "annual_traffic",
        f"{SINA['id']}#01",
    )
    assert rows(data_copy, LOG)[-1]["field"] == "milestone"


def test_a_location_moves_a_point_and_logs_why_without_a_source(data_copy):
    cat = load_catalog(data_copy)
    old = cat.feature("khamsavath_station")["geometry"]
    p = {"id": "e:1", "type": "location", "feature_id": "khamsavath_station", "lon": round(old.x + 0.001, 6), "lat": old.y,
         "location_source": "editor's test move", "text": "moved 0.001° east for the test"}  # fmt: skip
    result = apply_batch([Pending(p, None, None)], data_copy, today="2026-12-01")
    assert result.ok, result.problems
    new = load_catalog(data_copy).feature("khamsavath_station")["geometry"]
    assert new.x == pytest.approx(old.x + 0.001)
    [row] = rows(data_copy, LOG)
    assert (row["field"], row["source_id"], row["note"], row["date"]) == ("location", "", p["text"], "2026-12-01")


def test_a_field_edit_sets_a_property_and_a_list_from_text(data_copy):
    p = {"id": "e:2", "type": "field", "feature_id": "china_laos_railway", "field": "aliases", "value": "中老铁路; LCR",
         "text": "editor's test"}  # fmt: skip
    assert apply_batch([Pending(p, None, None)], data_copy).ok
    assert load_catalog(data_copy).feature("china_laos_railway")["aliases"] == ("中老铁路", "LCR")


def test_a_retraction_removes_the_wrong_figure_and_cites_its_source(data_copy):
    # issue 20: the 10 millionth container of 2025 was hoisted at Beibu Gulf Port, not the corridor's cumulative total
    p = {"id": "e:3", "type": "retract", "feature_id": "ccisc", "metric": "containers_cumulative", "as_of": "2025-12-30",
         "text": "The excerpt gives Beibu Gulf Port's 2025 throughput, not the corridor's cumulative total."}  # fmt: skip
    result = apply_batch([Pending(p, None, None)], data_copy, today="2026-12-01")
    assert result.ok, result.problems
    assert not any(r["metric"] == "containers_cumulative" for r in rows(data_copy, "facts.csv"))
    [row] = rows(data_copy, LOG)
    assert (row["field"], row["old"], row["new"], row["source_id"]) == (
        "figure:containers_cumulative",
        "10000000",
        "",
        "chinadaily_2025_12_31_ilstc",
    )


def test_a_figure_that_replaces_corrects_one_in_place(data_copy):
    # issue 20: Kyaukpyu's USD 1.3 bn is the first stage only
    facts = [r for r in rows(data_copy, "facts.csv") if r["feature_id"] == "kyaukpyu_port"]
    src = json.loads((data_copy / "sources" / "xinhua_2020_01_19_kyaukpyu.json").read_text(encoding="utf-8"))
    text = next(e["text"] for e in src["excerpts"] if e["id"] == facts[0]["excerpt_id"])
    p = {"id": "e:4", "type": "figure", "source_id": src["id"], "feature_id": "kyaukpyu_port", "text": text,
         "metric": "investment_first_stage", "value": 1.3e9, "unit": "USD", "as_of": "2020-01-19",
         "replaces": {"metric": "investment", "as_of": "2020-01-19"}}  # fmt: skip
    n = len(rows(data_copy, "facts.csv"))
    result = apply_batch([Pending(p, None, None)], data_copy, today="2026-12-01")
    assert result.ok, result.problems
    after = rows(data_copy, "facts.csv")
    assert len(after) == n and [r["metric"] for r in after if r["feature_id"] == "kyaukpyu_port"] == ["investment_first_stage"]
    assert [(r["field"], r["old"], r["new"]) for r in rows(data_copy, LOG)] == [
        ("figure:investment", "1300000000", ""),
        ("figure:investment_first_stage", "", "1300000000"),
    ]


def test_a_milestone_that_replaces_corrects_its_event_in_place(data_copy):
    # issue 20: the Thailand–Laos milestone of 2024-07-19 says trial operation; its excerpt says the service opened
    src = json.loads((data_copy / "sources" / "bangkokpost_2024_10_21.json").read_text(encoding="utf-8"))
    p = {"id": "m:1", "type": "milestone", "source_id": src["id"], "feature_id": "thailand_laos_railway",
         "text": src["excerpts"][0]["text"], "date": "2024-07-19", "event": "opened",
         "description": "Cross-border passenger service Bangkok–Vientiane (Khamsavath) opened.",
         "replaces": {"date": "2024-07-19", "event": "trial_operation"}}  # fmt: skip
    n = len(rows(data_copy, "milestones.csv"))
    result = apply_batch([Pending(p, None, None)], data_copy, today="2026-12-01")
    assert result.ok, result.problems
    after = [r for r in rows(data_copy, "milestones.csv") if r["feature_id"] == "thailand_laos_railway"]
    assert len(rows(data_copy, "milestones.csv")) == n
    assert ("2024-07-19", "opened") in [(r["date"], r["event"]) for r in after]
    assert ("2024-07-19", "trial_operation") not in [(r["date"], r["event"]) for r in after]
    assert [(r["field"], r["old"], r["new"]) for r in rows(data_copy, LOG)] == [
        ("milestone", "trial_operation (2024-07-19)", "opened (2024-07-19)")
    ]
    missing = dict(p, id="m:2", replaces={"date": "2024-07-18", "event": "trial_operation"})
    assert not apply_batch([Pending(missing, None, None)], data_copy, today="2026-12-01").ok


def test_a_batch_with_one_invalid_proposal_writes_nothing_and_names_the_problem(data_copy):
    before = {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()}
    batch = [
        sina("figure", **PASSENGERS),
        sina("status", status="operational", date="2026-02-01"),  # after the article's own date (2026-01-04)
    ]
    batch[1].proposal["id"] = "x:2"
    result = apply_batch(batch, data_copy, today="2026-12-01")
    assert not result.ok and result.written == []
    assert any("china_laos_railway: status_as_of" in p and "2026-02-01" in p for p in result.problems), result.problems
    assert {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()} == before  # not a byte changed, no file added


def test_a_proposal_that_cannot_apply_refuses_the_batch(data_copy):
    p = sina("figure", **PASSENGERS)
    p.proposal["feature_id"] = "no_such_line"
    result = apply_batch([p], data_copy)
    assert result.problems == [f"proposal {p.id} (figure, no_such_line): expected the id of a feature, found 'no_such_line'"]


def test_writing_leaves_no_temporary_file(data_copy):
    assert apply_batch([sina("figure", **PASSENGERS)], data_copy).ok
    assert [p for p in data_copy.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".")] == []


@pytest.mark.parametrize(
    "proposal",
    [
        # marked a repeat by ingest: listed, never applied, even when accepted
        sina("figure", repeat=True, **PASSENGERS),
        # not marked, yet the data holds it: the Thailand–Laos opening of 2024-07-20 (thestar_2024_07_21)
        Pending(
            {
                "id": "r:2",
                "type": "milestone",
                "source_id": "thestar_2024_07_21_lao_thai_train",
                "feature_id": "thailand_laos_railway",
                "text": "-",
                "date": "2024-07-20",
                "event": "opened",
                "description": "-",
            },
            None,
            None,
        ),  # fmt: skip
        # a status no newer than the one held
        sina("status", status="operational", date="2025-12-01"),
    ],
)
def test_a_repeat_is_never_applied(data_copy, proposal):
    before = {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()}
    result = apply_batch([proposal], data_copy)
    assert result.ok and result.held == [proposal.id] and result.changes == []
    assert {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()} == before


def test_the_log_is_validated(data_copy):
    with open(data_copy / LOG, "a", encoding="utf-8") as fh:
        fh.write("2026-12-01,2025-13-01,no_such_line,status,,operational,,,\n")
    problems = [str(p) for p in load_catalog(data_copy).problems]
    assert any("changes.csv: row 2" in p and "date" in p for p in problems), problems
    assert any("changes.csv: row 2" in p and "source_id" in p for p in problems), problems


# the command line ---------------------------------------------------------------------------------


def _proposal_file(path: Path, *proposals: Pending) -> Path:
    doc = {"sources": [SINA], "proposals": [p.proposal for p in proposals]}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def test_review_file_lists_then_applies_and_validate_passes(data_copy, tmp_path, capsys):
    f = _proposal_file(tmp_path / "sina.json", sina("figure", **PASSENGERS))
    assert main(["review", "--file", str(f), "--data-dir", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert f"{SINA['id']}:figure  figure  china_laos_railway  figure:passengers: 19510000 passengers (2025-12-31)" in out
    assert "1951万人次" in out and "decide with --accept" in out
    assert rows(data_copy, LOG) == []  # listing decides nothing
    assert main(["review", "--file", str(f), "--data-dir", str(data_copy), "--accept", "all"]) == 0
    assert "wrote: sources/sina_2026_01_04_zhonglao_2025_full_year.json, facts.csv, changes.csv" in capsys.readouterr().out
    assert main(["validate", str(data_copy)]) == 0


def test_review_set_edits_then_a_refused_batch_exits_1_and_writes_nothing(data_copy, tmp_path, capsys):
    f = _proposal_file(tmp_path / "sina.json", sina("figure", **PASSENGERS))
    before = (data_copy / "facts.csv").read_bytes()
    code = main(["review", "--file", str(f), "--data-dir", str(data_copy), "--set", f"{SINA['id']}:figure:as_of=2025-13"])
    captured = capsys.readouterr()
    assert code == 1 and "nothing written" in captured.err
    assert "facts.csv: row 60 (china_laos_railway): as_of: expected an ISO date" in captured.out
    assert (data_copy / "facts.csv").read_bytes() == before


def test_review_of_the_inbox_removes_decided_files_and_keeps_the_undecided(data_copy, capsys):
    inbox = data_copy / "inbox"
    inbox.mkdir(exist_ok=True)
    first, second = sina("figure", **PASSENGERS), sina("excerpt")
    second.proposal["text"] = SINA_NOW
    _proposal_file(inbox / f"{SINA['id']}.json", first, second)
    assert main(["review", "--data-dir", str(data_copy), "--accept", first.id]) == 0
    assert [p.id for p in read_inbox(inbox)] == [second.id]  # the decided one is gone, the file stays
    assert main(["review", "--data-dir", str(data_copy), "--reject", second.id]) == 0
    assert not (inbox / f"{SINA['id']}.json").exists()
    assert "removed" in capsys.readouterr().out


def test_review_names_an_unknown_id(data_copy, tmp_path, capsys):
    f = _proposal_file(tmp_path / "sina.json", sina("figure", **PASSENGERS))
    assert main(["review", "--file", str(f), "--data-dir", str(data_copy), "--accept", "nope:1"]) == 2
    assert "--accept nope:1: no such pending proposal" in capsys.readouterr().err


def test_a_proposal_file_missing_a_field_is_named(tmp_path):
    f = tmp_path / "bad.json"
    f.write_text(json.dumps({"proposals": [{"type": "figure", "feature_id": "x", "text": "t", "source_id": "s"}]}))
    with pytest.raises(ValueError, match=r"proposal #1 \(figure\): expected metric, value, unit, as_of, found none"):
        read_file(f)


# the feed and what readers see --------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("lang", ["en", "zh", "id"])
def test_the_feed_has_one_entry_per_log_row_in_each_language(data_copy, lang, capsys):
    batch = [sina("figure", **PASSENGERS), sina("status", status="operational", date="2026-01-04")]
    assert apply_batch(batch, data_copy, today="2026-12-01").ok
    assert main(["feed", "--lang", lang, "--data-dir", str(data_copy)]) == 0
    root = ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(rows(data_copy, LOG)) == 2
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    ids = {e.findtext(f"{ATOM}id") for e in entries}
    assert len(ids) == 2
    hrefs = [link.get("href") for e in entries for link in e.findall(f"{ATOM}link")]
    assert SINA["url"] in hrefs and any("?feature=china_laos_railway" in h for h in hrefs)
    related = [link for e in entries for link in e.findall(f"{ATOM}link") if link.get("rel") == "related"]
    assert {(link.get("href"), link.get("title")) for link in related} == {(SINA["url"], SINA["outlet"])}
    assert {e.findtext(f"{ATOM}updated")[:10] for e in entries} == {"2026-12-01"}
    title = {"en": "passengers", "zh": "客运量", "id": "penumpang"}[lang]
    assert any(title in e.findtext(f"{ATOM}title") for e in entries)
    # the ids are stable: the same log gives the same ids again
    again = ET.fromstring(changelog.feed_xml(load_catalog(data_copy), lang))
    assert {e.findtext(f"{ATOM}id") for e in again.findall(f"{ATOM}entry")} == ids


def test_an_empty_log_is_a_valid_feed_with_no_entry(data_copy):
    root = ET.fromstring(changelog.feed_xml(load_catalog(data_copy), "en"))
    assert root.findall(f"{ATOM}entry") == []


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", 'Status: Under construction → Operational, 2023-10-17, <a href="http://www.namnewsnetwork.org/?p=314901"'),
        ("zh", "状态: 在建 → 运营中, 2023-10-17"),
    ],
)
def test_the_details_panel_shows_the_history(data_copy, lang, said):
    from atlas.render import details_html

    test_a_status_change_logs_old_and_new_status(data_copy)
    html = details_html(load_catalog(data_copy), "jakarta_bandung_hsr", lang)
    assert said in html


def test_review_on_a_terminal_asks_per_proposal(data_copy, tmp_path, monkeypatch, capsys):
    f = _proposal_file(tmp_path / "sina.json", sina("figure", **{**PASSENGERS, "value": 1}))
    answers = iter(["e", "value=19510000", "a"])  # edit the wrong value, then accept
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: next(answers))
    assert main(["review", "--file", str(f), "--data-dir", str(data_copy)]) == 0
    assert rows(data_copy, "facts.csv")[-1]["value"] == "19510000"
    assert "19510000 passengers (2025-12-31)" in capsys.readouterr().out
