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


# the years a link may name (?year=); the slider offers those from the first dated event on
YEAR_RANGE = (1990, 2100)


def years(catalog: Catalog) -> list[int]:
    """The years a user can pick: from the first dated event or status of a project to this year. Context
    lines (role "context", the century-old main lines journeys run on) do not stretch the slider back to
    the 1920s, and no year before the first a link accepts (YEAR_RANGE) is offered."""
    f, ms = catalog.features, catalog.milestones
    if "role" in f.columns:
        context = set(f.loc[f["role"] == "context", "id"])
        f, ms = f[~f["id"].isin(context)], ms[~ms["feature_id"].isin(context)]
    earlier = [written for fid, _, _, written in reported_states(catalog) if fid in set(f["id"])]
    dates = [parse_partial_date(d).year for d in [*ms["date"], *f["status_as_of"], *earlier]]
    if not dates:
        return []
    return list(range(max(min(dates), YEAR_RANGE[0]), dt.date.today().year + 1))


def reported_states(catalog: Catalog) -> list[tuple[str, dt.date, str, str]]:
    """(feature, date, status, date as written) for each state the data reported before a newer source replaced
    it: the old values of the change log's `status_as_of` rows (with the old `status` logged beside them). A
    confirmation moves `status_as_of` forward; without this, a line open since 2013 and confirmed in 2025 would
    vanish from the years between."""
    log = getattr(catalog, "changes", None)
    if log is None or log.empty:
        return []
    f = catalog.features
    current = dict(zip(f["id"], zip(f["status"], f["status_as_of"], strict=True), strict=True))
    out = []
    for fid, group in log.groupby("feature_id", sort=False):
        if fid not in current:
            continue
        status = current[fid][0]
        rows = group.to_dict("records")
        for i in range(len(rows) - 1, -1, -1):
            r = rows[i]
            if r["field"] == "status" and r["old"]:
                status = r["old"]
            elif r["field"] == "status_as_of" and r["old"]:
                before = rows[i - 1] if i else None  # one batch logs `status` then `status_as_of` for a change
                if before and before["field"] == "status" and before["date"] == r["date"] and before["old"]:
                    status = before["old"]
                out.append((fid, parse_partial_date(r["old"]), status, r["old"]))
    return out


def as_of_year(catalog: Catalog, year: int) -> Catalog:
    """The catalog with each feature's status at the end of `year` (features with no known state left out).

    The milestones are read in date order: the newest one up to the end of the year gives the state, unless
    the current status was reported on a later day (still by the end of the year), which then wins."""
    end = dt.date(year, 12, 31)
    f = catalog.features
    if f.empty:
        return dataclasses.replace(catalog, features=f.copy())
    ms = catalog.milestones
    latest: dict[str, tuple[dt.date, str, str]] = {}
    if not ms.empty:
        for fid, date, event in zip(ms["feature_id"], ms["date"], ms["event"], strict=True):
            if event not in EVENT_STATUS:
                continue
            d = parse_partial_date(date)
            if d <= end and (fid not in latest or d >= latest[fid][0]):
                latest[fid] = (d, EVENT_STATUS[event], date)
    for fid, d, status, written in reported_states(catalog):  # earlier reports a later source replaced
        if d <= end and (fid not in latest or d >= latest[fid][0]):
            latest[fid] = (d, status, written)
    statuses, as_of, keep = [], [], []
    for fid, status, status_date in zip(f["id"], f["status"], f["status_as_of"], strict=True):
        reported = parse_partial_date(status_date)
        event = latest.get(fid)
        if reported <= end and (event is None or reported >= event[0]):
            statuses.append(status)
            as_of.append(status_date)
            keep.append(True)
        elif event is not None:
            statuses.append(event[1])
            as_of.append(event[2])
            keep.append(True)
        else:
            statuses.append(status)
            as_of.append(status_date)
            keep.append(False)
    f = f.copy()
    f["status"], f["status_as_of"] = statuses, as_of
    return dataclasses.replace(catalog, features=f[keep])


FUTURE_EVENTS = ("planned_opening", "expected_opening", "planned_completion")  # events that may lie after today


def milestone_problems(features, milestones: list[dict], today: dt.date | None = None) -> list[tuple[str, str, str, str]]:
    """Milestones that contradict each other or the calendar, as (kind, record, field, message): kind is
    'milestone' (record: the row's index in `milestones`) or 'feature' (record: the feature id).

    - an event after today, unless it is one that is announced ahead (FUTURE_EVENTS);
    - an opening before the start of construction of the same feature;
    - a feature's status that the newest milestone on or after its `status_as_of` contradicts."""
    today = today or dt.date.today()
    out: list[tuple[str, str, str, str]] = []
    dated = []
    for i, r in enumerate(milestones):
        d = parse_partial_date(r["date"])
        dated.append((d, i, r))
        if d > today and r["event"] not in FUTURE_EVENTS:
            out.append(("milestone", str(i), "date", f"expected a date up to today for {r['event']!r}, found {r['date']}"))
    by_feature: dict[str, list] = {}
    for d, i, r in sorted(dated, key=lambda x: x[0]):
        by_feature.setdefault(r["feature_id"], []).append((d, i, r))
    for rows in by_feature.values():
        started = [(d, r) for d, _, r in rows if r["event"] == "construction_started"]
        for d, i, r in rows:
            if r["event"] == "opened" and started and d < started[0][0]:
                out.append(
                    (
                        "milestone",
                        str(i),
                        "date",
                        f"expected an opening after the start of construction ({started[0][1]['date']}), found {r['date']}",
                    )
                )
    status = {
        fid: (st, as_of) for fid, st, as_of in zip(features["id"], features["status"], features["status_as_of"], strict=True)
    }
    for fid, rows in by_feature.items():
        if fid not in status:
            continue
        current, as_of = status[fid]
        events = [(d, r) for d, _, r in rows if r["event"] in EVENT_STATUS and d <= today]
        if not events:
            continue
        d, r = events[-1]
        implied = EVENT_STATUS[r["event"]]
        if d > parse_partial_date(as_of) and implied != current and (implied, current) not in _COMPATIBLE:
            out.append(
                (
                    "feature",
                    fid,
                    "status",
                    f"expected the status its newest milestone gives ({r['event']} on {r['date']}: {implied}), "
                    f"found {current} as of {as_of}",
                )
            )
    return out


# a milestone's status and a current status that say the same thing in other words
_COMPATIBLE = {("under_construction", "trial_operation"), ("planned", "preliminary_work"), ("planned", "under_construction")}
