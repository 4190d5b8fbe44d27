"""Interface text in every language: one JSON catalogue per language in atlas/locales/.

A catalogue maps keys to strings with {placeholders}; a string that depends on a
count is an object of CLDR plural forms ({"one": …, "other": …}), chosen by
Babel's plural rules for the language. Vocabulary labels are ordinary keys
(`kind.port`, `status.planned`, `precision.traced`, `metric.passengers`,
`event.opened`, …). Country names, list joining and compact numbers come from
Babel (CLDR), not from the catalogues.

Adding a language is one file, `atlas/locales/<code>.json`, with every key of
`en.json` (tests/unit/test_i18n.py checks): the language list is read from the
folder. There is no fallback: a missing key is an error, so no English text can
slip into another language unnoticed. Data (names, excerpts, summaries) is not
translated here: a feature's Chinese name comes from its `name_zh`, and excerpts
stay in the language of their source.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import string
from collections.abc import Iterable
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from babel.numbers import format_compact_currency, format_compact_decimal, format_decimal

from atlas import vocab

LOCALES = Path(__file__).with_name("locales")


log = logging.getLogger(__name__)
PLURAL_FORMS = {"zero", "one", "two", "few", "many", "other"}


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _entry_problem(entry, wanted: set[str]) -> str | None:
    """Why one catalogue entry cannot be used (None when it can): not text or plural forms,
    or a {placeholder} English does not fill (str.format would raise KeyError)."""
    forms = entry.values() if isinstance(entry, dict) else [entry]
    if isinstance(entry, dict) and ("other" not in entry or not set(entry) <= PLURAL_FORMS):
        return "expected plural forms with 'other'"
    if not all(isinstance(f, str) and f.strip() for f in forms):
        return "expected text"
    try:
        extra = set().union(*(_fields(f) for f in forms)) - wanted
    except ValueError:  # a lone brace
        return "expected {placeholders} in matched braces"
    return f"unknown placeholders {sorted(extra)}" if extra else None


def check_catalogue(path: Path, english: dict | None) -> tuple[dict | None, str | None]:
    """(the catalogue, None) when it can be used, else (None, why not in one line naming the file):
    valid JSON, an object, every key of en.json usable, a language Babel (CLDR) knows."""
    name = f"atlas/locales/{path.name}"
    try:
        cat = _read(path)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        return None, f"{name}: expected a JSON catalogue, found {type(err).__name__}: {err}"
    if not isinstance(cat, dict):
        return None, f"{name}: expected a JSON object of messages, found {type(cat).__name__}"
    try:
        Locale.parse(path.stem)
    except (ValueError, UnknownLocaleError) as err:
        return None, f"{name}: expected a language code Babel knows, found {path.stem!r} ({err})"
    reference = english if english is not None else cat
    missing = sorted(k for k in reference if k not in cat)
    if missing:
        shown = ", ".join(missing[:10]) + (f" … ({len(missing)} in all)" if len(missing) > 10 else "")
        return None, f"{name}: missing keys of en.json: {shown}"
    for key in reference:
        why = _entry_problem(cat[key], _all_fields(reference[key]))
        if why:
            return None, f"{name}: key {key!r}: {why}"
    return cat, None


def _all_fields(entry) -> set[str]:
    forms = entry.values() if isinstance(entry, dict) else [entry]
    try:
        return set().union(*(_fields(f) for f in forms if isinstance(f, str)))
    except ValueError:
        return set()


def load_catalogues(folder: Path) -> tuple[dict[str, dict], list[str]]:
    """Every usable catalogue of `folder`, English first, and one line per catalogue left out.
    English is the reference: without a usable en.json nothing can be shown, so that raises."""
    english, why = check_catalogue(folder / "en.json", None)
    if english is None:
        raise RuntimeError(why)
    catalogues, problems = {"en": english}, []
    for path in sorted(p for p in folder.glob("*.json") if p.stem != "en"):
        cat, why = check_catalogue(path, english)
        if cat is None:
            problems.append(f"{why}; left out of the language switch")
        else:
            catalogues[path.stem] = cat
    return catalogues, problems


# English first, then the others by code; each catalogue names its own language. A broken one
# is left out of the language switch (and ?lang= ignores it), with one log line saying why.
CATALOGUES, CATALOGUE_PROBLEMS = load_catalogues(LOCALES)
for _line in CATALOGUE_PROBLEMS:
    log.error(_line)
LANGS: dict[str, str] = {code: cat["lang.name"] for code, cat in CATALOGUES.items()}

# ISO 3166-1 alpha-3 (the data's codes) -> alpha-2 (CLDR territory codes), from the country table
ISO2 = {c.code: c.iso2 for c in vocab.COUNTRY_TABLE}
# strings that are the same in English and other languages by nature: words borrowed as they are
SAME_IN_EVERY_LANGUAGE = {"status", "forum", "km", "km²", "usd", "ha", "teu", "%", "id", "t", "asean"}


def untranslated(lang: str) -> list[str]:
    """Keys of `lang`'s catalogue whose string is still the English one (untranslated_keys)."""
    return untranslated_keys(CATALOGUES["en"], CATALOGUES[lang])


def untranslated_keys(english: dict, own: dict) -> list[str]:
    """Keys whose string in `own` is still the English one: a copied catalogue is reported
    (a log line at start, a failing test). Templates with no words of their own, and the
    words in SAME_IN_EVERY_LANGUAGE, do not count."""

    def words(entry) -> str:
        text = " ".join(entry.values()) if isinstance(entry, dict) else entry
        return re.sub(r"\{[^}]*\}", " ", text)

    same = []
    for key, entry in english.items():
        if own.get(key) != entry:
            continue
        left = [w for w in re.findall(r"[^\W\d_]+|%", words(entry)) if w.casefold() not in SAME_IN_EVERY_LANGUAGE]
        if left:
            same.append(key)
    return same


for _lang, _catalogue in CATALOGUES.items():
    if _lang != "en" and (_same := untranslated_keys(CATALOGUES["en"], _catalogue)):
        log.warning(
            "atlas/locales/%s.json: %d of %d strings are the English ones (%s): translate them",
            _lang,
            len(_same),
            len(CATALOGUES["en"]),
            "mostly untranslated" if len(_same) * 2 > len(CATALOGUES["en"]) else ", ".join(_same[:8]),
        )


@functools.cache
def locale(lang: str) -> Locale:
    return Locale.parse(lang)


def t(key: str, lang: str = "en", **values) -> str:
    """The string of `key` in `lang`, its {placeholders} filled. A plural entry picks its
    form by the language's plural rule for `n`."""
    entry = CATALOGUES[lang][key]
    if isinstance(entry, dict):
        entry = entry.get(locale(lang).plural_form(values.get("n", 0))) or entry["other"]
    return entry.format(**values) if values else entry


def has(key: str, lang: str = "en") -> bool:
    return key in CATALOGUES.get(lang, {})


def label(prefix: str, value: str, lang: str) -> str:
    """A vocabulary label (`kind`, `status`, `metric`, `event`, …). A value from data that
    no catalogue knows (a new event word, say) is shown as the data has it."""
    key = f"{prefix}.{str(value).replace(' ', '_')}"
    return t(key, lang) if has(key, lang) else str(value).replace("_", " ")


def _vocabulary(prefix: str, values: Iterable[str], lang: str) -> dict[str, str]:
    return {v: t(f"{prefix}.{v}", lang) for v in values}


def kinds(lang: str) -> dict[str, str]:
    return _vocabulary("kind", (e.code for e in vocab.KIND_TABLE), lang)


def statuses(lang: str) -> dict[str, str]:
    return _vocabulary("status", (e.code for e in vocab.STATUS_TABLE), lang)


def precisions(lang: str) -> dict[str, str]:
    return _vocabulary("precision", (e.code for e in vocab.PRECISION_TABLE), lang)


_ALT = re.compile(r"\s*\([^)]*\)$")  # CLDR's "Myanmar (Burma)": the short form is enough on a map


@functools.cache
def countries(lang: str) -> dict[str, str]:
    """Country names from CLDR (Babel's territory names), by alpha-3 code."""
    names = locale(lang).territories
    return {a3: _ALT.sub("", names[a2]) for a3, a2 in ISO2.items()}


def metric(name: str, lang: str) -> str:
    return label("metric", name, lang)


def unit(name: str, lang: str) -> str:
    return label("unit", name, lang)


def status_group(name: str, lang: str) -> str:
    return label("group", name, lang)


def basis(name: str, lang: str) -> str:
    return label("basis", name, lang)


def join(items: Iterable[str], lang: str, style: str = "standard") -> str:
    """A list for running text, by the language's own rule: 'China, Laos, and Thailand',
    '中国、老挝和泰国', 'Tiongkok, Laos, dan Thailand' (style "or" for alternatives)."""
    items = list(items)
    return format_list(items, style=style, locale=lang) if items else ""


def number(value: float, lang: str, digits: int = 0) -> str:
    """A number with the language's separators: 2,048 / 2.048."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=lang)


def compact(value: float, lang: str) -> str:
    """Short enough for a headline tile: 1,520 / 48.8M / 4880万 / 48,8 jt."""
    if abs(value) < 1e6:
        return number(value, lang)
    return format_compact_decimal(value, format_type="short", locale=lang, fraction_digits=1)


def money(value: float, currency: str, lang: str) -> str:
    """A sum of money, short and in the language's own form: $3.98B / US$39.77亿 / US$3,98 M."""
    return format_compact_currency(value, currency, locale=lang, fraction_digits=2)


def names(name: str, name_zh, lang: str) -> tuple[str, str]:
    """(name in the interface language, the other name or ''): `name_zh` leads in
    Chinese when there is one; the English name leads in every other language (there
    is no Indonesian name in the data)."""
    if not (isinstance(name_zh, str) and name_zh):
        return name, ""
    return (name_zh, name) if lang == "zh" else (name, name_zh)


def feature_name(row, lang: str, *, marked: bool = False) -> str:
    """The name in the interface language: `name_zh` in Chinese when there is one. With `marked`, an
    English name on a Chinese page says so ("Subic–Clark railway (EN)"): one language per page."""
    return marked_name(row["name"], row.get("name_zh"), lang) if marked else names(row["name"], row.get("name_zh"), lang)[0]


FALLBACK_MARK = " (EN)"  # after a name shown in English for want of a translation (tests/pages/test_one_language.py)


def marked_name(name: str, name_zh, lang: str) -> str:
    """The name in the interface language, marked when it falls back to English on a Chinese page."""
    shown = names(name, name_zh, lang)[0]
    return shown + FALLBACK_MARK if lang == "zh" and shown == name and name else shown
