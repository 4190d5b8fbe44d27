"""Command line: python -m atlas validate | assets."""

from __future__ import annotations

import argparse
import sys

from atlas import assets
from atlas.data import load_catalog, resolve_data_dir


def cmd_validate(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    catalog = load_catalog(data_dir)
    if catalog.problems:
        for problem in catalog.problems:
            print(problem)
        print(f"{len(catalog.problems)} problem(s) in {data_dir}", file=sys.stderr)
        return 1
    n_ex = sum(len(s.excerpts) for s in catalog.sources.values())
    print(
        f"{data_dir}: OK — {len(catalog.features)} features, {len(catalog.agreements)} agreements, "
        f"{len(catalog.sources)} sources, {n_ex} excerpts, {len(catalog.facts)} facts, "
        f"{len(catalog.milestones)} milestones"
    )
    return 0


def cmd_assets(_args: argparse.Namespace) -> int:
    files = assets.install()
    v = assets.versions()
    print(f"static/: Leaflet {v['leaflet']}, jQuery {v['jquery']} ({len(files)} files checked)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m atlas", description="China–ASEAN Connectivity Atlas tools")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check every data file; exit 1 listing each problem")
    p.add_argument("data_dir", nargs="?", help="data folder (default: $ATLAS_DATA_DIR or data/)")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("assets", help="copy Leaflet and jQuery into static/ for the app to serve")
    p.set_defaults(func=cmd_assets)
    args = parser.parse_args(argv)
    return args.func(args)
