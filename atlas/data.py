"""The loaded data's shape: Catalog, Problem, the layers and limits the readers share.

Reading and validating happen once, in atlas.catalog.load_catalog (files in
atlas/loading.py, geometries in atlas/geometry_check.py, references between
records in atlas/crosscheck.py). Every problem names its file, the record, the
field, what was expected and what was found; the invalid record (or the bad
reference) is left out and the valid rest is returned, so the app can show the
problems in a banner and still draw the map.
"""

from __future__ import annotations

import dataclasses
import os
import unicodedata
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from atlas import i18n, vocab
from atlas.finance import empty_finance
from atlas.schema import Source

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1] / "data"
# lon/lat box of the atlas: southern China (to Shandong) down to Indonesia.
REGION = vocab.REGION
LAYERS = ("rail_corridors", "border_stations", "industrial_parks", "ports", "corridors")
GEOMETRY_TYPES = ("Point", "LineString", "MultiLineString")
CHANGES_FILE = "changes.csv"  # the change log, docs/pipeline.md §4


# Problems are listed root causes first: a file that cannot be read, then a
# record's own fields, then references between records, then follow-ons.
FILE, FIELD, REFERENCE, FOLLOW_ON = range(4)
MAX_JSON_DEPTH = 64  # deeper nesting than any GeoJSON needs (and than Python's parser allows)
MAX_FILE_BYTES = 64 * 2**20  # a data file larger than this is refused unread (the largest layer is a few MB)


@dataclasses.dataclass(frozen=True)
class Problem:
    file: str
    record: str
    field: str
    message: str
    rank: int = dataclasses.field(default=FIELD, compare=False)

    def __str__(self) -> str:
        """One line, whatever the data holds: a control character (an id's trailing newline) is shown escaped."""
        return _one_line(f"{self.file}: {self.record}: {self.field}: {self.message}")


def _one_line(text: str) -> str:
    return "".join(repr(c)[1:-1] if unicodedata.category(c) == "Cc" else c for c in text)


@dataclasses.dataclass(frozen=True)
class Catalog:
    """Everything the app shows. Treat the frames as read-only."""

    data_dir: Path
    features: gpd.GeoDataFrame
    sources: dict[str, Source]
    excerpts: pd.DataFrame
    facts: pd.DataFrame
    milestones: pd.DataFrame
    agreements: pd.DataFrame
    countries: gpd.GeoDataFrame
    problems: tuple[Problem, ...] = ()
    # published outlines of point features (parks, ports): feature_id, source, geometry; drawn under the point
    outlines: gpd.GeoDataFrame = dataclasses.field(default_factory=lambda: empty_outlines())
    # AidData's finance layer (atlas/finance.py), indexed by AidData id; the whole layer, whatever the filters
    finance: gpd.GeoDataFrame = dataclasses.field(default_factory=empty_finance)
    # the change log (data/changes.csv, docs/pipeline.md §4): one row per changed field, in the order logged
    changes: pd.DataFrame = dataclasses.field(default_factory=lambda: empty_changes())

    def feature(self, feature_id: str) -> dict[str, Any] | None:
        rows = self.features[self.features["id"] == feature_id]
        return None if rows.empty else rows.iloc[0].to_dict()

    def name_of(self, any_id: str, lang: str = "en", *, marked: bool = False) -> str:
        """Display name of a feature or an agreement id (the id if unknown); in
        Chinese, its `name_zh` where there is one (with `marked`, an English one says so)."""
        for frame in (self.features, self.agreements):
            rows = frame[frame["id"] == any_id]
            if not rows.empty:
                return str(i18n.feature_name(rows.iloc[0], lang, marked=marked))
        return any_id


OUTLINE_COLUMNS = ["feature_id", "source", "geometry"]
OUTLINE_KINDS = tuple(k.code for k in vocab.KIND_TABLE if k.outline)


def empty_changes() -> pd.DataFrame:
    from atlas.schema import Change

    return pd.DataFrame(columns=list(Change.model_fields))


def empty_outlines() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(columns=OUTLINE_COLUMNS, geometry="geometry", crs="EPSG:4326")


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The explicit folder, else $ATLAS_DATA_DIR, else the bundled data/."""
    chosen = data_dir or os.environ.get("ATLAS_DATA_DIR") or DEFAULT_DATA_DIR
    return Path(chosen).resolve()


def fingerprint(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and mtimes of the data files: changes when data changes."""
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    return tuple((str(p.relative_to(data_dir)), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
