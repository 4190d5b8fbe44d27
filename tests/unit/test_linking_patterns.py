"""How reporters name features and figures (issue 13), as tables: each row a sentence, the features
it must resolve to and one it must not."""

from __future__ import annotations

import pytest

from atlas.catalog import load_catalog
from atlas.linking import link_article

CAT = load_catalog()


def ids_of(text: str) -> set[str]:
    return {fid for e in link_article(text, CAT)["excerpts"] for fid in e["feature_ids"]}


@pytest.mark.parametrize(
    ("text", "must", "must_not"),
    [
        # a line named by two of its places
        ("Trains now run on the railway from Vientiane up to Boten every hour.", {"china_laos_railway"}, {"boten_station"}),
        (
            "The stretch between Bangkok and Nakhon Ratchasima is a third built.",
            {"thai_china_hsr_phase1"},
            {"thai_china_hsr_phase2"},
        ),
        ("New trains linking Hanoi with Lao Cai would carry freight.", {"china_vietnam_railway_vietnam"}, {"lao_cai_station"}),
        ("Work on the Gombak–Port Klang leg starts next year.", {"ecrl"}, {"gombak_itt_ecrl_station"}),
        (
            "The section connecting the city of Kunming with the Lao capital of Vientiane is open.",
            {"china_laos_railway"},
            {"thailand_laos_railway"},
        ),
        ("The railway from Muse to Mandalay is still on paper.", {"muse_mandalay_railway"}, {"mandalay_kyaukpyu_railway"}),
        ("曼谷至呵叻段已完成过半。", {"thai_china_hsr_phase1"}, {"thai_china_hsr_phase2"}),
        # places alone, or joined without a word of rail, name no line
        ("Hotel prices in Vientiane rose again this year.", set(), {"china_laos_railway", "vientiane_station"}),
        ("Cheap flights from Kunming to Vientiane sold out.", set(), {"china_laos_railway"}),
        ("Jakarta's traffic is the worst in years.", set(), {"jakarta_bandung_hsr"}),
        # a station, park, zone or port named by its town and a word of its kind
        ("Only the station in Pasir Puteh is a little delayed.", {"pasir_puteh_ecrl_station"}, {"ecrl"}),
        ("Investors are crowding into the Bintan park.", {"bintan_industrial_estate"}, set()),
        ("Casinos still dominate the zone at Boten.", {"boten_sez"}, {"boten_station"}),
        ("Factories in the Sihanoukville zone hired more workers.", {"sihanoukville_sez"}, set()),
        ("Ships queue at the port at Kuantan.", {"kuantan_port"}, {"mckip", "kuantan_port_city_ecrl_station"}),
        ("Freight trains crossing at Mohan now run every day.", {"mohan_station"}, set()),
        # a town alone names no station
        ("She is a resident of Padalarang in West Bandung.", set(), {"padalarang_station"}),
        ("Fighting near Muse makes work there hard.", set(), {"muse_border_crossing"}),
        ("Boten was a sleepy village.", set(), {"boten_station", "boten_sez"}),
        # Chinese names without their country; phases once their line is named
        ("莫罗瓦利工业园的镍产量继续增长。", {"morowali_industrial_park"}, set()),
        ("东海岸铁路进展顺利。", {"ecrl"}, set()),
        ("中泰铁路一期进展顺利。二期即将开工。", {"thai_china_hsr_phase1", "thai_china_hsr_phase2"}, set()),
        (
            "The first phase linking Bangkok and Nakhon Ratchasima is 36% built. The Cabinet approved the second phase.",
            {"thai_china_hsr_phase1", "thai_china_hsr_phase2"},
            set(),
        ),
        # "second phase" with no phased line named before it names nothing
        ("The second phase of the housing scheme starts soon.", set(), {"thai_china_hsr_phase2"}),
        ("二期工程即将开工。", set(), {"thai_china_hsr_phase2"}),
    ],
)
def test_names_resolve_through_the_network(text, must, must_not):
    found = ids_of(text)
    assert must <= found, must - found
    assert not (must_not & found), must_not & found
    if not must:
        assert found == set(), found


def test_a_mention_that_fits_two_features_is_reported_not_picked():
    # the port and the ECRL station of Kuantan are both a "terminal"
    out = link_article("Containers pile up at the Kuantan terminal.", CAT)
    assert out["excerpts"] == []
    assert [(a["text"], a["candidates"]) for a in out["ambiguous"]] == [
        ("Kuantan", ["kuantan_port", "kuantan_port_city_ecrl_station"])
    ]


@pytest.mark.parametrize(
    ("sentence", "fact"),
    [
        # numbers in words, with their qualifier
        (
            "The China-Laos railway has carried more than forty million trips.",
            ("china_laos_railway", "passengers", 40e6, "passengers", "more than"),
        ),
        (
            "Whoosh welcomed its five-millionth passenger on Friday.",
            ("jakarta_bandung_hsr", "passengers", 5e6, "passengers", "milestone"),
        ),
        ("Four in ten riders of the China-Laos railway are tourists.", ("china_laos_railway", "percent", 40.0, "percent", "")),
        ("中老铁路跨境旅客占比超过三成。", ("china_laos_railway", "percent", 30.0, "percent", "more than")),
        ("Qinzhou Port handled 2.1 million TEU last year.", ("qinzhou_port", "containers", 2.1e6, "TEU", "")),
        ("中老铁路累计发送旅客近4300万人次。", ("china_laos_railway", "passengers", 43e6, "passengers", "nearly")),
        ("中老铁路全年发送货物2448万吨。", ("china_laos_railway", "freight", 24.48e6, "tonnes", "")),
        ("Whoosh runs at 350 km per hour.", ("jakarta_bandung_hsr", "design_speed", 350.0, "km/h", "")),
        ("The ECRL is nearly 93 per cent complete.", ("ecrl", "percent_complete", 93.0, "percent", "nearly")),
        ("The 48.86-kilometre section of the ECRL is done.", ("ecrl", "length", 48.86, "km", "")),
        ("中老铁路运输货物4500多万吨。", ("china_laos_railway", "freight", 45e6, "tonnes", "more than")),
    ],
)
def test_figures_in_words_and_with_qualifiers(sentence, fact):
    facts = link_article(sentence, CAT)["facts"]
    assert [(f["feature_id"], f["metric"], f["value"], f["unit"], f["qualifier"]) for f in facts] == [fact]


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("From January to October, the China-Laos railway carried 16 million passengers.", "From January to October"),
        ("截至 11 月 3 日,中老铁路发送旅客达 4170 万人次。", "截至 11 月 3 日"),
        ("2025年,中老铁路全年发送旅客达1951万人次。", "全年"),
        ("The ECRL was 83.27 per cent complete as of September.", "as of September"),
    ],
)
def test_each_figure_carries_the_period_its_sentence_gives(sentence, period):
    (fact,) = link_article(sentence, CAT)["facts"]
    assert fact["period"] == period


@pytest.mark.parametrize(
    "sentence",
    [
        "A 350 km drive from Jakarta to Bandung takes hours.",  # names no feature: no figure
        "The China-Laos railway has one-stop service for cargo.",  # "one" without a unit is no figure
    ],
)
def test_no_figure_without_a_feature_and_a_unit(sentence):
    assert link_article(sentence, CAT)["facts"] == []
