"""Path computation on the network: `python -m atlas bench --journeys`.

Times building the graph and computing journeys (shortest path and legs at a year, without the
by-year series) on the bundled data and on synthetic data of N features; a table, then a JSON last line.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from atlas import journeys
from atlas.catalog import load_catalog
from bench.runner import median_time

REAL = [("Kunming", "Vientiane"), ("Kunming", "Bangkok"), ("Kunming", "Singapore"), ("Hanoi", "Kunming")]


def _time(fn, runs: int = 5) -> float:
    return median_time(fn, runs)


def measure(catalog, pairs) -> dict:
    build = _time(lambda: journeys.build(catalog), runs=3)
    net = journeys.build(catalog)
    paths = {f"{a} → {b}": _time(lambda a=a, b=b: journeys.journey(net, catalog, a, b, 2026, years=False)) for a, b in pairs}
    full = _time(lambda: journeys.journey(net, catalog, *pairs[-1], years=True), runs=3)
    return {
        "nodes": net.graph.number_of_nodes(),
        "edges": net.graph.number_of_edges(),
        "build_s": build,
        "paths_s": paths,
        "with_years_s": full,
    }


def main(features: int = 10000) -> int:
    real = measure(load_catalog(), REAL)
    from bench.generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        synthetic = load_catalog(generate(Path(tmp) / "data", features))
        net = journeys.build(synthetic)
        ends = [n for n in net.graph.nodes if n.startswith("end:")]
        pairs = [(net.labels[ends[0]][0], net.labels[ends[-1]][0]), (net.labels[ends[1]][0], net.labels[ends[len(ends) // 2]][0])]
        syn = measure(synthetic, pairs)
    print(f"{'data':<28}{'nodes':>7}{'edges':>8}{'build (s)':>11}  slowest path (s)  with by-year series (s)")
    for name, m in (("bundled", real), (f"synthetic, {features:,} features", syn)):
        print(
            f"{name:<28}{m['nodes']:>7}{m['edges']:>8}{m['build_s']:>11.3f}  {max(m['paths_s'].values()):>16.4f}  {m['with_years_s']:>23.3f}"
        )
    for name, t in real["paths_s"].items():
        print(f"  bundled {name}: {t:.4f} s")
    print(json.dumps({"bundled": real, "synthetic": syn, "features": features}, ensure_ascii=False))
    return 0
