"""Statutory periods of a case and its cross-field rules (行政复议法 2023)."""

import datetime as dt

import pytest

from sifa.core.errors import RuleViolation
from sifa.core.models import PeriodOverride
from sifa.core.services import validate
from sifa.reconsideration.models import (
    MSG_CLOSED_BEFORE_ACCEPTED,
    MSG_GROUND_REQUIRED,
    MSG_KNOWN_AFTER_RECEIVED,
    MSG_PUBLISHED_NOT_CLOSED,
    CloseKind,
    Procedure,
    ReconsiderationCase,
    Status,
)

from .factories import agency, receive

D = dt.date


class TestAcceptanceReviewPeriod:
    def test_five_working_days_skip_the_weekend(self, county):
        case = receive(county, D(2022, 3, 1))  # Tuesday
        assert case.acceptance_due == D(2022, 3, 8)

    def test_receipt_just_before_national_day_skips_the_holiday_and_counts_makeup_days(
        self, county
    ):
        # 30 Sep (1), 1–7 Oct holiday, Sat 8 and Sun 9 Oct were make-up working days (2, 3),
        # 10 Oct (4), 11 Oct (5).
        case = receive(county, D(2022, 9, 29))
        assert case.acceptance_due == D(2022, 10, 11)
        assert "国庆节" in case.acceptance_deadline().explain()

    def test_county_override_changes_the_period(self, county):
        PeriodOverride.objects.create(
            region=county, code="reconsideration.acceptance_review", days=3, working_days=True
        )
        case = receive(county, D(2022, 3, 1))
        assert case.acceptance_due == D(2022, 3, 4)


class TestLateApplication:
    def test_application_after_sixty_days_is_warned_not_refused(self, county):
        case = receive(county, D(2022, 3, 10), act_known_on=D(2022, 1, 4))
        assert case.status == Status.RECEIVED
        assert "申请超过法定申请期限" in case.late_warning
        assert "2022年03月07日" in case.late_warning  # 5 March is a Saturday: next working day

    def test_last_day_falling_on_a_weekend_moves_to_the_next_working_day(self, county):
        case = receive(county, D(2022, 3, 7), act_known_on=D(2022, 1, 4))
        assert case.late_warning == ""

    def test_knowing_the_act_after_applying_is_refused(self, county):
        with pytest.raises(RuleViolation) as exc:
            receive(county, D(2022, 3, 7), act_known_on=D(2022, 3, 8))
        assert exc.value.message_dict["act_known_on"] == [MSG_KNOWN_AFTER_RECEIVED]


class TestDecisionPeriod:
    def _case(self, county, accepted_on, procedure=Procedure.ORDINARY, **extra):
        case = ReconsiderationCase(
            region=county,
            applicant_name="李某",
            applicant_type="citizen",
            respondent=agency(county),
            category="penalty",
            received_on=accepted_on,
            accepted_on=accepted_on,
            procedure=procedure,
            status=Status.UNDER_REVIEW,
            **extra,
        )
        case.refresh_deadlines()
        return case

    def test_ordinary_procedure_sixty_days(self, county):
        assert self._case(county, D(2022, 3, 10)).decision_due == D(2022, 5, 9)

    def test_simple_procedure_thirty_days_ending_on_a_saturday_moves_to_monday(self, county):
        case = self._case(county, D(2022, 3, 10), Procedure.SIMPLE)
        assert case.decision_due == D(2022, 4, 11)

    def test_last_day_in_the_may_day_holiday_moves_past_it(self, county):
        assert self._case(county, D(2022, 3, 3)).decision_due == D(2022, 5, 5)

    def test_suspended_days_and_extension_are_added(self, county):
        case = self._case(county, D(2022, 3, 10), suspended_days=10, extension_days=20)
        assert case.decision_due == D(2022, 6, 8)  # 3/10 + 90 days

    def test_county_override_of_the_decision_period(self, county):
        PeriodOverride.objects.create(region=county, code="reconsideration.decision", days=45)
        # 3/10 + 45 = Sunday 24 April 2022, a make-up working day.
        assert self._case(county, D(2022, 3, 10)).decision_due == D(2022, 4, 24)


class TestCrossFieldRules:
    def test_closing_before_acceptance_is_refused(self, county):
        case = ReconsiderationCase(
            region=county,
            applicant_name="李某",
            applicant_type="citizen",
            respondent=agency(county),
            category="penalty",
            received_on=D(2022, 3, 1),
            accepted_on=D(2022, 3, 2),
            procedure="ordinary",
            status=Status.CLOSED,
            closed_on=D(2022, 3, 1),
            close_kind=CloseKind.UPHELD,
        )
        with pytest.raises(RuleViolation) as exc:
            validate(case)
        assert exc.value.message_dict["closed_on"] == [MSG_CLOSED_BEFORE_ACCEPTED]

    def test_termination_needs_its_ground(self, county):
        case = ReconsiderationCase(
            region=county,
            applicant_name="李某",
            applicant_type="citizen",
            respondent=agency(county),
            category="penalty",
            received_on=D(2022, 3, 1),
            accepted_on=D(2022, 3, 2),
            procedure="ordinary",
            status=Status.CLOSED,
            closed_on=D(2022, 3, 9),
            close_kind=CloseKind.TERMINATED,
        )
        with pytest.raises(RuleViolation) as exc:
            validate(case)
        assert exc.value.message_dict["termination_ground"] == [MSG_GROUND_REQUIRED]

    def test_publishing_an_open_case_is_refused(self, county):
        case = receive(county, D(2022, 3, 1))
        case.published_online, case.published_on = True, D(2022, 3, 2)
        with pytest.raises(RuleViolation) as exc:
            validate(case)
        assert exc.value.message_dict["published_online"] == [MSG_PUBLISHED_NOT_CLOSED]
