"""Scoped reads, certificate deadline states and the certified/not-certified lists."""

import datetime as dt

import pytest
from django.http import Http404

from sifa.enforcement import selectors, services
from sifa.enforcement.models import Certificate, CertificateState, add_months

from . import factories as f

D = dt.date


@pytest.fixture
def agency(county):
    return f.agency(county)


@pytest.fixture
def cert(agency):
    """Issued 1 March 2020: five years run to 28 February 2025."""
    return f.certificate(f.officer(agency, hired_on=D(2019, 1, 1)), D(2020, 3, 1))


def listed_state(user, cert, today):
    for state in CertificateState.values:
        if selectors.certificate_list(user, state=state, today=today).filter(pk=cert.pk).exists():
            return state
    return None


class TestCertificateState:
    def test_expiry_is_five_years(self, cert):
        assert cert.expires_on == D(2025, 2, 28)

    @pytest.mark.parametrize(
        ("today", "state"),
        [
            (D(2024, 12, 27), CertificateState.OK),
            (D(2024, 12, 28), CertificateState.SOON),  # two months before expiry
            (D(2025, 2, 28), CertificateState.SOON),  # last day of validity
            (D(2025, 3, 1), CertificateState.OVERDUE),
        ],
    )
    def test_warned_two_months_before_expiry_then_overdue(self, cert, section_clerk, today, state):
        assert cert.state(today) == state
        assert listed_state(section_clerk, cert, today) == state

    def test_renewed_certificate_is_no_longer_due(self, cert, section_clerk):
        services.certificate_renew(
            cert.officer, number="新证001", issued_on=D(2025, 1, 10), user=None
        )
        assert cert.state(D(2025, 3, 1)) == CertificateState.DONE
        assert listed_state(section_clerk, cert, D(2025, 3, 1)) == CertificateState.DONE
        assert not selectors.certificates_due(section_clerk, D(2025, 3, 1)).filter(pk=cert.pk)

    def test_due_list_holds_soon_and_overdue(self, agency, cert, section_clerk):
        fresh = f.certificate(f.officer(agency, name="李四"), D(2024, 6, 1))
        due = list(selectors.certificates_due(section_clerk, D(2025, 1, 5)))
        assert due == [cert]
        assert fresh.state(D(2025, 1, 5)) == CertificateState.OK

    def test_add_months_clamps_to_month_end(self):
        assert add_months(D(2025, 4, 30), -2) == D(2025, 2, 28)
        assert add_months(D(2024, 12, 31), 2) == D(2025, 2, 28)
        assert add_months(D(2025, 1, 15), -2) == D(2024, 11, 15)


class TestCertified:
    def test_officer_without_valid_certificate_is_not_certified(self, agency, cert, section_clerk):
        officer = cert.officer
        assert officer.is_certified(D(2025, 2, 28))
        assert not officer.is_certified(D(2025, 3, 1))
        assert not officer.is_certified(D(2020, 2, 29))  # before issue
        assert list(selectors.uncertified_officers(section_clerk, D(2025, 3, 1))) == [officer]
        assert not selectors.uncertified_officers(section_clerk, D(2024, 3, 1)).exists()

    def test_revoked_certificate_is_not_valid_from_revocation(self, cert):
        services.certificate_revoke(cert, on=D(2022, 7, 1), user=None)
        assert cert.officer.is_certified(D(2022, 6, 30))
        assert not cert.officer.is_certified(D(2022, 7, 1))

    def test_deleted_certificate_does_not_count(self, cert):
        cert.soft_delete()
        assert not cert.officer.is_certified(D(2022, 1, 1))
        assert not Certificate.objects.filter(pk=cert.pk).exists()


class TestScoping:
    def test_section_clerk_of_the_line_sees_officers(self, cert, make_user):
        clerk = make_user("section", lines=["enforcement"])
        assert selectors.officer_get(clerk, cert.officer.pk) == cert.officer
        assert selectors.certificate_get(clerk, cert.pk) == cert

    @pytest.mark.parametrize("who", ["township", "other_line", "viewer"])
    def test_others_get_404(self, cert, make_user, township_a, who):
        user = {
            "township": lambda: make_user("office", region=township_a),
            "other_line": lambda: make_user("section", lines=["mediation"]),
            "viewer": lambda: make_user("viewer"),
        }[who]()
        with pytest.raises(Http404):
            selectors.officer_get(user, cert.officer.pk)
        with pytest.raises(Http404):
            selectors.certificate_get(user, cert.pk)
        assert not selectors.officer_list(user).exists()

    def test_township_office_does_not_see_enforcement_records(
        self, township_a, township_b, make_user
    ):
        """Need to know: a 司法所 sees the lines it records; enforcement is a county section's."""
        own = f.officer(f.agency(township_a, "甲镇综合行政执法办公室"), name="甲")
        clerk = make_user("office", region=township_a)
        assert list(selectors.officer_list(clerk)) == []
        with pytest.raises(Http404):
            selectors.officer_get(clerk, own.pk)

    def test_inspections_visible_to_the_line_only(self, county, make_user):
        services.inspection_record(
            region=county, title="检查", date=D(2022, 5, 1), agencies_checked=3, user=None
        )
        assert selectors.inspection_list(make_user("section", lines=["enforcement"])).count() == 1
        assert selectors.inspection_list(make_user("section", lines=["rulelaw"])).count() == 0
