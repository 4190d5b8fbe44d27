"""load_catalog(): read, validate and cross-check a data folder into one Catalog.

The top of the loading modules, imported by the app, the CLI and the tests; nothing it
imports imports it back: atlas.data (the records and the Catalog), atlas.loading (each
file, record by record), atlas.geometry_check (each geometry) and atlas.crosscheck (the
checks between records) sit below it.
"""

from __future__ import annotations

import dataclasses
import os

from atlas.crosscheck import Loaded, cross_check, load_countries, load_outlines
from atlas.data import CHANGES_FILE, FILE, Catalog, Problem, resolve_data_dir
from atlas.loading import Loader, load_features, load_sources, read_rows
from atlas.schema import Agreement, Change, Fact, Milestone


def load_catalog(data_dir: str | os.PathLike | None = None) -> Catalog:
    """Read, validate and cross-check every file of the data folder."""
    loader = Loader(resolve_data_dir(data_dir))
    if not loader.dir.is_dir():
        found = "a file" if loader.dir.exists() else "none"
        folder = Problem(str(loader.dir), "(folder)", "(folder)", f"expected a data folder, found {found}", FILE)
    else:
        folder = None
        for sub, what in (("geo", "GeoJSON layers"), ("sources", "source files")):
            if not (loader.dir / sub).is_dir():
                loader.add(
                    f"{loader.dir.name}/{sub}/", "(folder)", "(folder)", f"expected the folder of {what}, found none", rank=FILE
                )
    features, related = load_features(loader)
    sources = load_sources(loader)
    facts = read_rows(loader, "facts.csv", Fact, "feature_id")
    milestones = read_rows(loader, "milestones.csv", Milestone, "feature_id")
    agreements = read_rows(loader, "agreements.csv", Agreement, "id")
    # the change log is optional: a data folder without one has no history yet
    changes = read_rows(loader, CHANGES_FILE, Change, "feature_id") if (loader.dir / CHANGES_FILE).exists() else []
    countries = load_countries(loader)
    catalog = cross_check(loader, Loaded(features, related, sources, facts, milestones, agreements, countries, changes))
    outlines = load_outlines(loader, catalog.features)
    if folder is not None:  # no folder: that is the only problem (not one per file it would hold)
        loader.problems = [folder]
    return dataclasses.replace(catalog, outlines=outlines, problems=loader.sorted_problems())
