"""Cost at scale of the pages and the linker (issue 9): `python -m bench.scale [--features N] [--sentences N]`.

Pages: AppTest runs of the Sources and Projects pages on N synthetic features
(bench/generate.py), twice each: the first run builds what is cached per data
fingerprint, the second is what every later visitor pays.
Linker: `link-article` on a synthetic article of N sentences, each naming four
features with two figures, as one text (sentences) and as one run-on sentence
(the case whose overlap checks grew with the square of the mentions).
Prints a table and, last, one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from bench.generate import generate

REPO = Path(__file__).resolve().parents[1]
SENTENCE = (
    "The China–Laos Railway and the East Coast Rail Link carried {i} passengers and {i} tonnes near Boten station, "
    "Kuantan Port and the Vientiane South station in week {i}"
)


def page_runs(n: int) -> dict[str, list[float]]:
    from streamlit.testing.v1 import AppTest

    from bench.apptest import navigation_app_test

    with tempfile.TemporaryDirectory() as tmp, navigation_app_test():
        os.environ["ATLAS_DATA_DIR"] = str(generate(Path(tmp) / "data", n))
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=3600)
        at.run()
        out: dict[str, list[float]] = {}
        for page in ("pages/sources.py", "pages/projects.py"):
            for _ in range(2):
                start = time.perf_counter()
                at.switch_page(page).run()
                assert not at.exception, at.exception
                out.setdefault(page, []).append(time.perf_counter() - start)
        os.environ.pop("ATLAS_DATA_DIR")
    return out


def linker_runs(n: int) -> dict[str, tuple[int, float]]:
    from atlas.catalog import load_catalog
    from atlas.linking import link_article

    cat = load_catalog()
    texts = {
        "sentences": ". ".join(SENTENCE.format(i=i) for i in range(n)) + ".",
        "one run-on sentence": ", ".join(SENTENCE.format(i=i) for i in range(n // 10)) + ".",
    }
    out = {}
    for name, text in texts.items():
        start = time.perf_counter()
        link_article(text, cat)
        out[name] = (len(text.encode("utf-8")), time.perf_counter() - start)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--features", type=int, default=1000)
    ap.add_argument("--sentences", type=int, default=5000)
    args = ap.parse_args()
    pages = page_runs(args.features)
    print(f"pages on {args.features:,} synthetic features (s)   first run   second run")
    for page, (first, second) in pages.items():
        print(f"  {page:<40}{first:>10.2f}{second:>13.2f}")
    linker = linker_runs(args.sentences)
    print("link-article                             bytes     seconds")
    for name, (size, secs) in linker.items():
        print(f"  {name:<34}{size:>11,}{secs:>10.2f}")
    print(
        json.dumps(
            {"features": args.features, "pages": pages, "linker": {k: {"bytes": b, "s": s} for k, (b, s) in linker.items()}}
        )
    )


if __name__ == "__main__":
    main()
