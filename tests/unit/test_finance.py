"""The finance layer (atlas/finance.py): its records, its loader, and features' `aiddata_ids` checked against it."""

import pytest

from atlas.catalog import load_catalog
from atlas.finance import load_finance, read_finance, unknown_ids
from tests.conftest import DATA, feature, finance_project, with_finance, write_data


def test_an_aiddata_id_not_in_the_layer_is_named_with_its_feature(tmp_path):
    # regression of the join: a typo in an id must not pass silently
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("a_line", aiddata_ids=[33726, 99999999])]})
    cat = load_catalog(with_finance(root, [finance_project(33726)]))
    lines = [str(p) for p in cat.problems if p.field == "aiddata_ids"]
    assert lines == [
        "data/geo/rail_corridors.geojson: a_line: aiddata_ids: "
        "expected the id of a project in finance/aiddata.geojson, found 99999999"
    ]


@pytest.mark.parametrize(
    "ids, bad",
    [
        ([33726], []),  # an int id of the layer
        (["33726"], []),  # the same id written as a string
        (["33726x"], ["33726x"]),  # not a number at all
        ([1], [1]),  # a number no project has
    ],
)
def test_unknown_ids(ids, bad):
    assert unknown_ids(ids, {33726}) == bad


def test_a_bad_record_of_the_layer_is_named(tmp_path):
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("a_line")]})
    cat = load_catalog(with_finance(root, [finance_project(1, recipient="XX"), finance_project(2)]))
    assert [(p.record, p.field) for p in cat.problems] == [("project 1", "recipient")]
    assert list(load_finance(root).index) == [2]  # the valid rest is loaded


def test_the_bundled_layer_is_valid_and_every_id_resolves():
    rows, problems = read_finance(DATA)
    assert problems == []
    assert len(rows) > 1000
    cat = load_catalog(DATA)
    assert [p for p in cat.problems if p.field == "aiddata_ids"] == []
    fin = load_finance(DATA)
    assert fin.loc[85304, "recipient"] == "LAO" and fin.loc[85304, "financiers"] == ("China Eximbank",)
    assert fin.loc[85304, "commitment_year"] == 2019 and str(fin["completion_year"].dtype) == "Int64"
    assert fin.loc[85304, "geometry"] is not None and fin.loc[63627, "geometry"] is None  # PNR: outside the filtered table
    linked = {int(i) for ids in cat.features["aiddata_ids"] for i in ids}
    assert {33726, 85304, 61320, 63627, 62469, 62338} <= linked


def test_no_layer_is_no_problem(tmp_path):
    root = write_data(tmp_path / "data", layers={"rail_corridors": [feature("a_line")]})
    assert load_catalog(root).problems == ()
    assert load_finance(root).empty
