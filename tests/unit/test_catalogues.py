"""The locale catalogues are checked when the app starts (issue 19 item 5): a broken one is left out
of the language switch with one log line naming the file and what is wrong, and this test, over the
catalogue files themselves, fails `make test` on it."""

from __future__ import annotations

import json
import shutil

import pytest

from atlas import i18n


def test_every_catalogue_file_is_usable():
    # over the files, not over i18n.CATALOGUES (which leaves a broken file out and so would pass)
    _, problems = i18n.load_catalogues(i18n.LOCALES)
    assert problems == []
    assert sorted(p.stem for p in i18n.LOCALES.glob("*.json")) == sorted(i18n.LANGS)


def _broken(tmp_path, name: str, text: str):
    shutil.copy(i18n.LOCALES / "en.json", tmp_path / "en.json")
    shutil.copy(i18n.LOCALES / "zh.json", tmp_path / "zh.json")
    (tmp_path / name).write_text(text, encoding="utf-8")
    return i18n.load_catalogues(tmp_path)


ZH = json.loads((i18n.LOCALES / "zh.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        # regression: a malformed file stopped the app at import with a bare JSONDecodeError naming no file
        ("xx.json", '{"lang.name": "X",', "atlas/locales/xx.json: expected a JSON catalogue, found JSONDecodeError"),
        # regression: a key removed from zh.json turned every Chinese page into the error page (KeyError)
        (
            "zh.json",
            json.dumps({k: v for k, v in ZH.items() if k != "sb.builder"}),
            "zh.json: missing keys of en.json: sb.builder",
        ),
        # regression: a catalogue of one key was offered, and ?lang=yy crashed (Babel UnknownLocaleError)
        ("yy.json", '{"lang.name": "Y"}', "atlas/locales/yy.json: expected a language code Babel knows, found 'yy'"),
        ("ms.json", '{"lang.name": "Melayu"}', "atlas/locales/ms.json: missing keys of en.json: "),
        ("ms.json", json.dumps({**ZH, "sb.builder": "{nope}"}), "ms.json: key 'sb.builder': unknown placeholders ['nope']"),
        ("ms.json", "[1, 2]", "ms.json: expected a JSON object of messages, found list"),
    ],
)
def test_a_broken_catalogue_is_left_out_with_one_line(tmp_path, name, text, said):
    catalogues, problems = _broken(tmp_path, name, text)
    assert name.removesuffix(".json") not in catalogues
    assert "en" in catalogues
    assert len(problems) == 1 and said in problems[0] and "left out of the language switch" in problems[0]
    assert "\n" not in problems[0]


@pytest.mark.parametrize("lang", sorted(set(i18n.LANGS) - {"en"}))
def test_no_catalogue_keeps_english_strings(lang):
    same = i18n.untranslated(lang)
    assert same == [], f"atlas/locales/{lang}.json: {len(same)} strings are still the English ones: {same[:12]}"


def test_a_copied_catalogue_is_reported_as_mostly_english():
    """Issue 22: a copied en.json with three keys translated passed the language test."""
    en = i18n.CATALOGUES["en"]
    vi = {**en, "lang.name": "Tiếng Việt", "app.title": "Bản đồ kết nối Trung Quốc–ASEAN", "sb.filters": "Bộ lọc"}
    same = i18n.untranslated_keys(en, vi)
    assert len(same) > len(en) * 0.9 and "app.title" not in same
