"""Progress charts: every axis, legend and tooltip title comes from the catalogue, in each language."""

import re

import pytest

from atlas import charts, finance_view, i18n, stats
from atlas.catalog import load_catalog

CAT = load_catalog()


def titles(spec) -> list[str]:
    """Every encoding title (axis, legend, tooltip) in a Vega-Lite spec, and every field shown without one."""
    out = []
    if isinstance(spec, dict):
        enc = spec.get("encoding", {})
        for channel, value in enc.items():
            for item in value if isinstance(value, list) else [value]:
                if not isinstance(item, dict):
                    continue
                if "title" in item:
                    if item["title"] is not None:
                        out.append(item["title"])
                elif channel in ("x", "y", "color", "shape", "tooltip"):
                    out.append(item.get("field", ""))  # Vega-Lite would show the raw field name
        for v in spec.values():
            out += titles(v)
    elif isinstance(spec, list):
        for v in spec:
            out += titles(v)
    return out


def all_charts(lang):
    return [
        charts.km_chart(stats.km_by_status_country(CAT, lang), lang),
        *charts.figure_charts(stats.facts_table(CAT, lang), lang),
        charts.milestones_chart(stats.milestones_table(CAT, lang), lang),
        charts.finance_chart(finance_view.by_country_sector_year(finance_view.projects(CAT), lang), lang),
    ]


@pytest.mark.parametrize("lang", sorted(i18n.LANGS))
def test_chart_titles_come_from_the_catalogue(lang):
    catalogue = {f for v in i18n.CATALOGUES[lang].values() for f in (v.values() if isinstance(v, dict) else [v])}
    found = [t for chart in all_charts(lang) for t in titles(chart.to_dict())]
    assert found, "the charts have titled encodings"
    assert set(found) <= catalogue, set(found) - catalogue
    if lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", t) for t in found), found


def test_figure_chart_time_axis_is_titled_in_words():
    # regression: the figure charts' x axis read the column name `as_of`
    (first, *_) = charts.figure_charts(stats.facts_table(CAT, "en"), "en")
    assert first.to_dict()["encoding"]["x"]["title"] == "as of"


@pytest.mark.parametrize(("lang", "october", "thousands"), [("en", "Oct", ","), ("id", "Okt", "."), ("zh", "10月", ",")])
def test_charts_format_months_and_numbers_in_the_interface_language(lang, october, thousands):
    for chart in all_charts(lang):
        locale = chart.to_dict()["config"]["locale"]
        assert locale["time"]["shortMonths"][9] == october
        assert locale["number"]["thousands"] == thousands


def _encoding(chart, channel):
    return chart.to_dict()["encoding"][channel]


def test_milestone_colours_and_shapes_are_the_same_in_every_language():
    """Regression (issue 21): an opening was one colour and shape in English and another in Chinese, because
    the scale followed the translated labels' order. Now the domain is the event codes; only the legend's
    labels are translated."""
    specs = {lang: charts.milestones_chart(stats.milestones_table(CAT, lang), lang) for lang in ("en", "zh", "id")}
    for channel in ("color", "shape"):
        scales = {lang: _encoding(chart, channel)["scale"] for lang, chart in specs.items()}
        assert scales["en"] == scales["zh"] == scales["id"]
        assert "opened" in scales["en"]["domain"]
    zh_labels = _encoding(specs["zh"], "color")["legend"]["labelExpr"]
    assert '"开通"' in zh_labels or "开通" in zh_labels


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_progress_legends_sit_below_the_plot(lang):
    """On a 390 px phone a legend beside the plot left ~20 px of plot (issue 21)."""
    chart = charts.milestones_chart(stats.milestones_table(CAT, lang), lang)
    assert _encoding(chart, "color")["legend"]["orient"] == "bottom"
    for fig in charts.figure_charts(stats.facts_table(CAT, lang), lang):
        assert _encoding(fig, "color")["legend"]["orient"] == "bottom"
    assert _encoding(charts.km_chart(stats.km_by_status_country(CAT, lang), lang), "color")["legend"]["orient"] == "bottom"


def test_progress_charts_keep_their_plot_height_with_a_legend_below():
    """Regression (issue 21): Streamlit's default autosize ("fit") took the legend's height from the plot,
    which shrank to ~15 px; fit-x keeps the plot's own height."""
    charts_ = [
        charts.km_chart(stats.km_by_status_country(CAT, "en"), "en"),
        *charts.figure_charts(stats.facts_table(CAT, "en"), "en"),
        charts.milestones_chart(stats.milestones_table(CAT, "en"), "en"),
    ]
    for chart in charts_:
        assert chart.to_dict()["autosize"] == {"type": "fit-x", "contains": "padding"}
