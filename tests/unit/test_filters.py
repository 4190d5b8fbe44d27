"""Filters: apply(), describe() and the URL round trip."""

import pytest

from atlas.catalog import load_catalog
from atlas.filters import FILTERS, Selection, apply, describe, from_query_params, md_literal, to_query_params

CAT = load_catalog()
IDS = set(CAT.features["id"])


@pytest.mark.parametrize(
    ("sel", "must", "must_not"),
    [
        # the check: Malaysia leaves the ECRL and the Kuantan park, not the China–Laos line
        (Selection(country=("MYS",)), {"ecrl", "mckip"}, {"china_laos_railway"}),
        # kinds and statuses combine with AND
        (
            Selection(kind=("rail_corridor",), status=("planned",)),
            {"thai_china_hsr_phase2", "muse_mandalay_railway"},
            {"thai_china_hsr_phase1", "mohan_station"},
        ),
        # search matches aliases ...
        (Selection(q="whoosh"), {"jakarta_bandung_hsr"}, {"ecrl"}),
        # ... and Chinese names
        (Selection(q="中老铁路"), {"china_laos_railway"}, {"ecrl"}),
        # a cross-border line belongs to both countries
        (Selection(country=("LAO",)), {"china_laos_railway", "boten_station"}, {"mohan_station"}),
    ],
)
def test_apply(sel, must, must_not):
    ids = set(apply(CAT, sel).features["id"])
    assert must <= ids
    assert not (must_not & ids)


def test_apply_filters_facts_and_agreements_too(frozen_catalog):
    # the frozen data of 30 Nov 2026: the features with Indonesian figures then
    shown = apply(frozen_catalog, Selection(country=("IDN",)))
    assert set(shown.facts["feature_id"]) == {
        "jakarta_bandung_hsr",
        "weda_bay_industrial_park",
        "morowali_industrial_park",
        "konawe_industrial_park",
    }
    assert "prabowo_visit_2024" in set(shown.agreements["id"])
    assert "anwar_visit_2024" not in set(shown.agreements["id"])
    assert len(frozen_catalog.features) == 105  # the input catalog is untouched


@pytest.mark.parametrize(
    ("sel", "sentence"),
    [
        (Selection(), "All projects"),
        (
            Selection(kind=("rail_corridor",), country=("LAO", "THA"), status=("operational", "under_construction")),
            "Rail corridors in Laos and Thailand, operational or under construction",
        ),
        (Selection(kind=("industrial_park", "port")), "Industrial parks and ports"),
        (Selection(q="Mohan"), 'All projects, matching "Mohan"'),
    ],
)
def test_describe(sel, sentence):
    assert describe(sel) == sentence


def test_query_params_round_trip():
    sel = Selection(country=("LAO", "THA"), status=("operational",), q="rail", feature="mohan_station")
    params = to_query_params(sel)
    assert params == {"country": "LAO,THA", "status": "operational", "q": "rail", "feature": "mohan_station"}
    assert from_query_params(params, catalog=CAT) == (sel, [])


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"country": "LAO,XX"}, "Ignored unknown country value(s) in the link: ` XX `."),
        ({"status": "<script>"}, "Ignored unknown status value(s) in the link: ` <script> `."),
        ({"feature": "nowhere"}, "Ignored unknown feature in the link: ` nowhere `."),
        ({"zoom": "9"}, "Ignored unknown link parameter(s): ` zoom `."),
    ],
)
def test_unknown_url_values_are_ignored_with_a_notice(params, notice):
    sel, notices = from_query_params(params, catalog=CAT)
    assert notice in notices
    assert "XX" not in sel["country"] and "<script>" not in sel["status"] and sel.feature is None


@pytest.mark.parametrize(
    ("value", "span"),
    [
        # a phishing link: inside a code span it is text, not a link (escaping alone still autolinked the URL)
        ("[Log in](https://evil.example/login)", "` [Log in](https://evil.example/login) `"),
        # backticks in the value cannot close the span: the fence is longer than any run inside
        ("a`b``c", "``` a`b``c ```"),
        # a line break cannot start a new markdown block
        ("x\n# heading", "` x # heading `"),
    ],
)
def test_url_values_become_code_spans(value, span):
    assert md_literal(value) == span


def test_builder_and_financier_filters_come_from_the_data():
    spec = {f.key: f for f in FILTERS}
    builders, financiers = spec["builder"].options(CAT), spec["financier"].options(CAT)
    assert "China State Railway Group (operator)" in builders and "China Development Bank" in financiers
    assert "China Eximbank" in financiers and "ICBC" in financiers  # AidData's lenders of the linked projects
    assert financiers == sorted(financiers, key=str.casefold)
    assert builders == sorted(builders, key=str.casefold)


@pytest.mark.parametrize(
    ("sel", "ids"),
    [
        (Selection(builder=("China State Railway Group (operator)",)), {"china_laos_railway"}),
        # the financier a source names (Jakarta–Bandung) or the lender AidData records for a feature's aiddata_ids
        (Selection(financier=("China Development Bank",)), {"jakarta_bandung_hsr", "morowali_industrial_park", "hengyi_pmb"}),
        (Selection(financier=("China Eximbank",), country=("LAO",)), {"china_laos_railway", "saysettha_zone"}),  # AidData's only
        # combined with the other filters by AND: the Lao railway is not Indonesian
        (Selection(builder=("China State Railway Group (operator)",), country=("IDN",)), set()),
    ],
)
def test_builder_and_financier_filter_the_features(sel, ids):
    shown = apply(CAT, sel)
    assert set(shown.features["id"]) == ids
    assert set(shown.facts["feature_id"]) <= ids | set(shown.agreements["id"])


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "All projects, built or operated by Tsingshan, financed by China Development Bank"),
        ("zh", "全部项目，建设/运营方：Tsingshan，融资方：China Development Bank"),
        ("id", "Semua proyek, dibangun atau dioperasikan oleh Tsingshan, dibiayai oleh China Development Bank"),
    ],
)
def test_builder_and_financier_phrase_the_heading_in_every_language(lang, sentence):
    assert describe(Selection(builder=("Tsingshan",), financier=("China Development Bank",)), lang) == sentence


def test_builder_and_financier_round_trip_through_the_link():
    sel = Selection(builder=("Tsingshan", "Holley Group"), financier=("China Development Bank",))
    params = to_query_params(sel)
    assert params == {"builder": "Tsingshan,Holley Group", "financier": "China Development Bank"}
    assert from_query_params(params, catalog=CAT) == (sel, [])
    _, notices = from_query_params({"builder": "Nobody Inc"}, catalog=CAT, lang="id")
    assert notices == ["Nilai pembangun atau operator yang tidak dikenal di tautan diabaikan: ` Nobody Inc `."]


# --- invariants driven by the registry: a filter that forgets a piece fails here, by name ---


@pytest.mark.parametrize("spec", FILTERS, ids=lambda f: f.key)
def test_every_filter_has_its_words_in_every_catalogue(spec):
    from atlas import i18n

    for lang, catalogue in i18n.CATALOGUES.items():
        missing = [k for k in spec.catalogue_keys() if k not in catalogue]
        assert not missing, f"filter {spec.key!r}: atlas/locales/{lang}.json lacks {missing}"


def sample_value(spec):
    """A value of each filter that selects something in the bundled data."""
    from atlas.filters import MultiFilter, TextFilter

    if isinstance(spec, MultiFilter):
        return tuple(spec.options(CAT)[:1])
    return "rail" if isinstance(spec, TextFilter) else 2024


@pytest.mark.parametrize("spec", FILTERS, ids=lambda f: f.key)
def test_every_filter_applies_round_trips_and_describes_itself(spec):
    sel = Selection(**{spec.key: sample_value(spec)})
    shown = apply(CAT, sel)
    assert len(shown.features) <= len(CAT.features)
    again, notices = from_query_params(to_query_params(sel), catalog=CAT)
    assert again == sel and notices == []
    for lang in ("en", "zh", "id"):
        assert describe(sel, lang) != describe(Selection(), lang), (spec.key, lang)  # the heading says it is set
        args = spec.widget_args(CAT, lang, spec.widget_value(sel[spec.key]))
        assert args["label"]


@pytest.mark.parametrize("spec", FILTERS, ids=lambda f: f.key)
def test_every_filter_names_a_streamlit_widget(spec):
    import streamlit as st

    assert callable(getattr(st, spec.widget)), spec.widget
