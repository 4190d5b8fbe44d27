"""The details panel and source cards: content and escaping."""

import re

import pytest

from atlas import render
from atlas.catalog import load_catalog
from tests.conftest import feature, finance_project, with_finance, write_data

CAT = load_catalog()


def test_china_laos_details_have_figures_and_article_excerpts(frozen_catalog):
    # the frozen data of 30 Nov 2026 (its status as of 2 Dec 2025, its cumulative figures to Dec 2025)
    html = render.details_html(frozen_catalog, "china_laos_railway")
    assert "中老铁路" in html and "Operational" in html and "as of Dec 2, 2025" in html
    # figures read as phrases, each unit word once (issue 21: "over 62,500,000 passengers passengers")
    assert "over 16 million passenger trips" in html and "over 43 million passenger trips" in html
    assert "over 62.5 million passenger trips, Dec 2021 – Dec 2025" in html
    assert "passengers passengers" not in html
    assert "carried over 16 million passengers" in html  # the article's sentence
    assert "Peng Nian" in html and "ThinkChina" in html and "thinkchina.sg" in html


def test_excerpts_newest_first():
    full = render.details_html(CAT, "china_laos_railway")
    html = full[full.index("Source excerpts") :]
    dates = re.findall(r'<div class="atlas-cite">— .*?</i>, (\d{4}(?:-\d\d){0,2}):', html)
    assert len(dates) >= 3 and dates == sorted(dates, reverse=True), dates


@pytest.mark.parametrize("fid", ["china_laos_railway", "jakarta_bandung_hsr", "ecrl"])
def test_each_quote_is_shown_once(fid):
    # regression (issue 21): a figure's quote appeared under Figures and again under Source excerpts
    html = render.details_html(CAT, fid)
    quotes = re.findall(r'<div class="atlas-quote">“(.*?)”</div>', html, flags=re.S)
    assert quotes and len(quotes) == len(set(quotes)), [q[:40] for q in quotes if quotes.count(q) > 1]


def test_a_figure_keeps_its_quote_and_every_excerpt_stays_reachable():
    html = render.details_html(CAT, "china_laos_railway")
    figures, sources = html[: html.index("Source excerpts")], html[html.index("Source excerpts") :]
    assert "carried over 16 million passengers" in figures and "carried over 16 million passengers" not in sources
    shown = set(re.findall(r'<div class="atlas-quote">“(.*?)”</div>', html, flags=re.S))
    ex = CAT.excerpts[CAT.excerpts["feature_id"] == "china_laos_railway"]
    assert {str(t).replace("'", "&#39;").replace('"', "&#34;") for t in ex["text"]} <= shown


def test_the_header_says_how_old_the_newest_source_is(frozen_catalog):
    html = render.details_html(frozen_catalog, "china_laos_railway", "en")
    head = html[html.index('<header class="atlas-head">') : html.index("</header>")]
    assert re.search(r"newest source (\d+ months?|under a month) old", head)
    assert "over 62.5 million passenger trips, Dec 2021 – Dec 2025" in head  # a key figure, read as a phrase


def test_details_escape_data(tmp_path):
    root = write_data(
        tmp_path / "data",
        layers={"rail_corridors": [feature("x_line", name="<img src=x onerror=alert(1)>")]},
        excerpts=[("t#1", "Quote with <script>bad()</script>.", ["x_line"])],
    )
    html = render.details_html(load_catalog(root), "x_line")
    assert "<img" not in html and "<script>bad" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_source_card_links_features_to_the_map():
    html = render.source_html(CAT, CAT.sources["thinkchina_2024_11_18"])
    assert '<a href="./?feature=china_laos_railway" target="_self">China–Laos Railway (Kunming–Vientiane)</a>' in html
    assert ">unreviewed<" not in html


def test_mentions_in_excerpts_are_highlighted_and_linked():
    html = render.source_html(CAT, CAT.sources["thinkchina_2024_11_18"])
    assert '<a class="atlas-mention" href="./?feature=ecrl" target="_self"' in html
    assert ">East Coast Rail</a> project in Malaysia" in html
    # agreements have no map feature: highlighted, not linked
    assert '<span class="atlas-mention" title="ASEAN–China Free Trade Area 3.0 upgrade">' in html


def test_a_source_card_escapes_the_text_around_names():
    from atlas.schema import Source

    src = Source(
        id="x",
        title="<i>T</i>",
        outlet="O",
        published="2024",
        url="https://example.org/?a=1&b=<2>",
        excerpts=[{"id": "x#1", "text": "<b>ECRL</b> & more", "feature_ids": ["ecrl"]}],
    )
    html = render.source_html(CAT, src)
    assert '“&lt;b&gt;<a class="atlas-mention" href="./?feature=ecrl"' in html
    assert "</a>&lt;/b&gt; &amp; more”" in html
    assert ">&lt;i&gt;T&lt;/i&gt;</a>" in html and 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"' in html


def test_unreviewed_sources_carry_a_badge(data_copy):
    import json

    path = data_copy / "sources" / "cna_2023_10_02_whoosh.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["reviewed"] = False
    path.write_text(json.dumps(doc), encoding="utf-8")
    cat = load_catalog(data_copy)
    assert '<span class="atlas-badge unreviewed">unreviewed</span>' in render.source_html(
        cat, cat.sources["cna_2023_10_02_whoosh"]
    )
    assert ">unreviewed<" in render.details_html(cat, "jakarta_bandung_hsr")


def test_figures_that_agree_to_their_precision_are_not_a_conflict():
    html = render.details_html(CAT, "jakarta_bandung_hsr")
    assert "142 km" in html and "142.3 km" in html  # both kept, neither averaged
    assert "sources disagree" not in html  # regression (issue 18): 142 and 142.3 agree to the unit


@pytest.mark.parametrize(
    "lang, says",
    [
        # the larger loan first, with its nominal amount, terms and AidData's own status word
        ("en", ["China Eximbank", "$3.98B (constant 2021 USD)", "($480M as committed)", "interest 2.3%", "Completion"]),
        ("zh", ["China Eximbank", "US$39.77亿（2021 年不变价美元）", "期限 25 年", "AidData 所记状态：Completion"]),
        ("id", ["China Eximbank", "US$3,98\xa0M (USD konstan 2021)", "masa tenggang 5 tahun"]),  # CLDR's "M" is miliar
    ],
)
def test_the_laos_railway_says_who_pays(lang, says):
    html = render.details_html(CAT, "china_laos_railway", lang)
    section = html[html.index('class="atlas-finance"') :]
    for text in says:
        assert text in section, text
    assert '<a href="https://china.aiddata.org/projects/33726" target="_blank" rel="noopener">' in section
    assert '<a href="https://china.aiddata.org/projects/85304" target="_blank" rel="noopener">' in section
    assert section.index('data-aiddata="85304"') < section.index('data-aiddata="33726"')  # largest first
    assert "William &amp; Mary" in section  # AidData cited (autoescaped)


def test_the_scope_is_said_once_and_the_section_is_apart_from_sourced_figures():
    html = render.details_html(CAT, "jakarta_bandung_hsr")
    assert html.count("AidData&#39;s record of commitments 2000–2021, not the atlas&#39;s sourced status.") == 1
    assert html.index("Who pays (AidData)") < html.index("Figures")
    assert "China Development Bank" in html and "$2.74B (constant 2021 USD)" in html and "$1.83B" in html
    assert "$4.57B committed in 2 projects" in html


def test_a_feature_without_aiddata_ids_has_no_who_pays_section():
    html = render.details_html(CAT, "thailand_laos_railway")
    assert "Thailand" in html and "Who pays" not in html


def test_who_pays_escapes_the_layer_and_says_what_aiddata_leaves_out(tmp_path):
    # 7 and "7" are the same project: listed once
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("x_line", aiddata_ids=[7, 8, "7"])]})
    hostile = finance_project(7, title="<script>alert(1)</script> loan", financiers=["<img src=x onerror=alert(1)>"])
    bare = finance_project(8, amount_usd_2021=None, financiers=[])  # no amount, no lender named
    html = render.details_html(load_catalog(with_finance(root, [hostile, bare])), "x_line")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; loan" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Lender not named by AidData" in html and "amount not recorded" in html
    assert "$10M committed in 2 projects" in html and html.count('data-aiddata="7"') == 1  # the total of what is known
