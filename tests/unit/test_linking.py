"""The article linker: recall and precision on two labelled articles, figures, furniture, errors."""

import json

import pytest

from atlas.catalog import load_catalog
from atlas.cli import main
from atlas.linking import body_paragraphs, build_terms, find_mentions, link_article, sentences
from tests.conftest import REPO, link_second_article

CAT = load_catalog()
SEED = REPO.parent / "shared" / "seeds" / "000_80fca922129cac07.txt"
SECOND = REPO / "tests" / "articles" / "second_article.txt"
SECOND_GOLD = json.loads((REPO / "tests" / "articles" / "second_article_gold.json").read_text(encoding="utf-8"))


def key(e):
    return (" ".join(e["text"].split()), tuple(sorted(e["feature_ids"])))


def score(found, gold):
    got, want = {key(e) for e in found}, {key(e) for e in gold}
    tp = len(got & want)
    return tp / len(want), (tp / len(got) if got else 0.0)


def first_article():
    if not SEED.exists():
        pytest.skip("shared/ seed not beside the checkout")
    return SEED.read_text(encoding="utf-8")


def test_first_article_recovers_the_curated_excerpts():
    gold = [{"text": e.text, "feature_ids": e.feature_ids} for e in CAT.sources["thinkchina_2024_11_18"].excerpts]
    recall, precision = score(link_article(first_article(), CAT)["excerpts"], gold)
    assert recall >= 0.95 and precision >= 0.90, (recall, precision)


def test_first_article_recovers_every_figure_in_facts_csv():
    found = {(f["feature_id"], f["metric"], f["value"], f["unit"]) for f in link_article(first_article(), CAT)["facts"]}
    from_article = CAT.facts[CAT.facts["source_id"] == "thinkchina_2024_11_18"]
    assert len(from_article) >= 5
    for f in from_article.itertuples():
        assert (f.feature_id, f.metric, f.value, f.unit) in found, f


def test_second_article_with_chinese_paragraph():
    out = link_article(SECOND.read_text(encoding="utf-8"), CAT)
    recall, precision = score(out["excerpts"], SECOND_GOLD["excerpts"])
    assert recall >= 0.95 and precision >= 0.90, (recall, precision)
    found = {(f["feature_id"], f["metric"], f["value"], f["unit"]) for f in out["facts"]}
    for f in SECOND_GOLD["facts"]:
        assert (f["feature_id"], f["metric"], float(f["value"]), f["unit"]) in found, f


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("The Laos–China Railway carried goods.", {"china_laos_railway"}),  # en dash
        ("the LAOS-CHINA RAILWAY carried goods.", {"china_laos_railway"}),  # case
        ("The Jakarta Bandung High Speed Railway opened.", {"jakarta_bandung_hsr"}),  # dashes dropped
        ("雅万高铁运营平稳。", {"jakarta_bandung_hsr"}),  # Chinese name
        ("马来西亚东海岸铁路进展顺利。", {"ecrl"}),
        # the longer name wins: no Kyaukpyu port inside the railway's name
        ("the Muse-Mandalay-Kyaukpyu railway project", {"muse_mandalay_railway", "mandalay_kyaukpyu_railway"}),
        # a shared alias is told apart by the country named
        ("Malaysia backs the Two Countries, Twin Parks model.", {"mckip", "cmqip"}),
        ("Indonesia backs the Two Countries, Twin Parks model.", {"yuanhong_investment_zone", "bintan_industrial_estate"}),
        ("A word like Mohanty or Botenxyz is not a station.", set()),
    ],
)
def test_mentions(text, ids):
    found = {fid for m in find_mentions(text, build_terms(CAT), catalog=CAT) for fid in m.feature_ids}
    assert found == ids


def test_page_furniture_is_left_out():
    text = (
        "Title line\n\nThe China-Laos railway runs.\n\nPassengers at Mohan Station. (SPH Media)\n\n"
        "… it can be said that the China-Laos railway runs.\n\nPopular This Month\nWhoosh news\n"
    )
    assert body_paragraphs(text) == ["Title line", "The China-Laos railway runs."]


@pytest.mark.parametrize(
    ("para", "expected"),
    [
        ("It started operation on Dec. 3, 2021. Then it grew.", ["It started operation on Dec. 3, 2021.", "Then it grew."]),
        ('He said "go." Then left.', ['He said "go."', "Then left."]),
        ("中老铁路开通。磨憨站很忙！", ["中老铁路开通。", "磨憨站很忙！"]),
        ("The U.S. view differs. Laos agrees.", ["The U.S. view differs.", "Laos agrees."]),
    ],
)
def test_sentences(para, expected):
    assert sentences(para) == expected


@pytest.mark.parametrize(
    ("sentence", "fact"),
    [
        ("The ECRL is 72.93% complete.", ("ecrl", "percent_complete", 72.93, "percent")),
        ("The ECRL is 64 per cent complete.", ("ecrl", "percent_complete", 64.0, "percent")),
        ("The 1,035-km China-Laos railway opened.", ("china_laos_railway", "length", 1035.0, "km")),
        ("The China-Laos railway moved 48.3 million tonnes of cargo.", ("china_laos_railway", "freight", 48_300_000.0, "tonnes")),
        ("中老铁路累计发送旅客4300万人次。", ("china_laos_railway", "passengers", 43_000_000.0, "passengers")),
        ("中老铁路累计运输货物4830万吨。", ("china_laos_railway", "freight", 48_300_000.0, "tonnes")),
    ],
)
def test_figures(sentence, fact):
    facts = link_article(sentence, CAT)["facts"]
    assert [(f["feature_id"], f["metric"], f["value"], f["unit"]) for f in facts] == [fact]


def test_cli_prints_json_and_empty_list_for_unrelated_text(tmp_path, capsys):
    art = tmp_path / "a.txt"
    art.write_text("It rained in Kunming-free Lisbon today.", encoding="utf-8")
    assert main(["link-article", str(art), "--source-id", "rain"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "source_id": "rain",
        "excerpts": [],
        "facts": [],
        "ambiguous": [],
        "too_long": [],
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read the article"),  # missing file
        ("中老铁路".encode("gb18030"), "not UTF-8 text"),  # wrong encoding
    ],
)
def test_cli_unreadable_article_is_one_line_and_exit_2(tmp_path, capsys, content, message):
    art = tmp_path / "a.txt"
    if content is not None:
        art.write_bytes(content)
    assert main(["link-article", str(art), "--source-id", "x"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err


def test_cli_write_makes_an_unreviewed_source_that_validates(data_copy, capsys):
    assert link_second_article(data_copy, "test_second") == 0
    capsys.readouterr()
    doc = json.loads((data_copy / "sources" / "test_second.json").read_text(encoding="utf-8"))
    assert doc["reviewed"] is False and len(doc["excerpts"]) == len(SECOND_GOLD["excerpts"])
    assert main(["validate", str(data_copy)]) == 0
    assert main(["validate", str(data_copy), "--against", f"test_second={SECOND}"]) == 0
    assert load_catalog(data_copy).sources["test_second"].reviewed is False


def test_cli_write_requires_provenance(data_copy, capsys):
    assert main(["link-article", str(SECOND), "--source-id", "t2", "--data-dir", str(data_copy), "--write"]) == 2
    assert "--write needs --outlet, --published, --url" in capsys.readouterr().err


def test_validate_against_reports_an_edited_excerpt(data_copy, tmp_path, capsys):
    path = data_copy / "sources" / "bangkokpost_2024_01_25.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    article = tmp_path / "bkp.txt"
    body = "\n\n".join(e["text"] for e in doc["excerpts"])
    article.write_text("Intro.\n\n" + body.replace("'", "’") + "\n", encoding="utf-8")
    assert main(["validate", str(data_copy), "--against", f"bangkokpost_2024_01_25={article}"]) == 0  # quote style aside
    doc["excerpts"][0]["text"] = doc["excerpts"][0]["text"].replace("7.5-kilometre", "8-kilometre")
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["validate", str(data_copy), "--against", f"bangkokpost_2024_01_25={article}"]) == 1
    assert "bangkokpost_2024_01_25#01: text: expected verbatim in" in capsys.readouterr().out
