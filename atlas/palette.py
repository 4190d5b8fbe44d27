"""The atlas's colours, once: the map's styles (mapview.style_for), its legend and the charts read them
here; the kinds', statuses' and status groups' colours come from their tables in atlas/vocab.py."""

from __future__ import annotations

from atlas.vocab import KIND_TABLE, STATUS_GROUP_TABLE, STATUS_TABLE, SUSPENDED_GREY

KIND_COLOURS = {k.code: k.colour for k in KIND_TABLE}
# a status drawn in its own colour whatever the kind: a stopped project is not a kind's colour
STATUS_COLOURS = {s.code: s.colour for s in STATUS_TABLE if s.colour}
# the status groups (headline tiles, Progress chart, journeys): open, under construction, planned, suspended, cancelled
STATUS_GROUP_COLOURS = {g.code: g.colour for g in STATUS_GROUP_TABLE}
# existing national lines a project connects to (role "context"): thin and grey, under the projects
CONTEXT_GREY = "#9e9e9e"
HIGHLIGHT = "#ffd600"
LEGEND_INK = "#444"
# a journey's legs on the map and in its legend: rail by status group at the year asked (unknown: no source gives
# the state then), a change of line, a stretch with no line in the data, a sea crossing
JOURNEY_COLOURS = {
    **STATUS_GROUP_COLOURS,
    "unknown": "#c2185b",
    "transfer": KIND_COLOURS["border_station"],
    "missing": SUSPENDED_GREY,
    "sea": "#0097a7",
}
JOURNEY_DASH = {"missing": "6 8", "transfer": "2 5", "sea": "1 7"}
