"""The details panel and source cards: content and escaping."""

from atlas import render
from atlas.data import load_catalog
from tests.conftest import feature, write_data

CAT = load_catalog()


def test_china_laos_details_have_figures_and_article_excerpts():
    html = render.details_html(CAT, "china_laos_railway")
    assert "中老铁路" in html and "Operational" in html and "as of 2024-11-18" in html
    assert "over 16,000,000 passengers" in html and "over 43,000,000 passengers" in html
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
