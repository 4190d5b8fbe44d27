"""The article linker measured on real text: `python -m atlas bench --linker`.

Runs `link_article` on every article in tests/articles/real/ and scores it against the
hand labels in labels.json, as tests/articles/real/README.md defines: sentences
(precision, recall), (sentence, feature) pairs, figures. Prints a table per article
and overall, every miss and false find, and a JSON object as the last line.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from atlas.catalog import load_catalog
from atlas.data import Catalog
from atlas.linking import link_article

REAL = Path(__file__).resolve().parents[1] / "tests" / "articles" / "real"
VALUE_TOLERANCE = 0.005


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _matches(a: str, b: str) -> bool:
    a, b = _squash(a), _squash(b)
    return bool(a) and bool(b) and (a in b or b in a)


def _same_figure(gold: dict, found: dict) -> bool:
    if gold["feature"] != found["feature_id"] or gold["unit"] != found["unit"]:
        return False
    return abs(float(found["value"]) - float(gold["value"])) <= VALUE_TOLERANCE * abs(float(gold["value"]))


def score(found: dict, gold: dict) -> dict:
    """Counts and the misses of one article (see tests/articles/real/README.md)."""
    sents = gold["sentences"]
    correct_excerpts = 0
    false_excerpts = []
    hit: set[int] = set()
    pair_gold = {(i, f) for i, (_, ids) in enumerate(sents) for f in ids}
    pair_found: set[tuple[int, str]] = set()
    pair_false = 0
    for ex in found["excerpts"]:
        ids = set(ex["feature_ids"])
        good = [i for i, (text, gids) in enumerate(sents) if _matches(ex["text"], text) and ids & set(gids)]
        if good:
            correct_excerpts += 1
            hit.update(good)
            for i in good:
                pair_found |= {(i, f) for f in ids if (i, f) in pair_gold}
                pair_false += len(ids - set(sents[i][1]))
        else:
            false_excerpts.append({"text": ex["text"][:120], "feature_ids": sorted(ids)})
            pair_false += len(ids)
    figures = found["facts"]
    fig_hit = [g for g in gold["figures"] if any(_same_figure(g, f) for f in figures)]
    fig_false = [f for f in figures if not any(_same_figure(g, f) for g in gold["figures"])]
    return {
        "excerpts": len(found["excerpts"]),
        "correct_excerpts": correct_excerpts,
        "sentences": len(sents),
        "sentences_found": len(hit),
        "pairs": len(pair_gold),
        "pairs_found": len(pair_found),
        "pairs_false": pair_false,
        "figures": len(gold["figures"]),
        "figures_found": len(fig_hit),
        "figures_reported": len(figures),
        "figures_false": len(fig_false),
        "missed_sentences": [{"text": t[:120], "feature_ids": ids} for i, (t, ids) in enumerate(sents) if i not in hit],
        "false_excerpts": false_excerpts,
        "missed_figures": [g for g in gold["figures"] if g not in fig_hit],
        "false_figures": [{k: f[k] for k in ("feature_id", "metric", "value", "unit")} for f in fig_false],
        "ambiguous": found.get("ambiguous", []),
    }


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def rates(c: dict) -> dict:
    return {
        "sentence_precision": _ratio(c["correct_excerpts"], c["excerpts"]),
        "sentence_recall": _ratio(c["sentences_found"], c["sentences"]),
        "pair_precision": _ratio(c["pairs_found"], c["pairs_found"] + c["pairs_false"]),
        "pair_recall": _ratio(c["pairs_found"], c["pairs"]),
        "figure_precision": _ratio(c["figures_reported"] - c["figures_false"], c["figures_reported"]),
        "figure_recall": _ratio(c["figures_found"], c["figures"]),
    }


COUNTS = ("excerpts", "correct_excerpts", "sentences", "sentences_found", "pairs", "pairs_found", "pairs_false")
COUNTS += ("figures", "figures_found", "figures_reported", "figures_false")


def evaluate(catalog: Catalog | None = None, folder: Path = REAL) -> dict:
    catalog = catalog or load_catalog()
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    per, total, seconds = {}, dict.fromkeys(COUNTS, 0), 0.0
    by_set: dict[str, dict] = {}
    for slug, gold in labels.items():
        text = (folder / f"{slug}.txt").read_text(encoding="utf-8")
        start = time.perf_counter()
        found = link_article(text, catalog)
        seconds += time.perf_counter() - start
        per[slug] = score(found, gold)
        group = by_set.setdefault(gold.get("set", "development"), dict.fromkeys(COUNTS, 0))
        for k in COUNTS:
            total[k] += per[slug][k]
            group[k] += per[slug][k]
    return {"articles": per, "sets": by_set, "total": total, "seconds": round(seconds, 3)}


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def report(result: dict) -> str:
    head = "| article | sentences P | sentences R | pairs P | pairs R | figures P | figures R | labelled (s / f) |"
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|"]
    rows = [
        *result["articles"].items(),
        *((f"**{name}**", c) for name, c in result["sets"].items()),
        ("**all**", result["total"]),
    ]
    for slug, c in rows:
        r = rates(c)
        lines.append(
            f"| {slug} | {_fmt(r['sentence_precision'])} | {_fmt(r['sentence_recall'])} | {_fmt(r['pair_precision'])} | "
            f"{_fmt(r['pair_recall'])} | {_fmt(r['figure_precision'])} | {_fmt(r['figure_recall'])} | "
            f"{c['sentences']} / {c['figures']} |"
        )
    for slug, c in result["articles"].items():
        for kind in ("missed_sentences", "false_excerpts", "missed_figures", "false_figures", "ambiguous"):
            for item in c[kind]:
                lines.append(f"{slug}: {kind.replace('_', ' ')}: {json.dumps(item, ensure_ascii=False)}")
    summary = {"articles": len(result["articles"]), **rates(result["total"]), "seconds": result["seconds"]}
    summary["sets"] = {name: rates(c) for name, c in result["sets"].items()}
    return "\n".join([*lines, "", json.dumps(summary)])


def megabyte_run(catalog: Catalog | None = None, folder: Path = REAL, size: int = 1_000_000) -> dict:
    """link-article on the real articles repeated to `size` bytes, each sentence made unique by a
    number in front of it (the linker reads a repeated sentence only once)."""
    catalog = catalog or load_catalog()
    paras = [p for f in sorted(folder.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
    parts, total, n = [], 0, 0
    while total < size:
        for para in paras:
            n += 1
            numbered = re.sub(r"(^|(?<=[.!?。！？] ))", f"[{n}] ", para)
            parts.append(numbered)
            total += len(numbered.encode("utf-8")) + 2
    text = "\n\n".join(parts)
    start = time.perf_counter()
    found = link_article(text, catalog)
    return {
        "bytes": len(text.encode("utf-8")),
        "seconds": round(time.perf_counter() - start, 2),
        "excerpts": len(found["excerpts"]),
    }


def main() -> int:
    catalog = load_catalog()
    table, summary = report(evaluate(catalog)).rsplit("\n", 1)
    big = megabyte_run(catalog)
    print(table)
    print(
        f"link-article on {big['bytes']:,} bytes (the articles repeated, sentences numbered): {big['seconds']} s, {big['excerpts']:,} excerpts"
    )
    print(json.dumps({**json.loads(summary), "megabyte_seconds": big["seconds"]}))
    return 0
