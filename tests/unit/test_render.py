"""The details panel and source cards: content and escaping."""

from atlas import render
from atlas.catalog import load_catalog
from tests.conftest import feature, write_data

CAT = load_catalog()


def test_china_laos_details_have_figures_and_article_excerpts():
    html = render.details_html(CAT, "china_laos_railway")
    assert "中老铁路" in html and "Operational" in html and "as of 2025-12-02" in html
    assert "over 16,000,000 passengers" in html and "over 43,000,000 passengers" in html and "over 62,500,000 passengers" in html
    assert "carried over 16 million passengers" in html  # the article's sentence
    assert "Peng Nian" in html and "ThinkChina" in html and "thinkchina.sg" in html


def test_excerpts_newest_first():
    full = render.details_html(CAT, "china_laos_railway")
    html = full[full.index("Source excerpts") :]
    assert html.index("2025-05-21") < html.index("2024-12-03") < html.index("2024-11-18")


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
