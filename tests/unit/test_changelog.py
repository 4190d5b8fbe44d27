"""The change log in words (atlas/changelog.py): every kind of logged field reads in the page's language."""

from __future__ import annotations

import pytest

from atlas import changelog, i18n


@pytest.mark.parametrize("lang", sorted(i18n.LANGS))
def test_every_logged_field_is_named_in_the_pages_language(frozen_catalog, lang):
    # regression: "geometry_precision" and "summary" rows showed the raw field name ("geometry_precision",
    # "town → site_page") on the What's new page in every language
    fields = set(frozen_catalog.changes["field"])
    assert {"geometry_precision", "summary", "location"} <= fields
    for e in changelog.entries(frozen_catalog, lang):
        assert e["what"] != e["row"]["field"], e["row"]["field"]


def test_a_precision_change_reads_as_the_legend_does(frozen_catalog):
    row = frozen_catalog.changes[frozen_catalog.changes["field"] == "geometry_precision"].iloc[0].to_dict()
    what, change = changelog.what_changed(row, frozen_catalog, "zh")
    assert what == "定位方式"
    assert change == f"{i18n.t('precision.' + row['old'], 'zh')} → {i18n.t('precision.' + row['new'], 'zh')}"
    assert row["old"] not in change and row["new"] not in change  # "town", "site_page": the data's codes


def test_a_summary_change_shows_the_summary_as_it_now_reads(frozen_catalog):
    row = frozen_catalog.changes[frozen_catalog.changes["field"] == "summary"].iloc[0].to_dict()
    what, change = changelog.what_changed(row, frozen_catalog, "id")
    assert (what, change) == ("Ringkasan", row["new"])
