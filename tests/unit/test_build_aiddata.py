"""scripts/build_aiddata.py: what titles and descriptions state, readable geometry, a byte-identical rebuild."""

import importlib.util
import sys

import pytest
from shapely.geometry import LineString, Point

from tests.conftest import DATA, REPO

pytestmark = pytest.mark.slow  # make test-quick leaves it out; make test runs it

sys.path.insert(0, str(REPO / "scripts"))
spec = importlib.util.spec_from_file_location("build_aiddata", REPO / "scripts" / "build_aiddata.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)
text = sys.modules["aiddata_text"]


def test_rebuild_is_byte_identical(tmp_path):
    out = tmp_path / "aiddata.geojson"
    build.build(DATA / "raw" / "aiddata", out)
    assert out.read_bytes() == (DATA / "finance" / "aiddata.geojson").read_bytes()


@pytest.mark.parametrize(
    "title, lenders",
    [
        ("China Eximbank provides $3.54 billion of debt financing for China-Laos Railway Project", ["China Eximbank"]),
        ("CDB and ICBC provide $138.3 million loan for 224MW Power Plant", ["China Development Bank", "ICBC"]),
        # several lenders, AidData's abbreviations made one name each
        (
            "CDB, CCB, ICBC, BoC, and BoComm provide $2 billion syndicated loan",
            ["China Development Bank", "China Construction Bank", "ICBC", "Bank of China", "Bank of Communications"],
        ),
        ("Singapore Branch of Bank of China provides $100 million term loan to DTC", ["Bank of China"]),
        ("Chelsea Logistics secures $220 million loan from Bank of China for acquisition", ["Bank of China"]),
        ("China donates sports equipment worth 5 million RMB to Myanmar", ["Chinese Government"]),
        ("Geological Survey in Vientiane Plain", []),  # no subject: nothing guessed
    ],
)
def test_lenders(title, lenders):
    assert text.lenders(title) == lenders


@pytest.mark.parametrize(
    "title, expected",
    [
        ("China Eximbank provides $3.54 billion of debt financing", (3.54e9, "USD")),
        ("China Eximbank provides RMB 510.7 million government concessional loan", (510.7e6, "CNY")),
        ("CDB lends £1.04 billion for Phases 2", (1.04e9, "GBP")),
        ("ICBC, BoC, and CCB provide RM 3 billion syndicated loan", (3e9, "MYR")),
        ("Chinese government grants $2,898,500 for the Feasibility Study", (2898500.0, "USD")),
        ("Yunnan province provided 250 million RMB in budget support", (250e6, "CNY")),
        ("CDB contributes $570 million to $1.75 billion syndicated loan", (570e6, "USD")),  # its share, first
        # only the facility's size is stated, not this lender's share: left empty
        ("ICBC contributes to $1.75 billion syndicated loan for Phase 1", (None, None)),
        ("CDB participates in $781 million syndicated debt financing package", (None, None)),
        ("China Eximbank provides loan for Sihanoukville Special Economic Zone Project", (None, None)),
        ("China Eximbank provides $150 million loan for 1.2 Million All-Steel Radial Tire", (150e6, "USD")),
    ],
)
def test_nominal_amount(title, expected):
    assert text.nominal_amount(title) == expected


@pytest.mark.parametrize(
    "description, rate, maturity, grace",
    [
        (
            "The GCL carried the following borrowing terms: 20 year maturity, 5 year grace period, 2% interest rate.",
            "2%",
            20.0,
            5.0,
        ),
        (
            "The loan carried the following borrowing terms: an interest rate of 2.3%, maturity period of 25 years, "
            "and a grace period of 5 years.",
            "2.3%",
            25.0,
            5.0,
        ),
        ("The PBC carried: a 20-year maturity, a a7-year grace period, and a 2% interest rate.", "2%", 20.0, 7.0),
        ("a 7-year maturity, 3-year grace period, and an interest rate of LIBOR plus a 2.5% margin.", "LIBOR + 2.5%", 7.0, 3.0),
        ("a maturity of 11y 10m 18d, a grace period of 2y 4m 18d, an interest rate of 3.00%", "3%", 11.88, 2.38),
        ("an interest rate of LIBOR plus 40 basis points and a maturity length of 18 months.", "LIBOR + 0.4%", 1.5, None),
        # two loans: the first's maturity and rate differ from the second's, and only the second states a grace
        # period, which may not be the first's: all left empty (regression: project 85708 took the other loan's)
        (
            "The first loan had a 10-year maturity and a 3% interest rate. The second contract had a maturity of "
            "7 years, grace period of 2 years, and interest rate of 5%.",
            None,
            None,
            None,
        ),
        # two tranches that share maturity and grace period but not the rate (Jakarta-Bandung)
        (
            "The USD tranche: 40-year maturity, 10 year grace period, 2% interest rate. The RMB tranche: 40-year "
            "maturity, 10 year grace period, 3.46% interest rate.",
            None,
            40.0,
            10.0,
        ),
        # two loans with different terms in one description: the differing terms are left empty
        ("The GCL: 3% interest rate, 15-year maturity. The PBC: 4% interest rate, 15-year maturity.", None, 15.0, None),
        ("The loan carried a 7 year maturity, but its interest rate is unknown.", None, 7.0, None),
        ("On June 1, 2010, the two governments signed a loan agreement.", None, None, None),
    ],
)
def test_terms(description, rate, maturity, grace):
    t = text.terms(description)
    assert (t["interest_rate"], t["maturity_years"], t["grace_period_years"]) == (rate, maturity, grace)
    if rate or maturity or grace:  # the sentences that state terms, verbatim
        assert all(s in description for s in t["terms_text"].split(" … "))


def _buffer(geom):
    """A GeoGCDF-like buffer of about 1 m (in degrees at the equator)."""
    return geom.buffer(1 / 111_320)


@pytest.mark.parametrize(
    "geom, shape",
    [
        (_buffer(LineString([(100.0, 0.0), (100.05, 0.0), (100.05, 0.04)])), "line"),  # a buffered road
        (_buffer(Point(100.0, 0.0)), "point"),  # a buffered node
        (Point(100.0, 0.0).buffer(0.01), "area"),  # a real area (1 km across) stays an area
    ],
)
def test_readable_geometry(geom, shape):
    out = build.readable(geom)
    assert build.shape_of(out) == shape
    if shape == "line":
        assert out.length == pytest.approx(0.09, rel=0.02)  # the centreline's length, not the outline's
        assert out.hausdorff_distance(LineString([(100.0, 0.0), (100.05, 0.0), (100.05, 0.04)])) < 1e-4
