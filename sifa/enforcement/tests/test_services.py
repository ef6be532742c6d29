"""Rules every write of the enforcement line obeys."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sifa.core.errors import RuleViolation
from sifa.core.idnumber import MSG_CHECK, make
from sifa.core.models import PeriodOverride, Unit, UnitKind
from sifa.enforcement import models, services
from sifa.enforcement.models import Certificate, EnforcementAgency, Officer

from . import factories as f

D = dt.date


@pytest.fixture
def agency(county):
    return f.agency(county)


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["enforcement"])


def wrong_check_digit(valid: str) -> str:
    digits = "0123456789X"
    return valid[:17] + next(c for c in digits if c != valid[17])


class TestOfficerRegister:
    def test_refuses_id_number_with_wrong_check_digit(self, agency, clerk):
        bad = wrong_check_digit(make("61099919850312001"))
        with pytest.raises(RuleViolation) as exc:
            services.officer_register(
                agency=agency, name="李四", id_number=bad, hired_on=D(2020, 1, 1), user=clerk
            )
        assert exc.value.message_dict["id_number"] == [MSG_CHECK]
        assert not Officer.objects.exists()

    def test_accepts_valid_id_and_normalises_lowercase_x(self, agency, clerk):
        first17 = next(
            p for p in (f"6109991985031200{i}" for i in range(10)) if make(p).endswith("X")
        )
        officer = services.officer_register(
            agency=agency,
            name="李四",
            id_number=make(first17).lower(),
            hired_on=D(2020, 1, 1),
            user=clerk,
        )
        assert officer.id_number.endswith("X")
        assert officer.region_id == agency.region_id

    def test_refuses_leaving_before_hiring(self, agency, clerk):
        officer = f.officer(agency, hired_on=D(2020, 5, 1))
        officer.left_on = D(2020, 4, 30)
        with pytest.raises(RuleViolation) as exc:
            services.officer_save(officer, user=clerk)
        assert exc.value.message_dict["left_on"] == [models.MSG_LEFT_BEFORE_HIRED]
        officer.refresh_from_db()
        assert officer.left_on is None

    def test_refuses_second_active_registration_of_same_person(self, agency, clerk):
        first = f.officer(agency)
        with pytest.raises(RuleViolation) as exc:
            services.officer_register(
                agency=agency,
                name="张三",
                id_number=first.id_number,
                hired_on=D(2021, 1, 1),
                user=clerk,
            )
        assert models.MSG_ONE_ACTIVE_SERVICE in exc.value.messages

    def test_leaving_revokes_valid_certificates(self, agency, clerk):
        officer = f.officer(agency, hired_on=D(2020, 1, 1))
        cert = f.certificate(officer, D(2020, 2, 1))
        officer.left_on = D(2022, 6, 30)
        services.officer_save(officer, user=clerk)
        cert.refresh_from_db()
        assert cert.revoked_on == D(2022, 6, 30)
        assert not officer.is_certified(D(2022, 7, 1))

    def test_township_clerk_may_not_register_officers(self, agency, township_clerk):
        with pytest.raises(PermissionDenied):
            services.officer_register(
                agency=agency,
                name="李四",
                id_number=f.id_number(),
                hired_on=D(2020, 1, 1),
                user=township_clerk,
            )


class TestCertificateIssue:
    def test_expiry_defaults_to_five_years(self, agency, clerk):
        officer = f.officer(agency)
        cert = f.certificate(officer, D(2022, 3, 1), user=clerk)
        assert cert.expires_on == D(2027, 2, 28)

    def test_county_setting_overrides_the_validity(self, county, agency, clerk):
        PeriodOverride.objects.create(
            region=county, code=models.CERTIFICATE_VALIDITY.code, days=1095
        )
        cert = f.certificate(f.officer(agency), D(2022, 3, 1), user=clerk)
        assert cert.expires_on == D(2025, 2, 28)

    def test_refuses_expiry_before_issue(self, agency, clerk):
        with pytest.raises(RuleViolation) as exc:
            f.certificate(f.officer(agency), D(2022, 3, 1), expires_on=D(2022, 2, 1), user=clerk)
        assert exc.value.message_dict["expires_on"] == [models.MSG_EXPIRES_BEFORE_ISSUED]
        assert not Certificate.objects.exists()

    def test_refuses_issue_before_officer_started(self, agency, clerk):
        officer = f.officer(agency, hired_on=D(2021, 6, 1))
        with pytest.raises(RuleViolation) as exc:
            f.certificate(officer, D(2021, 5, 31), user=clerk)
        assert exc.value.message_dict["issued_on"] == [
            models.MSG_ISSUED_BEFORE_HIRED.format(date="2021年6月1日")
        ]

    def test_refuses_issue_after_officer_left(self, agency, clerk):
        officer = f.officer(agency, hired_on=D(2018, 1, 1), left_on=D(2021, 6, 1))
        with pytest.raises(RuleViolation) as exc:
            f.certificate(officer, D(2021, 6, 1), user=clerk)
        assert exc.value.message_dict["issued_on"] == [
            models.MSG_ISSUED_AFTER_LEFT.format(date="2021年6月1日")
        ]

    def test_refuses_duplicate_number(self, agency, clerk):
        f.certificate(f.officer(agency, name="甲"), D(2022, 3, 1), number="陕执0001")
        with pytest.raises(RuleViolation) as exc:
            f.certificate(
                f.officer(agency, name="乙"), D(2022, 3, 1), number="陕执0001", user=clerk
            )
        assert exc.value.message_dict["number"] == [
            models.MSG_NUMBER_TAKEN.format(number="陕执0001")
        ]

    def test_renewal_needs_an_earlier_certificate(self, agency, clerk):
        officer = f.officer(agency, hired_on=D(2016, 1, 1))
        with pytest.raises(RuleViolation) as exc:
            f.certificate(officer, D(2022, 3, 1), kind="renewed", user=clerk)
        assert exc.value.message_dict["kind"] == [models.MSG_RENEWAL_WITHOUT_PRIOR]
        with pytest.raises(RuleViolation):
            services.certificate_renew(officer, number="X1", issued_on=D(2022, 3, 1), user=clerk)
        f.certificate(officer, D(2017, 3, 1))
        renewed = services.certificate_renew(
            officer, number="X2", issued_on=D(2022, 1, 10), user=clerk
        )
        assert renewed.kind == "renewed"

    def test_revoking_twice_is_refused(self, agency, clerk):
        cert = f.certificate(f.officer(agency), D(2022, 3, 1))
        services.certificate_revoke(cert, on=D(2022, 5, 1), user=clerk)
        with pytest.raises(RuleViolation) as exc:
            services.certificate_revoke(cert, on=D(2022, 6, 1), user=clerk)
        assert exc.value.message_dict["revoked_on"] == [
            services.MSG_ALREADY_REVOKED.format(date="2022年5月1日")
        ]


class TestAgency:
    def test_agency_must_be_an_agency_unit(self, county, clerk):
        office = Unit.objects.get(kind=UnitKind.JUDICIAL_OFFICE, region__name="甲镇")
        with pytest.raises(RuleViolation) as exc:
            services.agency_save(EnforcementAgency(unit=office), user=clerk)
        assert exc.value.message_dict["unit"] == [models.MSG_AGENCY_UNIT_KIND]


class TestEvaluation:
    def make(self, agency, **scores):
        values = {"publicity_score": 90, "recording_score": 90, "legal_review_score": 90, **scores}
        return models.ThreeSystemsEvaluation(
            agency=agency, year=2022, evaluated_on=D(2022, 11, 20), **values
        )

    @pytest.mark.parametrize("field", ["publicity_score", "recording_score", "legal_review_score"])
    @pytest.mark.parametrize("value", [-1, 100.5])
    def test_scores_outside_0_to_100_are_refused(self, agency, clerk, field, value):
        with pytest.raises(RuleViolation) as exc:
            services.evaluation_save(self.make(agency, **{field: value}), user=clerk)
        assert exc.value.message_dict[field] == [models.MSG_SCORE_RANGE]

    def test_one_evaluation_per_agency_and_year(self, agency, clerk):
        first = services.evaluation_save(self.make(agency, publicity_score=88), user=clerk)
        assert first.average == Decimal("89.3")
        with pytest.raises(RuleViolation) as exc:
            services.evaluation_save(self.make(agency), user=clerk)
        assert models.MSG_ONE_EVALUATION in exc.value.messages


class TestInspection:
    def test_records_a_typed_activity(self, county, clerk):
        act = services.inspection_record(
            region=county,
            title="安全生产专项执法检查",
            date=D(2022, 5, 1),
            agencies_checked=6,
            user=clerk,
        )
        assert act.type.code == models.INSPECTION_TYPE
        assert models.SpecialInspection.objects.get().quantity("agencies_checked") == 6

    def test_needs_at_least_one_agency_checked(self, county, clerk):
        with pytest.raises(RuleViolation) as exc:
            services.inspection_record(
                region=county, title="检查", date=D(2022, 5, 1), agencies_checked=0, user=clerk
            )
        assert exc.value.message_dict["quantities"] == [services.MSG_AGENCIES_CHECKED]

    def test_end_before_start_is_refused(self, county, clerk):
        with pytest.raises(RuleViolation):
            services.inspection_record(
                region=county,
                title="检查",
                date=D(2022, 5, 1),
                end_date=D(2022, 4, 1),
                agencies_checked=2,
                user=clerk,
            )
