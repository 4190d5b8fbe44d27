"""The ingest proposals measured on labelled articles: `python -m atlas bench --ingest [--articles DIR]`.

For each `<id>.json` label file with its `<id>.txt` article (docs/pipeline.md §6), the proposal engine
(atlas/propose.py) runs on the article offline, from the file, against the bundled data (or `--data-dir D`: the
data as it was when the labels were made), and its proposals are
scored against the labels per type: an excerpt matches on (feature, sentence) — the sentences equal all whitespace
aside, or one containing the other, since the engine and a labeller may split a sentence differently; a status on
(feature, status, date); a figure on (feature, metric, value within 1 %); a milestone on (feature, date, event).
Proposals the engine marks `repeat` (the data holds them: not proposed) are not scored. Each label is matched at
most once. Prints a table per article and the totals per type, every miss and false find, then one JSON line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from atlas.catalog import load_catalog
from atlas.data import Catalog
from atlas.propose import propose

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "tests" / "articles" / "ingest"
TYPES = ("excerpt", "status", "figure", "milestone")
VALUE_TOLERANCE = 0.01


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _same_sentence(a: str, b: str) -> bool:
    a, b = _squash(a), _squash(b)
    return bool(a) and bool(b) and (a == b or a in b or b in a)


def matches(label: dict, found: dict) -> bool:
    """docs/pipeline.md §6's matching rule for the label's type."""
    if label.get("type") != found.get("type") or label.get("feature_id") != found.get("feature_id"):
        return False
    kind = label["type"]
    if kind == "excerpt":
        return _same_sentence(label.get("text", ""), found.get("text", ""))
    if kind == "status":
        return label.get("status") == found.get("status") and str(label.get("date")) == str(found.get("date"))
    if kind == "figure":
        if label.get("metric") != found.get("metric"):
            return False
        try:
            gold, got = float(label["value"]), float(found["value"])
        except (KeyError, TypeError, ValueError):
            return False
        return abs(got - gold) <= VALUE_TOLERANCE * abs(gold)
    if kind == "milestone":
        return str(label.get("date")) == str(found.get("date")) and label.get("event") == found.get("event")
    return False


def score(labels: list[dict], found: list[dict]) -> dict:
    """Per type: labelled, proposed, matched (labels found), correct (proposals that match a label), the misses and false
    finds, and `held`: missed labels the engine did find but marked `repeat` (the data given already holds them)."""
    repeats = [p for p in found if p.get("repeat")]
    found = [p for p in found if not p.get("repeat")]
    out = {}
    for kind in TYPES:
        gold = [g for g in labels if g.get("type") == kind]
        got = [p for p in found if p.get("type") == kind]
        used: set[int] = set()
        correct = 0
        false = []
        for p in got:
            hit = next((i for i, g in enumerate(gold) if i not in used and matches(g, p)), None)
            if hit is None:
                hit = next((i for i, g in enumerate(gold) if matches(g, p)), None)  # a duplicate of a found label
                if hit is None:
                    false.append(p)
                    continue
            else:
                used.add(hit)
            correct += 1
        missed = [gold[i] for i in range(len(gold)) if i not in used]
        out[kind] = {
            "held": sum(1 for g in missed if any(matches(g, p) for p in repeats)),
            "labelled": len(gold),
            "proposed": len(got),
            "matched": len(used),
            "correct": correct,
            "missed": missed,
            "false": false,
        }
    return out


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def rates(c: dict) -> dict:
    return {"precision": _ratio(c["correct"], c["proposed"]), "recall": _ratio(c["matched"], c["labelled"])}


def evaluate(folder: Path = DEFAULT, catalog: Catalog | None = None) -> dict:
    folder = Path(folder)
    catalog = catalog or load_catalog()
    per: dict[str, dict] = {}
    problems: list[str] = []
    for label_file in sorted(folder.glob("*.json")):
        article = label_file.with_suffix(".txt")
        if not article.is_file():
            problems.append(f"{label_file.name}: no {article.name} beside it: left out")
            continue
        try:
            doc = json.loads(label_file.read_text(encoding="utf-8"))
        except ValueError as err:
            problems.append(f"{label_file.name}: not JSON ({err}): left out")
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get("proposals"), list):
            problems.append(f'{label_file.name}: expected an object with a "proposals" list: left out')
            continue
        text = article.read_text(encoding="utf-8")
        sid = doc.get("id") or label_file.stem
        found = propose(text, catalog, source_id=sid, published=doc.get("published"), outlet=doc.get("outlet"))
        per[label_file.stem] = {"language": doc.get("language"), **score(doc["proposals"], found)}
    totals = {
        k: {m: sum(a[k][m] for a in per.values()) for m in ("labelled", "proposed", "matched", "correct", "held")} for k in TYPES
    }
    return {"articles": per, "totals": totals, "problems": problems}


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def report(result: dict) -> str:
    head = "| article | " + " | ".join(f"{k} P | {k} R" for k in TYPES) + " | labelled (e / s / f / m) |"
    lines = [head, "|---|" + "---:|" * (2 * len(TYPES) + 1)]
    for slug, c in [*result["articles"].items(), ("**all**", result["totals"])]:
        cells = " | ".join(f"{_fmt(rates(c[k])['precision'])} | {_fmt(rates(c[k])['recall'])}" for k in TYPES)
        labelled = " / ".join(str(c[k]["labelled"]) for k in TYPES)
        lines.append(f"| {slug} | {cells} | {labelled} |")
    keep = ("feature_id", "status", "date", "metric", "value", "event")
    for slug, c in result["articles"].items():
        for k in TYPES:
            for g in c[k]["missed"]:
                item = {x: g[x] for x in keep if x in g} | {"text": (g.get("text") or "")[:100]}
                lines.append(f"{slug}: missed {k}: {json.dumps(item, ensure_ascii=False)}")
            for p in c[k]["false"]:
                item = {x: p[x] for x in keep if x in p} | {"text": (p.get("text") or "")[:100]}
                lines.append(f"{slug}: false {k}: {json.dumps(item, ensure_ascii=False)}")
    lines += [f"problem: {p}" for p in result["problems"]]
    summary = {
        "articles": len(result["articles"]),
        "languages": sorted({str(a.get("language")) for a in result["articles"].values()}),
        **{k: {**rates(result["totals"][k]), **result["totals"][k]} for k in TYPES},
    }
    return "\n".join([*lines, "", json.dumps(summary, ensure_ascii=False)])


# The labels were made against the data as it was before they were applied (30 Nov 2026); scored against today's
# data every label would be a repeat. The frozen copy is tests/fixtures/data_2026_11 (the finance layer, which the
# update did not change, taken from data/).
FROZEN = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "data_2026_11"


def frozen_data(dst: Path) -> Path:
    """A writable copy of the frozen data at `dst`, with the finance layer of data/ (the tests' fixtures use it too)."""
    import shutil

    shutil.copytree(FROZEN, dst)
    shutil.copytree(FROZEN.parent.parent.parent / "data" / "finance", dst / "finance")
    return dst


def frozen_catalog():
    import tempfile

    with tempfile.TemporaryDirectory(prefix="atlas-frozen-") as tmp:
        return load_catalog(frozen_data(Path(tmp) / "data"))


def main(folder: str | None = None, data_dir: str | None = None) -> int:
    path = Path(folder) if folder else DEFAULT
    if not path.is_dir():
        print(f"error: {path}: no folder of labelled articles (docs/pipeline.md §6)", file=__import__("sys").stderr)
        return 2
    catalog = load_catalog(data_dir) if data_dir else frozen_catalog()
    if catalog.problems:
        print(
            f"error: {data_dir}: {len(catalog.problems)} problem(s) in the data (python -m atlas validate)",
            file=__import__("sys").stderr,
        )
        return 2
    result = evaluate(path, catalog)
    if not result["articles"]:
        print(f"error: {path}: no <id>.json label file with its <id>.txt article", file=__import__("sys").stderr)
        return 2
    print(report(result))
    return 0
