"""How reporters name features without their names, resolved through the data.

Built from the catalog alone, so that a feature added later is found with no code change:

- a rail line by two of its places joined by "from … to", "between … and", "linking … with",
  "X–Y", 至 or 到 ("the stretch between Bangkok and Nakhon Ratchasima"): its places are the ends in its
  names and aliases, the names of its parts and the towns of its stations;
- a station, park, zone, hub or port by its town and a word of its kind nearby ("the station in Pasir
  Puteh", "the Bintan park", "the port at Kuantan"); a town alone names no feature;
- a phase by "first/second phase", "phase 2", 一期/二期 once its line has been named in the article.

A mention that fits two features and that the sentence cannot settle is returned as ambiguous, with both
candidates, never silently picked.
"""

from __future__ import annotations

import dataclasses
import re

from atlas import vocab
from atlas.data import Catalog
from atlas.schema import COUNTRY_WORDS

# words that say what kind of thing a name is, never where it is (removed from names to get their town)
GENERIC = {
    "station",
    "stations",
    "railway",
    "rail",
    "railroad",
    "train",
    "high",
    "speed",
    "high-speed",
    "line",
    "link",
    "border",
    "crossing",
    "gate",
    "checkpoint",
    "port",
    "ports",
    "deep",
    "sea",
    "deep-sea",
    "water",
    "dry",
    "harbour",
    "industrial",
    "park",
    "estate",
    "zone",
    "special",
    "economic",
    "sez",
    "investment",
    "development",
    "logistics",
    "hub",
    "freight",
    "terminal",
    "integrated",
    "transport",
    "naval",
    "base",
    "container",
    "refinery",
    "area",
    "cooperation",
    "and",
    "the",
    "of",
    "depot",
    "city",
    "international",
    "road",
    "planned",
    "proposed",
    "phase",
    "double",
    "track",
    "electrified",
    "standard",
    "gauge",
    "specific",
    "corridor",
    "canal",
    "project",
    "cross",
    "cross-border",
}
LEADING = {"via", "the"}
# the words that name a thing of each kind in running text (English and Chinese)
KIND_WORDS = {k.code: k.words for k in vocab.KIND_TABLE if k.words}  # atlas/vocab.py
OWN_KIND_WORDS = {"hub", "logistics", "refinery", "estate", "zone", "park", "port", "base", "depot", "canal", "terminal"}
RAIL_WORDS = re.compile(
    r"\b(?:railways?|railroads?|rail|lines?|trains?|section|stretch|leg|phase|track|link|high-speed)\b|铁路|高铁|列车|线|段"
)
PHASE = re.compile(r"\b(first|second|third|1st|2nd|3rd)\s+phase\b|\bphase\s+(one|two|three|[123])\b|([一二三])期")
PHASE_NUMBER = {"first": 1, "1st": 1, "one": 1, "1": 1, "一": 1, "second": 2, "2nd": 2, "two": 2, "2": 2, "二": 2}
PHASE_NUMBER |= {"third": 3, "3rd": 3, "three": 3, "3": 3, "三": 3}
NAME_PHASE = re.compile(r"phase\s*(\d)|([一二三])期", re.I)
DASHES = "-‐‑‒–—―−"
COUNTRY = {w.casefold() for words in COUNTRY_WORDS.values() for w in words}


@dataclasses.dataclass(frozen=True)
class Found:
    start: int
    end: int
    feature_ids: tuple[str, ...]
    how: str  # "places", "town", "phase"


@dataclasses.dataclass
class PlaceIndex:
    line_places: dict[str, set[str]]  # line id -> places (case-folded)
    line_ends: dict[str, set[frozenset]]  # line id -> pairs of ends its names give
    towns: dict[str, list[tuple[str, str]]]  # town (case-folded) -> [(feature id, kind)]
    town_aliases: dict[str, set[str]]  # feature id -> its aliases that are only a town (no longer names by themselves)
    kind_words: dict[str, tuple[str, ...]]  # feature id -> the words that name its kind
    phases: dict[str, dict[int, str]]  # line id -> {phase number: line id} of its group
    gazetteer: _Gazetteer  # every place and town


def name_segments(name: str) -> list[str]:
    """'China–Laos Railway (Kunming–Vientiane)' -> the dash-joined pieces of each part, generic words dropped."""
    out = []
    for part in re.split(r"[()（）,，]", name):
        for piece in re.split(f"[{DASHES}]|至", part):
            words = piece.split()  # kind words trimmed from the end only: "Port Klang" stays a place
            while words and words[-1].casefold() in GENERIC:
                words.pop()
            while words and words[0].casefold() in LEADING:
                words.pop(0)
            text = " ".join(words).strip()
            if CJK_NAME.search(text):
                text = re.sub(r"(铁路|高铁|高速铁路|一期|二期|站|港|口岸|国际列车|标准轨)$", "", text)
            if len(text) >= 2 and text.casefold() not in COUNTRY and not text.isdigit():
                out.append(text)
    return out


CJK_NAME = re.compile(r"[\u3400-\u9fff]")


def _ends(name: str) -> set[frozenset]:
    """Pairs of places a name joins with a dash: 'Bangkok–Nakhon Ratchasima' -> {Bangkok, Nakhon Ratchasima}."""
    pairs = set()
    for part in re.split(r"[()（）,，]", name):
        pieces = name_segments(part)
        if len(pieces) >= 2 and re.search(f"[{DASHES}]|至", part):
            pairs.add(frozenset(p.casefold() for p in (pieces[0], pieces[-1])))
    return pairs


def town_of(name: str) -> str:
    """A point feature's town: its name without the bracketed part, kind words and country words."""
    head = re.split(r"[(（]", name)[0]
    words = [w for w in re.split(r"[\s–—-]+", head) if w and w.casefold() not in GENERIC and w.casefold() not in COUNTRY]
    return " ".join(words)


def build_index(catalog: Catalog) -> PlaceIndex:
    f = catalog.features
    rows = {r["id"]: r for r in f.to_dict("records")}
    line_places: dict[str, set[str]] = {}
    line_ends: dict[str, set[frozenset]] = {}
    towns: dict[str, list[tuple[str, str]]] = {}
    kind_words: dict[str, tuple[str, ...]] = {}
    for fid, r in rows.items():
        if r["kind"] == "rail_corridor":
            names = [r["name"], r.get("name_zh"), *(r.get("aliases") or ()), *(r.get("part_names") or ())]
            names = [n for n in names if isinstance(n, str)]
            places = {p.casefold() for n in names for p in name_segments(n)}
            for rid in r["related"]:
                st = rows.get(rid)
                if st is not None and st["kind"] in ("station", "border_station"):
                    places |= {t.casefold() for t in (town_of(st["name"]), st.get("name_zh") or "") if len(t) >= 2}
            line_places[fid] = places
            line_ends[fid] = set().union(*(_ends(n) for n in names)) if names else set()
    all_places = {p for ps in line_places.values() for p in ps}
    town_aliases: dict[str, set[str]] = {}
    for fid, r in rows.items():
        if r["kind"] not in KIND_WORDS:
            continue
        # a park or port may also be called by the words of its own name: "hub", "refinery", "estate"
        own = () if "station" in r["kind"] else tuple(w for w in r["name"].casefold().split() if w in OWN_KIND_WORDS)
        kind_words[fid] = tuple(dict.fromkeys((*KIND_WORDS[r["kind"]], *own)))
        town = town_of(r["name"])
        names = {town} if len(town) >= 3 else set()
        for alias in r.get("aliases") or ():
            folded = alias.casefold()
            if CJK_NAME.search(alias):
                continue  # a Chinese name: a name by itself
            if any(w in GENERIC for w in folded.split()):
                # one with its kind in it ("Mohan port") is a name by itself, and says the feature's town:
                # "Vientiane Logistics Park" puts the dry port in Vientiane ("the Vientiane dry port")
                place = town_of(alias)
                if len(place) >= 3 and len(place.split()) <= 2 and "," not in place and place.casefold() not in COUNTRY:
                    names.add(place)
                continue
            if folded in all_places or (town and (folded in town.casefold() or town.casefold() in folded)):
                names.add(alias)
                town_aliases.setdefault(fid, set()).add(folded)
        for t in names:
            towns.setdefault(t.casefold(), []).append((fid, r["kind"]))
    phases: dict[str, dict[int, str]] = {}
    groups: dict[str, dict[int, str]] = {}
    for fid, r in rows.items():
        m = NAME_PHASE.search(r["name"]) if r["kind"] == "rail_corridor" else None
        if m:
            base = r["name"][: m.start()].strip(" ,").casefold()
            groups.setdefault(base, {})[PHASE_NUMBER[m.group(1) or m.group(2)]] = fid
    for group in groups.values():
        for fid in group.values():
            phases[fid] = group
    names = {*(p for ps in line_places.values() for p in ps), *towns}
    return PlaceIndex(line_places, line_ends, towns, town_aliases, kind_words, phases, _Gazetteer(names))


class _Gazetteer:
    """Finds the known place names in a text: word n-grams looked up in a set (Chinese names by search)."""

    def __init__(self, names: set[str]):
        self.words = {tuple(n.split()) for n in names if not CJK_NAME.search(n)}
        self.longest = max((len(w) for w in self.words), default=0)
        self.chinese = sorted((n for n in names if CJK_NAME.search(n)), key=len, reverse=True)

    def find(self, norm: str) -> list[tuple[int, int, str]]:
        tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\W_]+(?:'[^\W_]+)?", norm)]
        out, i = [], 0
        while i < len(tokens):
            for n in range(min(self.longest, len(tokens) - i), 0, -1):
                key = tuple(t[2] for t in tokens[i : i + n])
                if key in self.words:
                    out.append((tokens[i][0], tokens[i + n - 1][1], " ".join(key)))
                    i += n
                    break
            else:
                i += 1
        for name in self.chinese:
            start = norm.find(name)
            while start >= 0:
                if not any(s <= start < e for s, e, _ in out):
                    out.append((start, start + len(name), name))
                start = norm.find(name, start + len(name))
        return sorted(out)


# between two places: a dash, or a joining word and at most five words of description
BETWEEN = re.compile(
    rf"^\s*(?:[{DASHES}]\s*|(?:to|and|with|up to|down to|via)\b(?:\s+[\w'’.-]+){{0,5}}?\s+|至|到|和|与|—)$", re.I
)
TRIGGER = re.compile(r"\b(?:from|between|linking|connecting|links|connects|link|connect|joining|joins)\b|从|连接|连通")


def _line_for(a: str, b: str, index: PlaceIndex) -> tuple[str, ...]:
    both = [fid for fid, ps in index.line_places.items() if a in ps and b in ps]
    exact = [fid for fid in both if frozenset((a, b)) in index.line_ends[fid]]
    return tuple(sorted(exact or both))


def resolve(
    sentence: str, norm: str, index: PlaceIndex, named_groups: list[dict[int, str]], taken: bytes | None = None
) -> tuple[list[Found], list[dict]]:
    """Features named by their places, towns or phases in one sentence (`norm`: its normalised copy,
    same length; `taken`: characters already part of a name found, whose words are not read again);
    `named_groups`: phase groups of the lines the article named so far."""
    found: list[Found] = []
    ambiguous: list[dict] = []
    hits = index.gazetteer.find(norm)
    free = [h for h in hits if taken is None or not any(taken[h[0] : h[1]])]
    low = sentence.casefold()
    if RAIL_WORDS.search(low):
        for (s1, e1, a), (s2, e2, b) in zip(hits, hits[1:], strict=False):
            between = sentence[e1:s2]
            if a == b or not BETWEEN.match(between):
                continue
            dash = bool(re.match(rf"^\s*[{DASHES}—至]", between))
            if not dash and not TRIGGER.search(low[max(0, s1 - 60) : s1]):
                continue
            ids = _line_for(re.sub(r"\s+", " ", a), re.sub(r"\s+", " ", b), index)
            if len(ids) == 1:
                found.append(Found(s1, e2, ids, "places"))
            elif ids:
                ambiguous.append({"text": sentence[s1:e2], "candidates": list(ids)})
    # a kind word that is part of a name already found ("Khamsavath Station in Vientiane") is that name's
    if taken is not None:
        low = "".join(" " if taken[i] else ch for i, ch in enumerate(low))
    for start, end, town in free:
        owners = index.towns.get(re.sub(r"\s+", " ", town), [])
        if not owners:
            continue
        before = " ".join(re.findall(r"[\w\u3400-\u9fff]+", low[max(0, start - 160) : start])[-16:])
        after = " ".join(re.findall(r"[\w\u3400-\u9fff]+", low[end : end + 40])[:3])
        near = f"{before} | {after}"
        fits = [
            fid
            for fid, kind in owners
            if any(_has(near, w, plural_far=before) for w in index.kind_words[fid]) or _kind_before(before, kind)
        ]
        if not fits and not CITY_AFTER.match(sentence[end : end + 24]):
            fits = _by_context(owners, before.split(), after.split())
        if len(fits) == 1:
            found.append(Found(start, end, (fits[0],), "town"))
        elif len(fits) > 1:
            ambiguous.append({"text": sentence[start:end], "candidates": sorted(fits)})
    for m in PHASE.finditer(low):
        number = PHASE_NUMBER.get(m.group(1) or m.group(2) or m.group(3))
        for group in reversed(named_groups):
            if number in group:
                found.append(Found(m.start(), m.end(), (group[number],), "phase"))
                break
    return found, ambiguous


CONNECT = {"in", "at", "of", "near", "namely", "located", "situated", "outside", "serving"}
# what the other words of a sentence say a town's feature is, when no kind word is joined to the town:
# customs or border officers at a border town are at its crossing; factories or investment in a park's town, its park
CONTEXT = {
    "border_station": re.compile(
        r"customs|immigration|quarantine|border (?:officers?|officials?|guards?|police|inspection|checks?|authorities|trade)"
    ),
    "industrial_park": re.compile(
        r"factory|factories|plants?|smelters?|investors?|investments?|manufacturers?|tenants?|steelmakers?|enterprises"
    ),
}
CITY_AFTER = re.compile(r"\s*(?:,\s*(?:the|a)\s+(?:capital|city|town|province)|city\b|province\b)", re.I)


def _by_context(owners: list[tuple[str, str]], before: list[str], after: list[str]) -> list[str]:
    """The town's features of the kind the sentence's words say, joined to the town: "customs officers at Mohan",
    "Mohan customs", "factories in Morowali", "Morowali investors" (a border word up to 8 words back, joined by
    "in/at/of/near"; a park word right before the joining word)."""
    out = []
    for fid, kind in owners:
        pattern = CONTEXT.get(kind)
        if pattern is None:
            continue
        joined = bool(before) and before[-1] in CONNECT
        right_after = bool(after) and bool(pattern.fullmatch(after[0]))
        officers_before = joined and kind == "border_station" and bool(pattern.search(" ".join(before[-9:-1])))
        word_before = joined and len(before) >= 2 and bool(pattern.fullmatch(before[-2]))
        if right_after or officers_before or word_before:
            out.append(fid)
    return out


# Indonesian and Malay put the kind word before the name: "Stasiun Halim", "Stasiun Whoosh Karawang",
# "Stesen Kluang", "Pelabuhan Kuantan", "Kawasan Industri Morowali" (one word may come between)
KIND_BEFORE = {
    "station": ("stasiun", "stesen"),
    "border_station": ("stasiun", "stesen"),
    "port": ("pelabuhan",),
    "industrial_park": ("kawasan",),
}


def _kind_before(before: str, kind: str) -> bool:
    words = before.split()[-2:]
    return any(w in KIND_BEFORE.get(kind, ()) for w in words)


def _has(near: str, word: str, *, plural_far: str) -> bool:
    """A kind word that belongs to the town: right after it ("the Kota Bharu station", up to 3 words), or
    before it and joined to it ("the station in Pasir Puteh", "the zone at Boten": up to 6 words back, 16
    for a plural as in "two stations, namely in A … and in B"); a Chinese kind word right after it."""
    if CJK_NAME.search(word):
        return word in near
    before, _, after = near.partition(" | ")
    if re.search(rf"\b{re.escape(word)}\b", after):
        return True
    for window, pattern in ((before.split()[-7:], rf"{re.escape(word)}"), (plural_far.split(), rf"{re.escape(word)}s")):
        for i, w in enumerate(window[:-1]):
            if re.fullmatch(pattern, w) and window[i + 1] in CONNECT:
                return True
    return False
