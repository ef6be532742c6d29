"""Periods of a lawsuit (行政诉讼法 art. 67, 85) and its cross-field rules."""

import datetime as dt

import pytest

from sifa.core.errors import RuleViolation
from sifa.core.models import PeriodOverride
from sifa.litigation.models import (
    MSG_ANSWERED_BEFORE_SERVED,
    MSG_APPEAL_LATE,
    MSG_APPEAL_NOT_ALLOWED,
    MSG_OUTCOME_DATE,
    Instance,
    Outcome,
)

from .factories import lawsuit

D = dt.date


class TestAnswerPeriod:
    def test_fifteen_days_from_service(self, county):
        assert lawsuit(county, D(2022, 3, 14)).answer_due == D(2022, 3, 29)

    def test_last_day_in_national_day_moves_to_the_next_working_day(self, county):
        # 20 Sep + 15 = 5 Oct (holiday); Saturday 8 Oct 2022 was a make-up working day.
        assert lawsuit(county, D(2022, 9, 20)).answer_due == D(2022, 10, 8)

    def test_county_override(self, county):
        PeriodOverride.objects.create(region=county, code="litigation.answer", days=10)
        assert lawsuit(county, D(2022, 3, 14)).answer_due == D(2022, 3, 24)

    def test_answer_before_service_is_refused(self, county):
        with pytest.raises(RuleViolation) as exc:
            lawsuit(county, D(2022, 3, 14), answered_on=D(2022, 3, 13))
        assert exc.value.message_dict["answered_on"] == [MSG_ANSWERED_BEFORE_SERVED]

    def test_late_answer_is_flagged(self, county):
        case = lawsuit(county, D(2022, 3, 14), answered_on=D(2022, 3, 30))
        assert case.answer_late


class TestAppealPeriod:
    def test_fifteen_days_after_a_judgment(self, county):
        case = lawsuit(
            county, D(2022, 3, 14), outcome=Outcome.JUDGMENT_REVOKE, outcome_served_on=D(2022, 6, 1)
        )
        assert case.appeal_due == D(2022, 6, 16)

    def test_ten_days_after_a_ruling(self, county):
        case = lawsuit(
            county, D(2022, 3, 14), outcome=Outcome.RULING_DISMISS, outcome_served_on=D(2022, 6, 1)
        )
        assert case.appeal_due == D(2022, 6, 13)  # 11 June is a Saturday

    def test_late_appeal_is_refused(self, county):
        with pytest.raises(RuleViolation) as exc:
            lawsuit(
                county,
                D(2022, 3, 14),
                outcome=Outcome.RULING_DISMISS,
                outcome_served_on=D(2022, 6, 1),
                appealed_on=D(2022, 6, 14),
            )
        assert exc.value.message_dict["appealed_on"] == [
            MSG_APPEAL_LATE.format(due=D(2022, 6, 13), law="行政诉讼法第八十五条")
        ]

    def test_second_instance_cannot_be_appealed(self, county):
        with pytest.raises(RuleViolation) as exc:
            lawsuit(
                county,
                D(2022, 3, 14),
                instance=Instance.SECOND,
                outcome=Outcome.JUDGMENT_UPHOLD,
                outcome_served_on=D(2022, 6, 1),
                appealed_on=D(2022, 6, 5),
            )
        assert exc.value.message_dict["appealed_on"] == [MSG_APPEAL_NOT_ALLOWED]

    def test_outcome_needs_its_service_date(self, county):
        with pytest.raises(RuleViolation) as exc:
            lawsuit(county, D(2022, 3, 14), outcome=Outcome.JUDGMENT_DISMISS)
        assert exc.value.message_dict["outcome_served_on"] == [MSG_OUTCOME_DATE]
