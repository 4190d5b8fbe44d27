"""The linker's evaluation on real articles (bench/linker_eval.py): its scoring, and the scores it keeps."""

from bench.linker_eval import evaluate, rates, score

GOLD = {
    "sentences": [["The ECRL is 80% complete.", ["ecrl"]], ["Whoosh carried 12 million passengers.", ["jakarta_bandung_hsr"]]],
    "figures": [
        {"feature": "ecrl", "value": 80, "unit": "percent"},
        {"feature": "jakarta_bandung_hsr", "value": 12e6, "unit": "passengers"},
    ],
}


def test_scoring_counts_matches_misses_and_false_finds():
    found = {
        "excerpts": [
            {"text": "The ECRL is 80% complete.", "feature_ids": ["ecrl", "mckip"]},  # right sentence, one extra feature
            {"text": "Kuantan Port grew.", "feature_ids": ["kuantan_port"]},  # not labelled: a false find
        ],
        "facts": [
            {"feature_id": "ecrl", "metric": "percent_complete", "value": 80.2, "unit": "percent"},  # within 0.5%
            {"feature_id": "ecrl", "metric": "length", "value": 665, "unit": "km"},  # not labelled
        ],
    }
    c = score(found, GOLD)
    r = rates(c)
    assert (r["sentence_precision"], r["sentence_recall"]) == (0.5, 0.5)
    assert (c["pairs_found"], c["pairs_false"]) == (1, 2)
    assert (r["figure_precision"], r["figure_recall"]) == (0.5, 0.5)
    assert [m["feature_ids"] for m in c["missed_sentences"]] == [["jakarta_bandung_hsr"]]


def test_the_real_articles_keep_their_scores():
    """The ten labelled articles: what the closing note of issue 13 reports (a drop is a regression)."""
    r = rates(evaluate()["total"])
    assert r["sentence_recall"] >= 0.95 and r["sentence_precision"] >= 0.90, r
    assert r["figure_recall"] >= 0.80, r
