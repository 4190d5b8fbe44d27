"""The atlas's colours, once: the map's styles (mapview.style_for), its legend and the charts read them here."""

from __future__ import annotations

KIND_COLOURS = {
    "rail_corridor": "#c62828",
    "border_station": "#6a1b9a",
    "station": "#8e63c7",
    "industrial_park": "#2e7d32",
    "port": "#1565c0",
    "shipping_corridor": "#00838f",
    "economic_corridor": "#ef6c00",
}
SUSPENDED_GREY = "#8a8a8a"
CANCELLED_BROWN = "#795548"
# a status drawn in its own colour whatever the kind: a stopped project is not a kind's colour
STATUS_COLOURS = {"suspended": SUSPENDED_GREY, "cancelled": CANCELLED_BROWN}
# the Progress chart's status groups (stats.STATUS_GROUPS): open, under construction, planned, suspended, cancelled
STATUS_GROUP_COLOURS = {
    "open": "#2e7d32",
    "under_construction": "#ef6c00",
    "planned": "#1565c0",
    "suspended": SUSPENDED_GREY,
    "cancelled": CANCELLED_BROWN,
}
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
