"""The command line gives one clear line and a non-zero exit for every bad input (issue 19 items 7, 9, 10)."""

from __future__ import annotations

import json
import os

import pytest

from atlas import cli
from atlas.catalog import load_catalog
from atlas.cli import main
from atlas.linking import link_article
from tests.conftest import SECOND_ARTICLE

WRITE = ["--write", "--outlet", "Atlas tests", "--published", "2026-11-29", "--url", "https://example.org/a"]


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _replace(argv: list[str], flag: str, value: str) -> list[str]:
    return [value if i and argv[i - 1] == flag else a for i, a in enumerate(argv)]


@pytest.mark.parametrize(
    ("flag", "value", "said"),
    [
        # regression: "the source metadata is not valid: 1 validation error for Source" named neither field nor reason
        (
            "--published",
            "2025-13-01",
            "--write: --published '2025-13-01': expected an ISO date YYYY[-MM[-DD]], found '2025-13-01'",
        ),
        (
            "--url",
            "javascript:alert(1)",
            "--write: --url 'javascript:alert(1)': expected a web address starting with http:// or https://, "
            "found 'javascript:alert(1)'",
        ),
    ],
)
def test_link_article_write_names_the_bad_field_and_why(data_copy, capsys, flag, value, said):
    argv = ["link-article", SECOND_ARTICLE, "--source-id", "bad_meta", "--data-dir", data_copy, *_replace(WRITE, flag, value)]
    code, _, err = _run(capsys, *argv)
    assert code == 2
    assert err.splitlines()[-1] == f"error: {said}"
    assert not (data_copy / "sources" / "bad_meta.json").exists()


def test_link_article_on_a_missing_data_folder_is_an_error(capsys):
    # regression: exit 0 with an empty result and no warning
    code, out, err = _run(capsys, "link-article", SECOND_ARTICLE, "--source-id", "x", "--data-dir", "/tmp/nonexistent-atlas")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "error: --data-dir /tmp/nonexistent-atlas: expected a data folder, found none"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--features", "-1"], "--features -1: expected a whole number of at least 1"),  # regression: a traceback
        (["--features", "0"], "--features 0: expected a whole number of at least 1"),  # regression: silently 1000
        (["--journeys", "--features", "0"], "--features 0: expected a whole number of at least 1"),
        (["--load", "--users", "0"], "--users 0: expected a whole number of at least 1"),  # regression: exit 0
        (["--load", "--actions", "-3"], "--actions -3: expected a whole number of at least 1"),
    ],
)
def test_bench_refuses_counts_below_one(capsys, monkeypatch, argv, said):
    import bench.journey_bench
    import bench.runner

    ran = []  # the benchmark itself must not start
    monkeypatch.setattr(bench.runner, "main", lambda args: ran.append(args) or 0)
    monkeypatch.setattr(bench.journey_bench, "main", lambda n: ran.append(n) or 0)
    code, _, err = _run(capsys, "bench", *argv)
    assert (code, err.splitlines()[-1], ran) == (2, f"error: {said}", [])


def test_audit_of_a_folder_with_an_unreadable_layer_reports_it_and_fails(data_copy, capsys):
    # regression: ports.geojson holding [1,2,3] gave exit 0, 95 features and no word of the problem
    (data_copy / "geo" / "ports.geojson").write_text("[1,2,3]", encoding="utf-8")
    code, out, err = _run(capsys, "audit", data_copy, "--today", "2026-11-29")
    assert code == 1
    assert out  # the audit of the valid rest is still printed
    assert "data/geo/ports.geojson: (file): type: expected a FeatureCollection, found 'list'" in err
    assert "problem(s) in" in err.splitlines()[-1]


def test_audit_of_a_missing_folder_is_an_error(capsys):
    code, out, err = _run(capsys, "audit", "/nonexistent-atlas")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "error: /nonexistent-atlas: expected a data folder, found none"


def test_link_article_refuses_a_huge_file_with_a_clear_message(tmp_path, capsys, monkeypatch):
    # regression: a 5.8 MB text without full stops took 78 s and 461 MB and gave one 5.8 MB excerpt
    monkeypatch.setattr(cli, "MAX_ARTICLE_BYTES", 1000)
    article = tmp_path / "huge.txt"
    article.write_text("China–Laos Railway " * 100, encoding="utf-8")
    code, out, err = _run(capsys, "link-article", article, "--source-id", "huge")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"error: {article}: cannot read the article: expected a text file, found 2,100 bytes (at most 1,000 are read)"
    )


@pytest.mark.parametrize("kind", ["fifo", "dev_zero"])
def test_link_article_reads_only_regular_files(tmp_path, capsys, kind):
    article = tmp_path / "article.txt"
    if kind == "fifo":
        os.mkfifo(article)
    else:
        article.symlink_to("/dev/zero")
    code, _, err = _run(capsys, "link-article", article, "--source-id", "x")
    assert code == 2 and "only regular files are read" in err


def test_a_sentence_longer_than_an_excerpt_may_be_is_named_not_kept():
    text = "The China–Laos Railway " + "and more " * 400 + "carried 1 million passengers."
    found = link_article(text, load_catalog())
    assert found["excerpts"] == []
    assert found["too_long"] == [{"start": text[:80], "chars": len(text)}]


ZW = load_catalog()


@pytest.mark.parametrize(
    "sentence",
    [
        # regression: zero-width characters and soft hyphens inside a name stopped the match
        "The China\u200d–Laos\u200b Railway carried 1 million passengers in 2024.",
        "中\u200d老铁路今年运送旅客超过1000万人次。",
        "The China–Laos Rail\u00adway opened in 2021.",
        "\ufeffThe China\u2060–Laos Railway opened in 2021.",
    ],
)
def test_invisible_characters_do_not_stop_a_match_and_the_text_stays_verbatim(sentence):
    found = link_article(sentence, ZW)
    assert [e["feature_ids"] for e in found["excerpts"]] == [["china_laos_railway"]]
    assert found["excerpts"][0]["text"] == sentence  # verbatim, invisible characters and all


def test_link_article_write_never_clobbers_a_file_written_meanwhile(data_copy, capsys, monkeypatch):
    # regression: --write checked exists() and then wrote: a second writer in between was overwritten
    target = data_copy / "sources" / "race.json"
    real = cli.Source.model_validate

    def other_writer_gets_there_first(doc):  # between the check for the file and the write
        if isinstance(doc, dict) and doc.get("id") == "race":
            target.write_text('{"written": "by the other writer"}', encoding="utf-8")
        return real(doc)

    monkeypatch.setattr(cli.Source, "model_validate", other_writer_gets_there_first)
    code, _, err = _run(capsys, "link-article", SECOND_ARTICLE, "--source-id", "race", "--data-dir", data_copy, *WRITE)
    assert code == 2 and "exists already" in err
    assert json.loads(target.read_text(encoding="utf-8")) == {"written": "by the other writer"}
    assert sorted(p.name for p in target.parent.glob(".race*")) == []  # no temporary file left behind


def test_write_atomic_goes_through_a_temporary_file_renamed_into_place(tmp_path, monkeypatch):
    from atlas.files import write_atomic  # the one writer of data files

    path = tmp_path / "facts.csv"
    path.write_text("old\n", encoding="utf-8")
    seen = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (seen.append((src, dst, path.read_text())), real_replace(src, dst)))
    write_atomic(path, "new\n")
    ((src, dst, during),) = seen
    assert str(dst) == str(path) and str(src) != str(path) and os.path.dirname(src) == str(tmp_path)
    assert during == "old\n"  # a reader sees the old file until the new one is whole
    assert path.read_text() == "new\n" and os.listdir(tmp_path) == ["facts.csv"]
    with pytest.raises(FileExistsError):
        write_atomic(path, "other\n", exclusive=True)
    assert path.read_text() == "new\n" and os.listdir(tmp_path) == ["facts.csv"]
