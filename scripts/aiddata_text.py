"""What AidData's titles and descriptions state: the lenders, the nominal amount, the loan terms.

Each reader takes only what the text states, and leaves a field empty when the text does not state
it or states two different values (a description often tells of several loans): never a guess.
Used by scripts/build_aiddata.py; tested in tests/unit/test_build_aiddata.py.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- lenders (the title's subject)

# the verb after the lender(s) in AidData's titles ("China Eximbank provides …", "CDB and ICBC provide …")
_VERB = re.compile(
    r"\s+(?:provides?|provided|contributes?|contributed|participates?|lends|loans|leads|disburses|grants?|granted|"
    r"donates?|donated|supports|funds|funded|finances|commits|gifts|gives|pledges|offers|extends?|issues|signs|"
    r"increases|helps|aids|assists|builds|constructs|establish(?:es|ed)|launch(?:es|ed)?|hosts|holds|held|"
    r"sponsors|sponsored|sends|sent|dispatches|trains|delivers|airlifted|hands|renovates|leases|reschedules|"
    r"co-financed|spends|syndicate provides)\b"
)
_FROM = re.compile(r"\b(?:secures|obtains|receives)\b.*?\bfrom\s+(.+?)(?:\s+for\b|\s+to\b|\s*\(|$)")
# the spellings AidData uses for the same lender -> one name (no comma: the sidebar lists names comma-separated)
CANONICAL = {
    "cdb": "China Development Bank",
    "china development bank": "China Development Bank",
    "eximbank": "China Eximbank",
    "china eximbank": "China Eximbank",
    "export-import bank of china": "China Eximbank",
    "china eximbank syndicate": "China Eximbank",
    "boc": "Bank of China",
    "bank of china": "Bank of China",
    "icbc": "ICBC",
    "industrial and commercial bank of china": "ICBC",
    "icbc indonesia": "ICBC",
    "ccb": "China Construction Bank",
    "china construction bank": "China Construction Bank",
    "bocomm": "Bank of Communications",
    "china communications bank": "Bank of Communications",
    "agricultural bank of china": "Agricultural Bank of China",
    "china merchants bank": "China Merchants Bank",
    "china citic": "China CITIC Bank",
    "psboc": "Postal Savings Bank of China",
    "china": "Chinese Government",
    "chinese government": "Chinese Government",
    "chinese state-owned banks": "Chinese state-owned banks",
}
_BRANCH = re.compile(r"^(?:the\s+)?(?:[\w\s]+?)\s+branch(?:es)?\s+of\s+", re.I)


def _canonical(name: str) -> str:
    low = name.lower()
    if low in CANONICAL:
        return CANONICAL[low]
    if re.search(r"\bicbc\b", low):
        return "ICBC"  # "ICBC Vientiane Branch", "Industrial and Commercial Bank of China (ICBC) Indonesia"
    if re.fullmatch(r"(?:the\s+)?(?:chinese|china)\s+government|government\s+of\s+china|goverment of china", low):
        return "Chinese Government"
    return name.replace(",", "")


def lenders(title: str) -> list[str]:
    """The lender(s) or donor(s) a title names as its subject ("CDB and ICBC provide …" -> two names, canonical
    where AidData spells one lender several ways, see CANONICAL); empty when the title does not start with who gives
    (a subject with a number or of more than 8 words is no name)."""
    m = _FROM.search(title)
    if m:
        subject = m.group(1)
    else:
        v = _VERB.search(title)
        if not v:
            return []
        subject = title[: v.start()]
    subject = _BRANCH.sub("", subject.strip()).strip().strip(".")
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", subject) if p.strip()]
    if len(parts) > 1 and all(p.lower() in CANONICAL for p in parts):
        names = [CANONICAL[p.lower()] for p in parts]
    elif subject and not re.search(r"\d", subject) and len(subject.split()) <= 8:
        names = [_canonical(subject)]
    else:
        return []
    return list(dict.fromkeys(names))


# ---------------------------------------------------------------- nominal amount (the title's)

_CURRENCY = {
    "$": "USD",
    "usd": "USD",
    "us$": "USD",
    "rmb": "CNY",
    "yuan": "CNY",
    "kyat": "MMK",
    "cny": "CNY",
    "rm": "MYR",
    "eur": "EUR",
    "€": "EUR",
    "£": "GBP",
    "thb": "THB",
    "vnd": "VND",
    "idr": "IDR",
    "hkd": "HKD",
    "php": "PHP",
    "kyats": "MMK",
    "mmk": "MMK",
    "lak": "LAK",
    "₭": "LAK",
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_CUR = r"(US\$|\$|€|£|₭|RMB|USD|CNY|EUR|THB|VND|IDR|HKD|PHP|MMK|LAK|RM)"
_UNIT = r"(?:\s+(thousand|million|billion|trillion)\b)?"
# "$3.54 billion", "RMB 510.7 million", "₭800 million LAK"; or "250 million RMB", "1.5 billion kyats"
_BEFORE = re.compile(_CUR + r"\s?" + _NUM + _UNIT, re.I)
_AFTER = re.compile(r"(?<![\w$€£₭.])" + _NUM + _UNIT + r"\s+(RMB|yuan|USD|kyats|MMK|LAK|EUR|THB)\b", re.I)
# an amount after "contributes to", "participates in", "part of": the whole facility, not this record's share
_SHARE_OF = re.compile(r"\b(?:to|in|of)\s+(?:an?\s+|the\s+)?$", re.I)


def nominal_amount(title: str) -> tuple[float | None, str | None]:
    """The first amount the title states with its currency, unless it is the size of a larger facility
    this record only contributes to ("ICBC contributes to $1.75 billion syndicated loan")."""
    hits = [(m.start(), m.group(1), m.group(2), m.group(3)) for m in _BEFORE.finditer(title)]
    hits += [(m.start(), m.group(3), m.group(1), m.group(2)) for m in _AFTER.finditer(title)]
    if not hits:
        return None, None
    start, cur, num, unit = min(hits)
    if _SHARE_OF.search(title[:start]):
        return None, None
    value = float(num.replace(",", "")) * _SCALE.get((unit or "").lower(), 1.0)
    return round(value, 2), _CURRENCY[cur.lower()]


# ---------------------------------------------------------------- loan terms (the description's)

_N = r"(\d+(?:\.\d+)?)"
_YMD = r"(\d+)\s?y(?:ears?)?\s+(\d+)\s?m(?:onths?)?(?:\s+(\d+)\s?d(?:ays?)?)?"  # "11y 10m 18d"


def _years(pattern_years: list[str], pattern_months: list[str], pattern_ymd: list[str], text: str):
    found = []
    for p in pattern_years:
        found += [(float(m.group(1)), m) for m in re.finditer(p, text, re.I)]
    for p in pattern_months:
        found += [(round(float(m.group(1)) / 12, 2), m) for m in re.finditer(p, text, re.I)]
    for p in pattern_ymd:
        for m in re.finditer(p, text, re.I):
            y, mo, d = (float(g or 0) for g in m.groups())
            found.append((round(y + mo / 12 + d / 365, 2), m))
    return found


def _maturity(text: str):
    return _years(
        [
            r"(?<![\d.])" + _N + r"[\s-]*years?[\s-]+(?:loan\s+)?maturity",
            r"maturity(?:\s+period|\s+length)?\s+of\s+" + _N + r"\s*years?",
            r"maturity\s+of\s+" + _N + r"[\s-]*years",
        ],
        [r"maturity(?:\s+period|\s+length)?\s+of\s+" + _N + r"\s*months", r"(?<![\d.])" + _N + r"[\s-]*months?[\s-]+maturity"],
        [r"maturity(?:\s+period)?\s+of\s+" + _YMD],
        text,
    )


def _grace(text: str):
    return _years(
        [
            r"(?<![\d.])" + _N + r"[\s-]*years?[\s-]+grace\s+period",
            r"grace\s+period\s+of\s+" + _N + r"\s*years?",
        ],
        [r"grace\s+period\s+of\s+" + _N + r"\s*months", r"(?<![\d.])" + _N + r"[\s-]*months?[\s-]+grace\s+period"],
        [r"grace\s+period\s+of\s+" + _YMD],
        text,
    )


_BENCH = r"((?:\w+[- ]month\s+|\d+-month\s+)?(?:LIBOR|SOFR|EURIBOR|SHIBOR|HIBOR|JIBOR|TIBOR|KLIBOR))"


def _rate(text: str):
    found = []
    fixed = [
        r"(?<![\d.])" + _N + r"\s?%\s+(?:fixed\s+|annual\s+)?interest\s+rate",
        r"interest\s+rate\s+of\s+" + _N + r"\s?%",
        r"interest\s+rate\s+(?:was|is)\s+" + _N + r"\s?%",
    ]
    for p in fixed:
        found += [(f"{float(m.group(1)):g}%", m) for m in re.finditer(p, text, re.I)]
    floating = r"interest\s+rate\s+of\s+" + _BENCH + r"\s+plus\s+(?:an?\s+)?" + _N + r"\s?%"
    for m in re.finditer(floating, text, re.I):
        found.append((f"{m.group(1)} + {float(m.group(2)):g}%", m))
    margin = _BENCH + r"\s+plus\s+(?:an?\s+)?(?:margin\s+of\s+)?" + _N + r"\s?%(?:\s+margin)?(?:\s+interest\s+rate)?"
    for m in re.finditer(margin, text, re.I):
        if not any(m.start() >= f.start() and m.end() <= f.end() + 10 for _, f in found):
            found.append((f"{m.group(1)} + {float(m.group(2)):g}%", m))
    bps = _BENCH + r"\s+plus\s+" + _N + r"\s+basis\s+points"
    for m in re.finditer(bps, text, re.I):
        found.append((f"{m.group(1)} + {float(m.group(2)) / 100:g}%", m))
    free = r"\binterest[- ]free\b"
    found += [("0% (interest-free)", m) for m in re.finditer(free, text, re.I)]
    return found


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos) + 2, 0) if text.rfind(". ", 0, pos) >= 0 else 0
    end = text.find(". ", pos)
    return text[start : (end + 1 if end >= 0 else len(text))].strip()


def terms(description: str, title: str = "") -> dict:
    """Interest rate (text: '2%', '6-month LIBOR + 2.5%', '0% (interest-free)'), maturity and grace period
    (years), and the description's sentences that state terms, verbatim.

    A term stated with two different values is left empty. Such a description tells of several loans or offers;
    then a term is kept only if every sentence that states terms states it, with one value (two tranches with
    the same maturity and two rates), since a term stated once may be another loan's."""
    found = {
        "interest_rate": _rate(description) or _rate(title),
        "maturity_years": _maturity(description),
        "grace_period_years": _grace(description),
    }
    stating = sorted({_sentence(description, m.start()) for f in found.values() for _, m in f if m.string is description})
    several = any(len({v for v, _ in f}) > 1 for f in found.values())
    out: dict = {}
    for key, f in found.items():
        values = {v for v, _ in f}
        value = values.pop() if len(values) == 1 else None
        where = sorted({_sentence(description, m.start()) for _, m in f if m.string is description})
        out[key] = None if several and where != stating else value
    starts = {s: description.find(s) for s in stating}
    out["terms_text"] = " … ".join(sorted(stating, key=starts.get)) or None
    return out
