"""The atlas's vocabularies, each one table of records: kinds, statuses, status groups,
geometry precisions, roles and countries.

A record holds everything about its entry: its English label (the catalogues hold the
words of every language under `<table>.<code>`), its colour and line style, which shapes
it takes, whether it may have an outline, its group in charts and journeys, the words the
article linker reads for it. Everything else is derived from these tables: the pydantic
types (atlas.schema), the palette, the map's style table and legend, the CSS badges, the
chart and journey groups and the linker's kind words. Adding a kind or a status is one
record here plus its words in the catalogues; tests/unit/test_vocab.py names any piece a
change forgets.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Kind:
    code: str
    label: str  # English; catalogues: kind.<code> (singular), kinds.<code> (plural)
    colour: str  # its colour on the map, in the legend and the charts
    outline: bool = False  # may be drawn with a published outline (a park's or a port's area)
    context: bool = False  # may be an existing national line a project connects to (role "context")
    # the words that name a thing of this kind in running text, for the article linker
    words: tuple[str, ...] = ()
    # what a reader types in the search box to find things of this kind, in English, Chinese and Indonesian
    # (atlas/search.py folds case, dashes, spaces, diacritics and full-width forms; a plural "s" is taken too)
    search: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Trait:
    """A sort of thing a reader searches for that is not a kind of its own (a high-speed line is a rail
    corridor): features of `kinds` whose names, aliases or id hold one of `marks` have it; typing one of
    `search` finds them (atlas/search.py)."""

    code: str
    kinds: tuple[str, ...]
    marks: tuple[str, ...]
    search: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class StatusGroup:
    code: str  # catalogue: group.<code>
    colour: str  # bars of the Progress chart, legs of a journey


@dataclasses.dataclass(frozen=True)
class Status:
    code: str
    label: str  # English; catalogue: status.<code>
    dash: str | None  # Leaflet dashArray of its lines (None: solid)
    group: str  # its StatusGroup: headline tiles, Progress chart
    badge: str  # background of its badge in the details panel
    # its group in a journey's legs and tiles (atlas/journeys.py): open, under construction, planned, or unknown.
    # A suspended line runs no trains: a journey counts it with the planned ones; a cancelled one is no
    # line a journey can count on: unknown. Differs from `group` only for those two, on purpose.
    journey: str = ""
    colour: str | None = None  # drawn in this colour whatever the kind (a stopped project is not a kind's colour)
    point_fill: float = 0.12  # fill opacity of its points: the further along, the fuller
    badge_ink: str | None = None  # text colour of its badge, where the default is not readable
    strike: bool = False  # its badge is struck through


@dataclasses.dataclass(frozen=True)
class Precision:
    code: str
    label: str  # English; catalogue: precision.<code>
    shapes: tuple[str, ...]  # "line", "point": the geometry it may describe
    weight: float = 4  # line weight: a line only drawn through its stations is thinner than traced track
    located: bool = False  # names where the coordinate came from (location_source required)
    schematic: bool = False  # faded and dashed: the route is not public


@dataclasses.dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-3
    iso2: str  # ISO 3166-1 alpha-2: the CLDR territory code Babel names it by
    name: str  # English; Babel gives the name in each interface language
    words: tuple[str, ...]  # names and adjectives in running text (English, Chinese), for the linker


@dataclasses.dataclass(frozen=True)
class Role:
    code: str
    label: str  # English; catalogue: role.<code>


SUSPENDED_GREY = "#8a8a8a"
CANCELLED_BROWN = "#795548"

KIND_TABLE: tuple[Kind, ...] = (
    Kind(
        "rail_corridor",
        "Rail corridor",
        "#c62828",
        context=True,
        search=("railway", "railroad", "rail", "rail line", "train", "铁路", "铁道", "火车", "kereta api", "jalur kereta", "rel"),
    ),
    Kind(
        "border_station",
        "Border station",
        "#6a1b9a",
        words=("station", "border", "crossing", "gate", "checkpoint", "口岸", "站"),
        search=(
            "border crossing",
            "border gate",
            "border station",
            "border",
            "checkpoint",
            "口岸",
            "边境口岸",
            "边境站",
            "pos lintas batas",
            "pos lintas batas negara",
            "perbatasan",
        ),
    ),
    Kind(
        "station",
        "Station",
        "#8e63c7",
        words=("station", "stop", "terminal", "站"),
        search=("station", "railway station", "train station", "站", "车站", "火车站", "stasiun", "stasiun kereta"),
    ),
    Kind(
        "industrial_park",
        "Industrial park",
        "#2e7d32",
        outline=True,
        words=("park", "zone", "estate", "sez", "industrial area", "园", "园区", "开发区", "特区"),
        search=(
            "industrial park",
            "industrial zone",
            "industrial estate",
            "special economic zone",
            "economic zone",
            "sez",
            "产业园",
            "工业园",
            "园区",
            "经济特区",
            "开发区",
            "kawasan industri",
            "kawasan ekonomi khusus",
            "kek",
        ),
    ),
    Kind(
        "port",
        "Port",
        "#1565c0",
        outline=True,
        words=("port", "harbour", "harbor", "terminal", "港"),
        search=("port", "seaport", "harbour", "harbor", "dry port", "港", "港口", "码头", "陆港", "pelabuhan", "pelabuhan darat"),
    ),
    Kind(
        "shipping_corridor",
        "Shipping corridor",
        "#00838f",
        search=("shipping corridor", "shipping route", "canal", "航运走廊", "运河", "koridor pelayaran", "kanal", "terusan"),
    ),
    Kind(
        "economic_corridor",
        "Economic corridor",
        "#ef6c00",
        search=("economic corridor", "经济走廊", "koridor ekonomi"),
    ),
)

# what a reader searches for that is not a kind: a high-speed line is a rail corridor whose names say so
TRAIT_TABLE: tuple[Trait, ...] = (
    Trait(
        "high_speed",
        kinds=("rail_corridor",),
        marks=("high-speed", "hsr", "高铁", "高速铁路", "kereta cepat"),
        search=(
            "high-speed",
            "high-speed rail",
            "high-speed railway",
            "high-speed train",
            "hsr",
            "bullet train",
            "高铁",
            "高速铁路",
            "动车",
            "kereta cepat",
            "kereta api cepat",
            "kereta berkecepatan tinggi",
        ),
    ),
)

STATUS_GROUP_TABLE: tuple[StatusGroup, ...] = (
    StatusGroup("open", "#2e7d32"),
    StatusGroup("under_construction", "#ef6c00"),
    StatusGroup("planned", "#1565c0"),
    StatusGroup("suspended", SUSPENDED_GREY),
    StatusGroup("cancelled", CANCELLED_BROWN),
)

STATUS_TABLE: tuple[Status, ...] = (
    Status("operational", "Operational", None, "open", "#c8e6c9", point_fill=0.9),
    Status("trial_operation", "Trial operation", "14 5", "open", "#dcedc8", point_fill=0.65),
    Status("under_construction", "Under construction", "8 7", "under_construction", "#ffe0b2", point_fill=0.4),
    Status("preliminary_work", "Preliminary work", "3 7", "planned", "#fff3c4"),
    Status("planned", "Planned", "1 7", "planned", "#e3f2fd"),
    Status("suspended", "Suspended", "4 4", "suspended", "#e0e0e0", colour=SUSPENDED_GREY, journey="planned"),
    Status(
        "cancelled",
        "Cancelled",
        "2 9",
        "cancelled",
        "#d7ccc8",
        colour=CANCELLED_BROWN,
        badge_ink="#3e2723",
        strike=True,
        journey="unknown",
    ),
)

PRECISION_TABLE: tuple[Precision, ...] = (
    Precision("traced", "Traced from OpenStreetMap track", ("line",)),
    Precision("surveyed", "Surveyed geometry", ("line", "point")),
    Precision("through_stations", "Drawn through its stations in order", ("line",), weight=2.5),
    Precision("approximate", "Placed by hand at the site (about ±2 km)", ("line", "point")),
    Precision("town", "At the nearest town in GeoNames, not yet at the site (the summary says how far)", ("line", "point")),
    Precision("schematic", "Schematic: route not public, drawn only to place it", ("line", "point"), schematic=True),
    Precision("station_page", "At the station, from coordinates published for it", ("point",), located=True),
    Precision("site_page", "At the site, from coordinates published for it", ("point",), located=True),
    Precision("chainage", "On the traced track at the station's published chainage (about ±1 km)", ("point",), located=True),
    Precision("outline", "At the centre of its published outline, drawn when zoomed in", ("point",), located=True),
)

ROLE_TABLE: tuple[Role, ...] = (
    Role("project", "China–ASEAN project"),
    Role("context", "Existing national line a project connects to"),
)

COUNTRY_TABLE: tuple[Country, ...] = (
    Country("CHN", "CN", "China", ("China", "Chinese", "中国")),
    Country("LAO", "LA", "Laos", ("Laos", "Lao", "Laotian", "老挝")),
    Country("THA", "TH", "Thailand", ("Thailand", "Thai", "泰国")),
    Country("VNM", "VN", "Vietnam", ("Vietnam", "Viet Nam", "Vietnamese", "越南")),
    Country("KHM", "KH", "Cambodia", ("Cambodia", "Cambodian", "柬埔寨")),
    Country("MMR", "MM", "Myanmar", ("Myanmar", "Burma", "缅甸")),
    Country("MYS", "MY", "Malaysia", ("Malaysia", "Malaysian", "马来西亚")),
    Country("IDN", "ID", "Indonesia", ("Indonesia", "Indonesian", "印尼", "印度尼西亚")),
    Country("SGP", "SG", "Singapore", ("Singapore", "Singaporean", "新加坡")),
    Country("PHL", "PH", "Philippines", ("Philippines", "Filipino", "菲律宾")),
    Country("BRN", "BN", "Brunei", ("Brunei", "文莱")),
    Country("TLS", "TL", "Timor-Leste", ("Timor-Leste", "East Timor", "东帝汶")),
)
# west, south, east, north: every coordinate of the atlas lies inside; the map opens centred on it
REGION = (88.0, -12.0, 142.0, 38.5)

KIND = {k.code: k for k in KIND_TABLE}
STATUS = {s.code: s for s in STATUS_TABLE}
STATUS_GROUP = {g.code: g for g in STATUS_GROUP_TABLE}
PRECISION = {p.code: p for p in PRECISION_TABLE}
ROLE = {r.code: r for r in ROLE_TABLE}
COUNTRY = {c.code: c for c in COUNTRY_TABLE}


def members(group: str) -> tuple[str, ...]:
    """The statuses of a status group, in table order."""
    return tuple(s.code for s in STATUS_TABLE if s.group == group)


def journey_group(status: str) -> str:
    """A status's group in a journey (its `journey`, else its status group)."""
    entry = STATUS[status]
    return entry.journey or entry.group


def css_variables() -> str:
    """The colours atlas/static/atlas.css takes from the tables: one rule per status badge."""
    rules = []
    for s in STATUS_TABLE:
        extra = (f" color: {s.badge_ink};" if s.badge_ink else "") + (" text-decoration: line-through;" if s.strike else "")
        rules.append(f'.atlas-badge[data-status="{s.code}"] {{background: {s.badge};{extra}}}')
    return "\n".join(rules)
