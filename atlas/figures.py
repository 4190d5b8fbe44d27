"""Figures in news text: numbers in digits or words, their unit, qualifier and period.

"more than forty million trips", "its five-millionth passenger", "four in ten", "超过三成",
"2.1 million TEU", "1600 万人次", "48.86-kilometre section", "350 km per hour". Each figure is given
to the feature named nearest before it in the sentence (else the first named after it).
"""

from __future__ import annotations

import bisect
import dataclasses
import re

# --- numbers ------------------------------------------------------------------------------------

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_VALUE = {w: i for i, w in enumerate(_ONES)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)} | {"a": 1}
_WORD = r"(?:" + "|".join(sorted([*_ONES, *_TENS], key=len, reverse=True)) + r")"
_WORD_NUM = rf"{_WORD}(?:[-\s]{_WORD})?(?:\s+hundred(?:\s+(?:and\s+)?{_WORD}(?:[-\s]{_WORD})?)?)?"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_EN = r"thousand|million|billion|mn|bn|m\b"
SCALE = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "万": 1e4, "亿": 1e8}
# a number in digits or English words, then an optional scale word: "12 million", "forty million", "1,035"
NUM = rf"(?P<num>{_DIGITS}|\b{_WORD_NUM}\b)(?:\s*(?P<scale>{_SCALE_EN}))?"
_CN_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
# Chinese: digits (spaces allowed, as in "1600 万"), or Chinese numerals; 多/余 mark "more than"
NUM_ZH = r"(?P<num>\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+)\s*(?P<more>多|余)?\s*(?P<scale>万|亿)?"


def words_value(text: str) -> float:
    """'forty' 40, 'sixty-five' 65, 'two hundred and ten' 210."""
    total, current = 0, 0
    for w in re.split(r"[-\s]+", text.casefold()):
        if w == "and" or not w:
            continue
        if w == "hundred":
            current = max(current, 1) * 100
        else:
            current += WORD_VALUE[w]
    return float(total + current)


def cn_value(text: str) -> float:
    """'三' 3, '十二' 12, '三千' 3000 (digits pass through)."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        else:
            total += max(digit, 1) * _CN_UNIT[ch]
            digit = 0
    return float(total + digit)


def number(m: re.Match) -> float:
    raw = m.group("num")
    if re.match(r"\d", raw):
        value = float(raw.replace(",", ""))
    elif re.match(r"[a-z]", raw, re.I):
        value = words_value(raw)
    else:
        value = cn_value(raw)
    scale = (m.groupdict().get("scale") or "").casefold()
    return value * SCALE.get(scale, 1.0)


# --- what a figure counts -------------------------------------------------------------------------

# (metric, pattern, unit): tried in this order, a span once read is not read again
FIGURES: list[tuple[str, re.Pattern, str]] = [
    (
        "design_speed",
        re.compile(NUM + r"\s*-?\s*(?:km/h|kph|km\s+(?:per|an)\s+hour|kilomet(?:re|er)s?\s+(?:per|an)\s+hour)", re.I),
        "km/h",
    ),
    ("design_speed", re.compile(r"时速\s*" + NUM_ZH + r"\s*(?:公里|千米)"), "km/h"),
    ("design_speed", re.compile(NUM_ZH + r"\s*(?:公里/小时|公里每小时|千米/小时)"), "km/h"),
    ("percent", re.compile(NUM + r"\s*(?:%|％|per\s?cent\b|percent\b)", re.I), "percent"),
    ("percent", re.compile(rf"\b(?P<num>{_WORD})\s+(?:in|out of)\s+(?P<of>ten|10)\b", re.I), "percent"),
    ("percent", re.compile(r"(?P<num>[一二两三四五六七八九十]|\d+(?:\.\d+)?)\s*成(?![功立为本])"), "percent"),
    (
        "passengers",
        re.compile(
            rf"(?P<num>{_DIGITS}|\b{_WORD_NUM}\b)[-\s](?P<scale>million|thousand|billion)th\s+(?:passenger|rider|traveller|traveler)",
            re.I,
        ),
        "passengers",
    ),
    (
        "passengers",
        re.compile(
            NUM + r"\s*(?:passenger[-\s](?:trips|journeys)|passengers|passenger|trips|riders|journeys|travellers|travelers)\b",
            re.I,
        ),
        "passengers",
    ),
    ("passengers", re.compile(NUM_ZH + r"\s*(?:人次|名旅客|人)(?!民)"), "passengers"),
    ("containers", re.compile(NUM + r"\s*(?:TEUs?)\b"), "TEU"),
    ("containers", re.compile(NUM_ZH + r"\s*(?:标箱|标准箱|TEU)"), "TEU"),
    ("freight", re.compile(NUM + r"\s*(?:(?:metric\s+)?(?:tonnes|tons)\b|t\b(?!/))", re.I), "tonnes"),
    ("freight", re.compile(NUM_ZH + r"\s*吨(?!公里)"), "tonnes"),
    # a distance to somewhere ("9.6 kilometers outside of the capital", "16 km northeast of") is no length
    (
        "length",
        re.compile(
            NUM
            + r"\s*-?\s*(?:km|kilomet(?:re|er)s?)\b\)?(?!\s*(?:/|per\b|an\s+hour|\)?\s*(?:away|outside|from|north|south|east|west|northeast|northwest|southeast|southwest|off)\b))",
            re.I,
        ),
        "km",
    ),
    ("length", re.compile(NUM_ZH + r"\s*(?:公里|千米)(?!/)"), "km"),
    (
        "agreements",
        re.compile(NUM + r"\s+(?:memoranda of understanding|MOUs|MoUs|agreements|cooperation documents)\b"),
        "agreements",
    ),
    ("visa_validity", re.compile(rf"\b(?P<num>{_WORD}|\d+)-year\b[^.]{{0,40}}?\bvisas?\b", re.I), "years"),
]
ANY_NUMBER = re.compile(rf"\d|[一二两三四五六七八九十]|\b{_WORD}\b", re.I)
PROGRESS_WORDS = re.compile(r"complet|progress|finished|done|built|完成|进度", re.I)
QUALIFIER_BEFORE = re.compile(
    r"(more than|over|nearly|almost|about|around|approximately|roughly|some|up to|at least|close to|in excess of|"
    r"超过|逾|近|约|将近|突破|不少于)\s*(?:the\s+|its\s+|a\s+|达|至)?\s*$",
    re.I,
)
QUALIFIER_AFTER = re.compile(r"^\s*(以上|左右|多)")
QUALIFIER_WORD = {"超过": "more than", "逾": "more than", "突破": "more than", "不少于": "at least", "近": "nearly"}
QUALIFIER_WORD |= {"将近": "nearly", "约": "about", "以上": "at least", "左右": "about", "多": "more than", "余": "more than"}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
PERIODS = re.compile(
    rf"\b(?:from|between)\s+(?:{_MONTH}\s*\d{{0,2}},?\s*\d{{0,4}}|\d{{4}})\s+(?:to|and|through|until)\s+(?:{_MONTH}\s*\d{{0,2}},?\s*\d{{0,4}}|\d{{4}})"
    rf"|\b(?:as of|as at|by|in|since|until|through|during)\s+(?:the end of\s+|end-)?(?:{_MONTH}\s+(?:\d{{1,2}},?\s+)?)?\d{{4}}\b"
    rf"|\b(?:as of|as at|since|by)\s+(?:{_MONTH}(?:\s+\d{{1,2}})?|last month|last year|this year)"
    r"|\b(?:last year|this year|in the past (?:\w+ )?(?:years?|months?)|so far this year|since (?:its|the) (?:launch|opening)[\w ]{0,20})"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日\s*至\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"
    r"|截至\s*[^,，。；]{2,16}|今年以来|全年|去年|自开通(?:运营)?以来",
    re.I,
)


@dataclasses.dataclass(frozen=True)
class FoundFact:
    feature_id: str
    metric: str
    value: float
    unit: str
    excerpt: str
    start: int
    qualifier: str = ""
    period: str = ""

    def as_fact(self) -> dict:
        """The figure as a fact row of the linker's and the proposals' output (feature, metric, value, unit, qualifier, period)."""
        return {k: getattr(self, k) for k in ("feature_id", "metric", "value", "unit", "qualifier", "period")}


def _qualifier(sentence: str, m: re.Match) -> str:
    more = m.groupdict().get("more")
    if more:
        return QUALIFIER_WORD[more]
    before = QUALIFIER_BEFORE.search(sentence[max(0, m.start() - 30) : m.start()])
    if before:
        word = before.group(1)
        return QUALIFIER_WORD.get(word, word.casefold())
    after = QUALIFIER_AFTER.match(sentence[m.end() : m.end() + 4])
    if "millionth" in m.group(0).casefold() or "thousandth" in m.group(0).casefold():
        return "milestone"  # "its five-millionth passenger": the count reached, as an event
    return QUALIFIER_WORD[after.group(1)] if after else ""


def period_of(sentence: str, at: int) -> str:
    """The period or date the sentence gives for a figure: the nearest one before it, else the first."""
    spans = [p for p in PERIODS.finditer(sentence)]
    if not spans:
        return ""
    before = [p for p in spans if p.start() < at]
    return re.sub(r"\s+", " ", (before[-1] if before else spans[0]).group(0)).strip(" ,.;:，。；：")


def _value(metric: str, m: re.Match) -> float:
    if metric == "percent" and m.groupdict().get("of"):
        return number(m) * 10.0  # "four in ten": 40%
    if metric == "percent" and m.group(0).rstrip().endswith("成"):
        return cn_value(m.group("num")) * 10.0  # 三成: 30%
    return number(m)


def read_figures(sentence: str, mentions, points: frozenset[str] = frozenset()) -> list[FoundFact]:
    """Figures in a sentence, each given to the nearest feature named before it
    (or the first one named after it); none when the sentence names no feature. `points`: the ids of
    point features, which are given no length."""
    named = sorted((x for x in mentions if x.feature_ids), key=lambda x: x.start)
    if not named or not ANY_NUMBER.search(sentence):
        return []
    starts = [x.start for x in named]
    used = bytearray(len(sentence))
    out: list[FoundFact] = []
    for metric, pattern, unit in FIGURES:
        for m in pattern.finditer(sentence):
            if any(used[m.start() : m.end()]):
                continue
            used[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            name = metric
            if metric == "percent":
                name = "percent_complete" if PROGRESS_WORDS.search(sentence) else "percent"
            i = bisect.bisect_right(starts, m.start())
            owner = named[i - 1] if i else named[0]
            if metric == "length" and owner.feature_ids[0] in points:
                continue  # a station or a port has no length: the distance is to or from it
            out.append(
                FoundFact(
                    owner.feature_ids[0],
                    name,
                    _value(metric, m),
                    unit,
                    sentence,
                    m.start(),
                    qualifier=_qualifier(sentence, m),
                    period=period_of(sentence, m.start()),
                )
            )
    return sorted(out, key=lambda f: f.start)
