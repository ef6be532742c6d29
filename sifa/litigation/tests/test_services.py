"""Hearings: who must appear for the agency, and who may write."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sifa.core.errors import RuleViolation
from sifa.core.models import Unit, UnitKind
from sifa.litigation.models import (
    MSG_EXPLANATION_REQUIRED,
    MSG_HEAD_NAME,
    MSG_HEARING_BEFORE_SERVED,
    MSG_LAWYER_ALONE,
    MSG_STAFF_REQUIRED,
    Hearing,
)
from sifa.litigation.services import MSG_DEFENDANT_KIND

from .factories import hearing, lawsuit

D = dt.date


@pytest.fixture
def case(county):
    return lawsuit(county, D(2022, 3, 14))


def _errors(exc):
    return exc.value.message_dict


class TestHearing:
    def test_head_appearing_counts(self, case):
        h = hearing(case, D(2022, 5, 10))
        assert h.head_appeared and h.region_id == case.region_id

    def test_head_present_needs_the_name(self, case):
        with pytest.raises(RuleViolation) as exc:
            hearing(case, D(2022, 5, 10), head_name="")
        assert _errors(exc)["head_name"] == [MSG_HEAD_NAME]

    def test_lawyer_alone_is_refused(self, case):
        with pytest.raises(RuleViolation) as exc:
            hearing(
                case,
                D(2022, 5, 10),
                head_role="absent",
                head_name="",
                staff_names="",
                lawyer_names="周律师",
                absence_explanation="县长出差",
            )
        assert _errors(exc)["staff_names"] == [MSG_LAWYER_ALONE]
        assert not Hearing.objects.exists()

    def test_nobody_attending_is_refused(self, case):
        with pytest.raises(RuleViolation) as exc:
            hearing(
                case,
                D(2022, 5, 10),
                head_role="absent",
                head_name="",
                staff_names="",
                absence_explanation="县长出差",
            )
        assert _errors(exc)["staff_names"] == [MSG_STAFF_REQUIRED]

    def test_absence_needs_a_written_explanation(self, case):
        with pytest.raises(RuleViolation) as exc:
            hearing(
                case,
                D(2022, 5, 10),
                head_role="absent",
                head_name="",
                staff_names="孙某",
                lawyer_names="周律师",
            )
        assert _errors(exc)["absence_explanation"] == [MSG_EXPLANATION_REQUIRED]

    def test_staff_with_lawyer_and_explanation_is_accepted(self, case):
        h = hearing(
            case,
            D(2022, 5, 10),
            head_role="absent",
            head_name="",
            staff_names="孙某",
            lawyer_names="周律师",
            absence_explanation="因公出差，已提交书面说明",
        )
        assert not h.head_appeared

    def test_hearing_before_service_is_refused(self, case):
        with pytest.raises(RuleViolation) as exc:
            hearing(case, D(2022, 3, 13))
        assert _errors(exc)["held_on"] == [MSG_HEARING_BEFORE_SERVED]


class TestWriteAccess:
    def test_section_clerk_of_the_line_records(self, county, make_user):
        clerk = make_user("section", lines=["litigation"])
        assert lawsuit(county, D(2022, 3, 14), user=clerk).created_by == clerk

    def test_township_office_and_leader_cannot_record(
        self, county, township_clerk, bureau_leader, township_a
    ):
        with pytest.raises(PermissionDenied):
            lawsuit(township_a, D(2022, 3, 14), user=township_clerk)
        with pytest.raises(PermissionDenied):
            lawsuit(county, D(2022, 3, 14), user=bureau_leader)

    def test_defendant_must_be_an_agency(self, county):
        court = Unit.objects.create(name="测试县人民法院", kind=UnitKind.COURT, region=county)
        with pytest.raises(RuleViolation) as exc:
            lawsuit(county, D(2022, 3, 14), defendant=court)
        assert _errors(exc)["defendant"] == [MSG_DEFENDANT_KIND]
