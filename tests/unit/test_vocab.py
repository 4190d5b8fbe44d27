"""Invariants driven by the vocabulary tables (atlas/vocab.py): every entry has every piece.

A kind, a status, a precision or a status group is one record; these tests walk the tables,
so a change that adds an entry and forgets a piece (its words in a catalogue, its style, its
legend row, its chart group, its badge) fails with a message that names the piece.
"""

from __future__ import annotations

import pytest

from atlas import i18n, mapview, render, stats, vocab
from atlas.catalog import load_catalog
from atlas.layers import encode
from atlas.places import KIND_WORDS
from tests.conftest import feature, write_data

LANGS = sorted(i18n.LANGS)


def catalogue_keys() -> list[str]:
    keys = [f"kind.{k.code}" for k in vocab.KIND_TABLE] + [f"kinds.{k.code}" for k in vocab.KIND_TABLE]
    keys += [f"status.{s.code}" for s in vocab.STATUS_TABLE] + [f"precision.{p.code}" for p in vocab.PRECISION_TABLE]
    keys += [f"group.{g.code}" for g in vocab.STATUS_GROUP_TABLE]
    return keys


@pytest.mark.parametrize("lang", LANGS)
def test_every_vocabulary_entry_has_its_words_in_every_catalogue(lang):
    missing = [k for k in catalogue_keys() if k not in i18n.CATALOGUES[lang]]
    assert not missing, f"atlas/locales/{lang}.json lacks {missing}"


def test_every_status_belongs_to_a_group_and_every_group_has_a_colour():
    for s in vocab.STATUS_TABLE:
        assert s.group in vocab.STATUS_GROUP, f"status {s.code!r}: group {s.group!r} is not in STATUS_GROUP_TABLE"
    assert sum(len(v) for v in stats.STATUS_GROUPS.values()) == len(vocab.STATUS_TABLE)


def test_every_shape_a_precision_allows_has_a_style_for_every_kind_and_status():
    table = mapview.style_table()["index"]
    for kind in vocab.KIND_TABLE:
        for status in vocab.STATUS_TABLE:
            for prec in vocab.PRECISION_TABLE:
                for shape in prec.shapes:
                    key = mapview.style_key(kind.code, status.code, prec.code, "L" if shape == "line" else "P")
                    assert key in table, f"no style for {key}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_legend_has_a_row_for_every_kind_and_status(lang):
    html = mapview.legend_html(lang)
    for kind in vocab.KIND_TABLE:
        assert render.esc(i18n.kinds(lang)[kind.code]) in html, f"legend ({lang}) lacks kind {kind.code!r}"
        assert kind.colour in html, f"legend lacks the colour of kind {kind.code!r}"
    for status in vocab.STATUS_TABLE:
        assert render.esc(i18n.statuses(lang)[status.code]) in html, f"legend ({lang}) lacks status {status.code!r}"
    assert render.esc(i18n.t("legend.context", lang)) in html  # the existing national lines' own row


def test_every_status_has_a_badge_colour_in_the_stylesheet():
    from atlas import templating

    for s in vocab.STATUS_TABLE:
        assert f'.atlas-badge[data-status="{s.code}"] {{background: {s.badge};' in templating.css(), s.code
    assert "#c8e6c9" not in templating.CSS_FILE.read_text(encoding="utf-8")  # the static file names no status colour
    # the stylesheet reaches the panel as CSS, not autoescaped text (a quoted selector then matched nothing)
    panel = render.details_html(load_catalog(), "china_laos_railway")
    assert '.atlas-badge[data-status="operational"] {background: #c8e6c9;}' in panel
    assert 'data-status="operational"' in panel


def test_kinds_with_linker_words_are_the_point_kinds_the_linker_names_by_town():
    # a kind's words live in its record: the linker's table is derived, not a copy
    assert {k.code: k.words for k in vocab.KIND_TABLE if k.words} == KIND_WORDS
    assert {"station", "border_station", "industrial_park", "port"} <= set(KIND_WORDS)


def test_every_kind_and_status_draws_on_the_map_without_error(tmp_path):
    """One synthetic feature of every kind x status: the map, its layers and the style keys they use."""
    feats = []
    for i, kind in enumerate(vocab.KIND_TABLE):
        for j, status in enumerate(vocab.STATUS_TABLE):
            lon, lat = 100.0 + i * 0.5, 10.0 + j * 0.5
            coords = ((lon, lat), (lon + 0.3, lat + 0.2))  # conftest.feature draws a point kind at the first
            feats.append(
                feature(f"f_{kind.code}_{status.code}", coords=coords, kind=kind.code, status=status.code, countries=["THA"])
            )
    cat = load_catalog(write_data(tmp_path / "data", layers={"rail_corridors": feats}))
    assert not cat.problems, cat.problems
    encoded = encode(cat.features)
    assert set(encoded["kinds"]) == {k.code for k in vocab.KIND_TABLE}
    html = mapview.build_map(cat).get_root().render()
    assert html.count("window.atlasLayer(") == len(vocab.KIND_TABLE)


def test_countries_are_one_table():
    from atlas import schema

    assert {c.code: c.name for c in vocab.COUNTRY_TABLE} == schema.COUNTRIES
    assert {c.code: c.words for c in vocab.COUNTRY_TABLE} == schema.COUNTRY_WORDS
    assert {c.code: c.iso2 for c in vocab.COUNTRY_TABLE} == i18n.ISO2


def test_every_status_has_a_group_in_journeys():
    from atlas import journeys

    for s in vocab.STATUS_TABLE:
        group = vocab.journey_group(s.code)
        assert group in journeys.KM_GROUPS, f"status {s.code!r}: journey group {group!r} has no tile"
        assert group == "unknown" or s.code in journeys.GROUPS[group]
