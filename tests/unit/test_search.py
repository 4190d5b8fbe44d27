"""The search box as readers type it (atlas/search.py): what each query finds, as a table."""

import pytest

from atlas import search, vocab
from atlas.catalog import load_catalog
from atlas.filters import Selection, apply

CAT = load_catalog()
KIND = dict(zip(CAT.features["id"], CAT.features["kind"], strict=True))
# the high-speed lines of the data: their names or aliases say high-speed, HSR or 高铁
HSR_LINES = {
    "thai_china_hsr_phase1",
    "thai_china_hsr_phase2",
    "jakarta_bandung_hsr",
    "whoosh_extension_east_java",
    "nanning_pingxiang_hsr",
    "china_cambodia_railway",  # alias "Phnom Penh-Poipet high-speed rail"
}
PORTS = {i for i, k in KIND.items() if k == "port"}
PARKS = {i for i, k in KIND.items() if k == "industrial_park"}
BORDER = {i for i, k in KIND.items() if k == "border_station"}
RAIL = {i for i, k in KIND.items() if k == "rail_corridor"}


def found(query: str) -> set[str]:
    return set(apply(CAT, Selection(q=query)).features["id"])


@pytest.mark.parametrize(
    ("query", "lang", "lines"),
    [
        # the complaint: "high speed" found 1 feature because names say "high-speed"
        ("high speed", "en", HSR_LINES),
        ("high-speed", "en", HSR_LINES),
        ("High Speed Rail", "en", HSR_LINES),
        ("HSR", "en", HSR_LINES),
        ("ＨＳＲ", "en", HSR_LINES),  # full-width letters, as a Chinese keyboard types them
        ("kereta cepat", "id", HSR_LINES),  # found nothing before
        ("高铁", "zh", HSR_LINES),  # found nothing before
        ("高速铁路", "zh", HSR_LINES),
    ],
)
def test_high_speed_words_find_the_high_speed_lines(query, lang, lines):
    """The rail corridors found are exactly the high-speed ones (their stations may come too, by name)."""
    assert found(query) & RAIL == lines


@pytest.mark.parametrize(
    ("query", "lang", "expected"),
    [
        # an en dash, a hyphen, a space: the same line
        ("Kunming–Vientiane", "en", {"china_laos_railway", "kunming_south_station"}),
        ("Kunming-Vientiane", "en", {"china_laos_railway", "kunming_south_station"}),
        ("kunming vientiane", "en", {"china_laos_railway", "kunming_south_station"}),
        ("KUNMING—VIENTIANE", "en", {"china_laos_railway", "kunming_south_station"}),  # em dash, capitals
        # diacritics do not matter: the data writes "Lao Cai", a Vietnamese reader "Lào Cai"
        (
            "Lào Cai",
            "en",
            {
                "china_vietnam_railway_vietnam",
                "hekou_north_station",
                "kim_thanh_border_gate",
                "lao_cai_hekou_link",
                "lao_cai_station",
            },
        ),
        ("Đồng Đăng", "en", {"dong_dang_station", "hanoi_dong_dang_sgr", "nanning_hanoi_railway", "pingxiang_station"}),
        # kind words in three languages find every feature of the kind
        ("industrial park", "en", PARKS),
        ("产业园", "zh", PARKS),
        ("kawasan industri", "id", PARKS),
        ("pelabuhan", "id", PORTS),
        ("ports", "en", PORTS),  # a plural
        ("border crossing", "en", BORDER),
        ("口岸", "zh", BORDER),
        ("pos lintas batas", "id", BORDER),
    ],
)
def test_queries_find_exactly(query, lang, expected):
    assert found(query) == expected


@pytest.mark.parametrize(
    ("query", "lang", "must", "must_not"),
    [
        # a kind word finds the kind and the names holding it ("Port Klang station"), not "transport" in a summary
        ("port", "en", PORTS | {"port_klang_ecrl_station", "kuantan_port_city_ecrl_station"}, {"china_laos_railway"}),
        ("港", "zh", PORTS | {"sihanoukville_sez"}, {"ecrl"}),  # 西哈努克港经济特区 holds 港
        ("railway", "en", RAIL, {"mckip", "kuantan_port"}),
        ("铁路", "zh", RAIL - {"cat_linh_ha_dong_metro"}, {"mckip"}),
        ("kereta api", "id", RAIL, {"mckip", "mohan_station"}),
        # plain names still work as before
        ("whoosh", "en", {"jakarta_bandung_hsr", "halim_station"}, {"ecrl"}),
        ("中老铁路", "zh", {"china_laos_railway"}, {"ecrl"}),
    ],
)
def test_queries_find_at_least(query, lang, must, must_not):
    ids = found(query)
    assert must <= ids, sorted(must - ids)
    assert not (must_not & ids)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("High-Speed", "highspeed"),
        ("Kunming–Vientiane", "kunmingvientiane"),
        ("ＨＳＲ　線", "hsr線"),  # full-width letters and an ideographic space
        ("Lào Cai", "laocai"),
        ("Đà Nẵng", "danang"),
        ("Laos · Thailand", "laosthailand"),
    ],
)
def test_fold(raw, folded):
    assert search.fold(raw) == folded


def test_every_search_word_names_one_kind_or_trait_and_every_kind_has_words_in_three_languages():
    """A word listed twice would find two kinds at once; a kind with no Chinese or no Latin word cannot be found
    in that language."""
    index = search.term_index()
    for word, (kinds, traits) in index.items():
        assert len(kinds) + len(traits) == 1, word
    for kind in vocab.KIND_TABLE:
        assert any(search.CJK.search(w) for w in kind.search), kind.code
        assert any(not search.CJK.search(w) for w in kind.search), kind.code


def test_empty_query_finds_everything():
    assert search.matches("  ", CAT.features.iloc[0])
