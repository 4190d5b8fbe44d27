"""Journeys across the rail network: from any station or place to any other, in any year.

The network is a graph (networkx) built from the data: nodes are stations, border stations and line
ends; a rail edge is the stretch of one line between two consecutive stops, its length measured on
the ellipsoid along the drawn line; lines that meet at one station share its node, and stops of
different lines closer than network.TRANSFER_KM are joined by a transfer. Where no line joins two
parts of the network, a *missing* edge (no project) joins each stop to its nearest stops on other
lines; it costs network.MISSING_FACTOR times its length, so a path takes a line wherever one exists,
and one mostly over water is a *sea* crossing drawn around the land (atlas/network.py builds all this).
A path's legs carry each line's status at the year asked (atlas/timeline.py), its expected opening
where a source gives one, and its gauge where a source states it; two known gauges that differ at a
transfer are a break of gauge.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import networkx as nx
import pandas as pd
from shapely.geometry import LineString

from atlas import i18n, vocab
from atlas.data import Catalog
from atlas.network import Network, UnknownPlace, build, clean, resolve, resolve_place, sea_route  # noqa: F401 (the API)
from atlas.schema import parse_partial_date
from atlas.stats import geodesic_km
from atlas.timeline import as_of_year

# a status's group in a journey, from its record in atlas/vocab.py (suspended counts as planned, cancelled as unknown)
GROUPS = {
    g: tuple(s.code for s in vocab.STATUS_TABLE if vocab.journey_group(s.code) == g)
    for g in ("open", "under_construction", "planned")
}
OPEN = GROUPS["open"]
FIRST_YEAR = 2015
YEARS = (1900, 2100)  # the years a journey can be asked for (the CLI refuses others)
# every km of a journey falls in exactly one of these; a change of line (transfer) is no km of the journey
KM_GROUPS = ("open", "under_construction", "planned", "unknown", "missing", "sea")
# the ride answer: km of a leg cost this much by its group at the year asked, so a path takes an open line
# over one under construction, and that over a planned or unknown one or no line at all
RIDE_COST = {"open": 1.0, "under_construction": 1e3, "planned": 1e6, "unknown": 1e6, "missing": 3e6, "sea": 3e6, "transfer": 1.0}


class SamePlace(ValueError):
    """Start and end are the same stop."""


class NoPath(ValueError):
    """No path joins the two ends (a data folder whose network falls apart)."""


def _status_at(catalog: Catalog, year: int | None) -> dict[str, str]:
    if year is None:
        return dict(zip(catalog.features["id"], catalog.features["status"], strict=True))
    shown = as_of_year(catalog, year)
    return dict(zip(shown.features["id"], shown.features["status"], strict=True))


def openings(catalog: Catalog) -> dict[str, dict]:
    """Each feature's dates from its milestones: `opens`, `opens_source` — the latest planned opening that its
    newest source on the matter gives — and `opened`, the first time it opened."""
    ms = catalog.milestones
    out: dict[str, dict] = {}
    for fid, rows in ms[ms["event"] == "planned_opening"].groupby("feature_id"):
        published = {s: catalog.sources[s].published for s in rows["source_id"] if s in catalog.sources}
        newest = max(published, key=lambda s: parse_partial_date(published[s])) if published else None
        mine = rows[rows["source_id"] == newest] if newest else rows
        date = max(mine["date"], key=parse_partial_date)
        out[fid] = {"opens": date, "opens_source": str(mine[mine["date"] == date]["source_id"].iloc[0])}
    for fid, rows in ms[ms["event"] == "opened"].groupby("feature_id"):
        out.setdefault(fid, {})["opened"] = min(rows["date"], key=parse_partial_date)
    return out


def _group(status: str | None) -> str:
    """A line's group at a year: open, under construction, planned, or unknown (no source gives its state then)."""
    for name, members in GROUPS.items():
        if status in members:
            return name
    return "unknown"


def check_year(year: int | None) -> None:
    if year is not None and not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(f"year {year} is out of range: expected {YEARS[0]}–{YEARS[1]}")


def journey(net: Network, catalog: Catalog, start: str, end: str, year: int | None = None, *, years: bool = True) -> dict:
    """A journey from `start` to `end` (names as people type them) at the end of `year` (None: as last
    reported), answered twice: `ride`, the path a traveller could ride (most km open, then under construction,
    then planned; ties by length), and `built`, the shortest path once every announced line is built. The
    top-level keys are the ride answer's. Raises UnknownPlace, SamePlace, NoPath, or ValueError for a year
    outside YEARS."""
    check_year(year)
    (a, a_note), (b, b_note) = resolve_place(net, start), resolve_place(net, end)
    if a == b:
        raise SamePlace(net.labels[a][0])
    status = _status_at(catalog, year)
    opens = openings(catalog)
    try:
        built_path = nx.shortest_path(net.graph, a, b, weight="w")
    except nx.NetworkXNoPath as err:
        raise NoPath(f"{net.labels[a][0]} – {net.labels[b][0]}") from err

    def ride_cost(u, v, e):
        group = _group(status.get(e["line"])) if e["kind"] == "rail" else e["kind"]
        return e["km"] * RIDE_COST[group]

    candidates = [nx.shortest_path(net.graph, a, b, weight=ride_cost), built_path]
    answers = [_answer(net, catalog, path, year, status, opens) for path in candidates]
    ride = dict(min(answers, key=lambda r: (-r["km_open"], -r["km_under_construction"], -r["km_planned"], r["km_total"])))
    built = answers[1]  # the ride may be this same path: `ride` is a copy, so each answer keeps its own keys
    for answer in (ride, built):
        answer["from_place"], answer["to_place"] = a_note, b_note
        answer["by_year"] = by_year(net, catalog, answer.pop("_path")) if years else []
    return {**ride, "ride": ride, "built": built}


def _answer(net: Network, catalog: Catalog, path: list[str], year, status: dict, opens: dict) -> dict:
    legs = _legs(net, catalog, path, year, opens, status)
    return {
        "from": net.labels[path[0]][0],
        "to": net.labels[path[-1]][0],
        "from_zh": net.labels[path[0]][1],
        "to_zh": net.labels[path[-1]][1],
        "year": year,
        **_summary(legs),
        "legs": legs,
        "_path": path,
    }


def _legs(
    net: Network,
    catalog: Catalog,
    path: list[str],
    year: int | None,
    opens: dict | None = None,
    status: dict | None = None,
    *,
    draw: bool = True,
) -> list[dict]:
    g = net.graph
    status = _status_at(catalog, year) if status is None else status
    opens = openings(catalog) if opens is None else opens
    feats = catalog.features.set_index("id")
    legs: list[dict] = []
    for u, v in zip(path, path[1:], strict=False):
        e = g.edges[u, v]
        coords = e["coords"] if _close(e["coords"][0], _ll(g, u)) else e["coords"][::-1]
        last = legs[-1] if legs else None
        if last and e["kind"] == "rail" and last["kind"] == "rail" and last["line"] == e["line"]:
            last["to"], last["to_zh"], last["to_id"], last["km"] = (*net.labels[v], v, last["km"] + e["km"])
            last["coords"] += coords[1:]
            continue
        if e["kind"] == "transfer" and e["km"] < 0.05 and net.labels[u][0] == net.labels[v][0]:
            continue  # two lines ending at one place: a junction, not a change worth a row
        leg = {"kind": e["kind"], "from": net.labels[u][0], "from_zh": net.labels[u][1], "from_id": u}
        leg |= {"to": net.labels[v][0], "to_zh": net.labels[v][1], "to_id": v}
        leg |= {"km": e["km"], "coords": coords, "line": e.get("line"), "line_name": "", "status": None, "group": e["kind"]}
        leg |= {"opens": None, "opens_source": None, "opened": None, "gauge": None}
        if e["kind"] == "rail":
            lid = e["line"]
            st = status.get(lid)
            gauge = feats.loc[lid, "gauge"] if "gauge" in feats else None
            leg |= {
                "line_name": feats.loc[lid, "name"],
                "line_name_zh": feats.loc[lid, "name_zh"] if isinstance(feats.loc[lid, "name_zh"], str) else "",
            }
            leg |= {"status": st or "not_reported", "group": _group(st)}
            leg |= {"gauge": gauge if isinstance(gauge, str) else None}
            leg |= opens.get(lid, {})
        elif e["kind"] == "sea" and draw:  # routed over water, never across land
            leg["coords"] = sea_route(net, tuple(coords[0]), tuple(coords[-1]))
            leg["km"] = max(e["km"], geodesic_km(LineString(leg["coords"])))
        legs.append(leg)
    rail = [leg for leg in legs if leg["kind"] == "rail"]
    for prev, nxt in zip(rail, rail[1:], strict=False):
        if prev["gauge"] and nxt["gauge"] and "dual" not in (prev["gauge"], nxt["gauge"]) and prev["gauge"] != nxt["gauge"]:
            nxt["break_of_gauge"] = f"{prev['gauge']} → {nxt['gauge']} at {nxt['from']}"
    for leg in legs:
        leg["km"] = round(leg["km"], 1)
    return legs


def _ll(g: nx.Graph, n: str) -> tuple[float, float]:
    return (g.nodes[n]["lon"], g.nodes[n]["lat"])


def _close(c, ll) -> bool:
    return math.isclose(c[0], ll[0], abs_tol=1e-6) and math.isclose(c[1], ll[1], abs_tol=1e-6)


def _summary(legs: list[dict]) -> dict:
    km = {k: round(sum(leg["km"] for leg in legs if leg["group"] == k), 1) for k in KM_GROUPS}
    pending = [leg for leg in legs if leg["kind"] in ("missing", "sea") or (leg["kind"] == "rail" and leg["group"] != "open")]
    dated = [parse_partial_date(leg["opens"]).year for leg in pending if leg["kind"] == "rail" and leg["opens"]]
    if not pending:
        open_by = "open"
    elif len(dated) == len(pending):
        open_by = max(dated)
    else:
        open_by = None  # a leg without an announced date, or a stretch with no line at all
    return {
        "km_total": round(sum(km.values()), 1),
        "km_open": km["open"],
        "km_under_construction": km["under_construction"],
        "km_planned": km["planned"],
        "km_unknown": km["unknown"],
        "km_missing": km["missing"],
        "km_sea": km["sea"],
        "open_by": open_by,
        "not_open": [
            {
                "line": leg["line_name"] or None,
                "line_zh": leg.get("line_name_zh") or "",
                "from": leg["from"],
                "from_zh": leg.get("from_zh") or "",
                "to": leg["to"],
                "to_zh": leg.get("to_zh") or "",
                "status": leg["status"] or leg["kind"],
                "opened": leg["opened"],
                "opens": leg["opens"],
            }
            for leg in pending
        ],
    }


def _only_lines(net: Network, catalog: Catalog, path: list[str]) -> Catalog:
    """The catalog cut down to the lines of a path: the status of each year is worked out for them alone."""
    g = net.graph
    ids = {g.edges[u, v].get("line") for u, v in zip(path, path[1:], strict=False) if g.has_edge(u, v)} - {None}
    f, m = catalog.features, catalog.milestones
    return dataclasses.replace(catalog, features=f[f["id"].isin(ids)], milestones=m[m["feature_id"].isin(ids)])


def by_year(net: Network, catalog: Catalog, path: list[str]) -> list[dict]:
    """Km of the path open at the end of each year from FIRST_YEAR to the last announced opening;
    years after this one count a leg open from its announced opening ("projected")."""
    this_year = dt.date.today().year
    catalog = _only_lines(net, catalog, path)
    opens = openings(catalog)
    legs_now = _legs(net, catalog, path, None, opens, draw=False)
    last = max([this_year, *(parse_partial_date(leg["opens"]).year for leg in legs_now if leg.get("opens"))])
    out = []
    for y in range(FIRST_YEAR, last + 1):
        if y <= this_year:
            km = sum(leg["km"] for leg in _legs(net, catalog, path, y, opens, draw=False) if leg["group"] == "open")
            out.append({"year": y, "km_open": round(km, 1), "projected": False})
        else:
            km = sum(
                leg["km"]
                for leg in legs_now
                if leg["group"] == "open" or (leg.get("opens") and parse_partial_date(leg["opens"]).year <= y)
            )
            out.append({"year": y, "km_open": round(km, 1), "projected": True})
    return out


def _reason(item: dict, year: int | None) -> str:
    when = f"at the end of {year}" if year else "as last reported"
    if item["status"] == "missing":
        return f"{item['from']} – {item['to']}: no line in the data"
    if item["status"] == "sea":
        return f"{item['from']} – {item['to']}: sea crossing, no rail link in the data"
    if item["status"] == "not_reported":
        opened = f"; it opened {item['opened']}" if item.get("opened") else ""
        return f"{item['line']}: no source gives its state {when}{opened}"
    opens = f", expected to open {item['opens']}" if item.get("opens") else ", no opening date announced"
    return f"{item['line']}: {item['status'].replace('_', ' ')} {when}{opens}"


KIND_WORDS = {"transfer": "(transfer)", "missing": "(no line in the data)", "sea": "(sea crossing, no rail link)"}


def table(result: dict) -> str:
    """The journey as text (the CLI): the ride answer, then the built one, each as legs then totals."""
    return "\n\n".join(_table(result[k], title) for k, title in (("ride", "RIDE"), ("built", "ONCE BUILT")))


def _table(result: dict, title: str) -> str:
    head = f"{title}: {result['from']} → {result['to']}, {('end of ' + str(result['year'])) if result['year'] else 'as last reported'}"
    places = [
        f"{p['place']}: nearest stop {p['station']}, {p['km']:,.1f} km away"
        for p in (result["from_place"], result["to_place"])
        if p
    ]
    lines = [head, *places, "", f"{'leg':<10}{'line':<48}{'from':<34}{'to':<34}{'km':>8}  {'status':<20}{'opens':<9}{'gauge'}"]
    for leg in result["legs"]:
        line = leg["line_name"] or KIND_WORDS.get(leg["kind"], "")
        gauge = (leg["gauge"] or "") + (f"  break of gauge: {leg['break_of_gauge']}" if leg.get("break_of_gauge") else "")
        lines.append(
            f"{leg['kind']:<10}{line[:46]:<48}{leg['from'][:32]:<34}{leg['to'][:32]:<34}{leg['km']:>8,.1f}  "
            f"{(leg['status'] or '-'):<20}{(leg['opens'] or '-'):<9}{gauge}"
        )
    open_by = {"open": "open now", None: "no date announced"}.get(result["open_by"], result["open_by"])
    lines += [
        "",
        f"total {result['km_total']:,.1f} km: open {result['km_open']:,.1f}, under construction "
        f"{result['km_under_construction']:,.1f}, planned {result['km_planned']:,.1f}, unknown {result['km_unknown']:,.1f}, "
        f"no line {result['km_missing']:,.1f}, sea {result['km_sea']:,.1f}",
        f"whole journey open by: {open_by}",
        *(f"not open: {_reason(item, result['year'])}" for item in result["not_open"]),
    ]
    return "\n".join(lines)


def legs_table(result: dict, lang: str = "en", *, finance: dict[str, str] | None = None) -> pd.DataFrame:
    """The legs as the Journeys page shows and downloads them, headers and words in the interface language;
    `finance` gives the AidData finance of each line by its id (finance_view.line_finance), shown as its own column."""
    rows = []
    for leg in result["legs"]:
        name = i18n.marked_name(leg["line_name"], leg.get("line_name_zh"), lang)
        status = i18n.t(f"journey.kind.{leg['kind']}", lang) if leg["kind"] != "rail" else _status_label(leg["status"], lang)
        rows.append(
            {
                "line": name or i18n.t(f"journey.kind.{leg['kind']}", lang),
                "from": i18n.marked_name(leg["from"], leg.get("from_zh"), lang),
                "to": i18n.marked_name(leg["to"], leg.get("to_zh"), lang),
                "km": leg["km"],
                "status": status,
                "opens": leg["opens"] or "",
                "gauge": i18n.t(f"gauge.{leg['gauge']}", lang) if leg["gauge"] else "",
                "break": i18n.t("journey.break", lang, at=i18n.names(leg["from"], leg.get("from_zh"), lang)[0])
                if leg.get("break_of_gauge")
                else "",
                "finance": (finance or {}).get(leg.get("line") or "", ""),
            }
        )
    columns = ["line", "from", "to", "km", "status", "opens", "gauge", "break", *(["finance"] if finance is not None else [])]
    return pd.DataFrame(rows, columns=columns).rename(columns=lambda c: i18n.t(f"journey.col.{c}", lang))


def _status_label(status: str | None, lang: str) -> str:
    if status in i18n.statuses(lang):
        return i18n.statuses(lang)[status]
    return i18n.t("journey.not_reported", lang)


def reasons(result: dict, lang: str = "en") -> list[str]:
    """Why the journey is not open, leg by leg, in the interface language."""
    year = result["year"]
    when = i18n.t("journey.when.year", lang, year=year) if year else i18n.t("journey.when.latest", lang)
    out = []
    for item in result["not_open"]:
        item = {  # the names in the page's language (a name with no translation marked)
            **item,
            **{k: i18n.marked_name(item[k], item.get(f"{k}_zh"), lang) for k in ("from", "to", "line") if item.get(k)},
        }
        if item["status"] in ("missing", "sea"):
            out.append(i18n.t(f"journey.reason.{item['status']}", lang, start=item["from"], end=item["to"]))
        elif item["status"] == "not_reported":
            opened = i18n.t("journey.opened", lang, date=item["opened"]) if item.get("opened") else ""
            out.append(i18n.t("journey.reason.unreported", lang, line=item["line"], when=when, opened=opened))
        else:
            opens = i18n.t("journey.opens", lang, date=item["opens"]) if item.get("opens") else i18n.t("journey.opens.none", lang)
            status = _status_label(item["status"], lang)
            out.append(i18n.t("journey.reason.status", lang, line=item["line"], status=status.lower(), when=when, opens=opens))
    return out
