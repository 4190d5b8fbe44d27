"""The network as it stood at the end of a year, from the dated milestones.

A feature's state at the end of year Y is the state its latest milestone up to
then implies (opened → operational, construction started → under
construction, …); without such a milestone, its current status counts only if
that status was already reported by the end of Y. A feature whose state at
that date no source gives is left out, not guessed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from atlas.data import Catalog
from atlas.schema import parse_partial_date

EVENT_STATUS = {
    "opened": "operational",
    "trial_operation": "trial_operation",
    "construction_started": "under_construction",
    "suspended": "suspended",
    "cancelled": "cancelled",
    "resumed": "under_construction",
    "service_resumed": "operational",
    "approved": "planned",
    "agreement_signed": "planned",
    "feasibility_study": "planned",
}


def years(catalog: Catalog) -> list[int]:
    """The years a user can pick: from the first dated event or status to this year."""
    dates = [parse_partial_date(d).year for d in [*catalog.milestones["date"], *catalog.features["status_as_of"]]]
    if not dates:
        return []
    return list(range(min(dates), dt.date.today().year + 1))


def as_of_year(catalog: Catalog, year: int) -> Catalog:
    """The catalog with each feature's status at the end of `year` (features with no known state left out)."""
    end = dt.date(year, 12, 31)
    ms = catalog.milestones.copy()
    ms["_d"] = ms["date"].map(parse_partial_date)
    ms = ms[(ms["_d"] <= end) & ms["event"].isin(EVENT_STATUS)].sort_values("_d")
    latest = ms.groupby("feature_id").tail(1).set_index("feature_id")
    f = catalog.features.copy()
    statuses, as_of, keep = [], [], []
    for fid, status, status_date in zip(f["id"], f["status"], f["status_as_of"], strict=True):
        current_known = parse_partial_date(status_date) <= end
        if current_known:
            statuses.append(status)
            as_of.append(status_date)
            keep.append(True)
        elif fid in latest.index:
            statuses.append(EVENT_STATUS[latest.loc[fid, "event"]])
            as_of.append(latest.loc[fid, "date"])
            keep.append(True)
        else:
            statuses.append(status)
            as_of.append(status_date)
            keep.append(False)
    f["status"], f["status_as_of"] = statuses, as_of
    f = f[keep]
    return dataclasses.replace(catalog, features=f)
