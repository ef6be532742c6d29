"""The enforcement figures, computed from records made here (period edges and scope)."""

import datetime as dt

import pytest

from sifa.core.indicators import registry
from sifa.enforcement import services

from . import factories as f

D = dt.date
YEAR = (D(2022, 1, 1), D(2022, 12, 31))


def compute(figure, region=None):
    return registry()[figure].compute(*YEAR, region)


@pytest.fixture
def agencies(county, township_a):
    return {"county": f.agency(county), "town": f.agency(township_a, "甲镇综合行政执法办公室")}


class TestInspections:
    def test_counts_special_inspections_by_start_date(self, county, township_a):
        for day, region in [
            (D(2021, 12, 31), county),
            (D(2022, 1, 1), county),
            (D(2022, 12, 31), township_a),
            (D(2023, 1, 1), county),
        ]:
            services.inspection_record(
                region=region, title="专项执法检查", date=day, agencies_checked=2, user=None
            )
        assert compute("enforcement.inspections") == 2
        assert compute("enforcement.inspections", county) == 2
        assert compute("enforcement.inspections", township_a) == 1


class TestCertificatesIssued:
    def test_counts_officers_not_certificates(self, agencies, county, township_a):
        a, b, c, d, e = (
            f.officer(agencies["county"], name=n, hired_on=D(2015, 1, 1)) for n in "甲乙丙丁戊"
        )
        f.certificate(a, D(2022, 1, 1))  # first day counts
        f.certificate(b, D(2022, 12, 31))  # last day counts
        f.certificate(c, D(2021, 12, 31))  # previous year
        f.certificate(d, D(2023, 1, 1))  # next year
        f.certificate(e, D(2022, 3, 1))
        f.certificate(e, D(2022, 9, 1), kind="renewed")  # same officer twice: counts once
        town = f.officer(agencies["town"], name="己", hired_on=D(2015, 1, 1))
        f.certificate(town, D(2022, 6, 1))
        assert compute("enforcement.certificates_issued") == 4
        assert compute("enforcement.certificates_issued", county) == 4
        assert compute("enforcement.certificates_issued", township_a) == 1

    def test_new_and_renewed_both_count(self, agencies):
        old = f.officer(agencies["county"], name="老", hired_on=D(2015, 1, 1))
        f.certificate(old, D(2017, 5, 1))
        f.certificate(old, D(2022, 4, 1), kind="renewed")
        f.certificate(
            f.officer(agencies["county"], name="新", hired_on=D(2022, 2, 1)), D(2022, 3, 1)
        )
        assert compute("enforcement.certificates_issued") == 2


class TestOfficersAndRate:
    def test_stock_on_end_date_and_rate(self, agencies, county, township_a):
        ag = agencies["county"]
        certified = f.officer(ag, name="持证", hired_on=D(2018, 1, 1))
        f.certificate(certified, D(2018, 2, 1))  # valid through 2023
        expired = f.officer(ag, name="过期", hired_on=D(2016, 1, 1))
        f.certificate(expired, D(2017, 12, 1))  # expires 30 November 2022
        f.officer(ag, name="未领证", hired_on=D(2022, 12, 31))  # joined on the last day
        f.officer(ag, name="离岗", hired_on=D(2015, 1, 1), left_on=D(2022, 12, 31))
        f.officer(ag, name="明年", hired_on=D(2023, 1, 1))
        f.officer(ag, name="跨年离岗", hired_on=D(2015, 1, 1), left_on=D(2023, 1, 1))
        town = f.officer(agencies["town"], name="镇", hired_on=D(2020, 1, 1))
        f.certificate(town, D(2020, 3, 1))
        # county: 持证, 过期, 未领证, 跨年离岗, 镇 in service; 持证 and 镇 certified
        assert compute("enforcement.officers") == 5
        assert compute("enforcement.officers", county) == 5
        assert compute("enforcement.certified_rate") == (2, 5)
        # a county's rule probes each officer, the whole installation's hashes the certificates
        assert compute("enforcement.certified_rate", county) == (2, 5)
        assert compute("enforcement.officers", township_a) == 1
        assert compute("enforcement.certified_rate", township_a) == (1, 1)

    def test_certificate_valid_on_its_last_day_counts(self, agencies):
        officer = f.officer(agencies["county"], hired_on=D(2017, 1, 1))
        f.certificate(officer, D(2017, 6, 1), expires_on=D(2022, 12, 31))
        assert compute("enforcement.certified_rate") == (1, 1)
        renewed_next_year = f.officer(agencies["county"], name="乙", hired_on=D(2017, 1, 1))
        f.certificate(renewed_next_year, D(2017, 6, 1), expires_on=D(2022, 12, 30))
        f.certificate(renewed_next_year, D(2023, 1, 1), kind="renewed")
        assert compute("enforcement.certified_rate") == (1, 2)


def test_report_engine_batches_agree_with_the_reference(agencies, county, township_a):
    """The engine computes these figures in one aggregate query; it must give the same values."""
    from sifa.reports.engine import compute_values

    ag = agencies["county"]
    twice = f.officer(ag, name="甲", hired_on=D(2015, 1, 1))
    f.certificate(twice, D(2022, 2, 1))
    f.certificate(twice, D(2022, 2, 1), kind="renewed")  # same day: still one officer
    f.certificate(f.officer(ag, name="乙", hired_on=D(2015, 1, 1)), D(2016, 1, 1))
    f.officer(agencies["town"], name="丙", hired_on=D(2015, 1, 1))
    for region in (None, county, township_a):
        values = compute_values(*YEAR, region)
        for figure in (
            "enforcement.certificates_issued",
            "enforcement.officers",
            "enforcement.certified_rate",
        ):
            assert values[figure] == compute(figure, region)
    assert compute("enforcement.certificates_issued") == 1
    assert compute("enforcement.certified_rate") == (1, 3)
