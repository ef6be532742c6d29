import datetime as dt

import pytest

from sifa.core.deadlines import (
    DeadlineState,
    Period,
    deadline_state,
    due_date,
    is_workday,
    register,
    state_q,
)
from sifa.core.models import PeriodOverride

D = dt.date
FIVE_WORKING = Period("t.five", "受理审查", 5, working_days=True, law="行政复议法第三十条")
SIXTY = Period("t.sixty", "作出决定", 60, law="行政复议法第六十二条")


class TestWorkingDays:
    def test_national_day_is_skipped_and_makeup_saturday_counts(self):
        # Received Thu 29 Sep 2022: 30 Sep (1), 1–7 Oct holiday, 8 Oct Sat make-up (2),
        # 9 Oct Sun make-up (3), 10 Oct (4), 11 Oct (5).
        deadline = due_date(D(2022, 9, 29), FIVE_WORKING)
        assert deadline.due == D(2022, 10, 11)
        assert "10月1日（国庆节）" in deadline.explain()
        assert "届满日为2022年10月11日" in deadline.explain()

    def test_start_day_is_not_counted(self):
        # Mon 7 Nov 2022 → five working days end Mon 14 Nov (weekend 12–13 skipped).
        assert due_date(D(2022, 11, 7), FIVE_WORKING).due == D(2022, 11, 14)

    def test_spring_festival(self):
        # Received Fri 20 Jan 2023; holiday 21–27 Jan; make-up Sat 28 (1) and Sun 29 Jan (2),
        # then 30 Jan (3), 31 Jan (4), 1 Feb (5).
        assert due_date(D(2023, 1, 20), FIVE_WORKING).due == D(2023, 2, 1)

    def test_is_workday_knows_makeup_days(self):
        assert is_workday(D(2022, 10, 8))  # Saturday, make-up workday
        assert not is_workday(D(2022, 10, 3))


class TestCalendarDays:
    def test_last_day_on_holiday_moves_to_next_workday(self):
        deadline = due_date(D(2022, 8, 2), SIXTY)  # 60 days → 1 Oct (National Day)
        assert deadline.due == D(2022, 10, 8)
        assert "顺延" in deadline.explain()

    def test_plain_period(self):
        # 1 Mar 2022 + 30 days = Thu 31 Mar, a working day.
        assert due_date(D(2022, 3, 1), Period("t.30", "答复", 30)).due == D(2022, 3, 31)

    def test_labour_day_holiday_moves_the_end(self):
        # 1 Mar 2022 + 60 days = Sat 30 Apr, inside the 30 Apr–4 May holiday → Thu 5 May.
        assert due_date(D(2022, 3, 1), SIXTY).due == D(2022, 5, 5)

    def test_suspension_and_extension_add_days(self):
        # 30 Apr + 10 paused + 30 extension = 9 Jun 2022 (a Thursday).
        deadline = due_date(D(2022, 3, 1), SIXTY, paused_days=10, extension_days=30)
        assert deadline.due == D(2022, 6, 9)
        assert "中止期间10日不计入" in deadline.explain()
        assert "经批准延长30日" in deadline.explain()

    def test_year_without_holiday_data_falls_back_to_weekends(self):
        deadline = due_date(D(2031, 1, 6), FIVE_WORKING)  # Mon → Mon 13 Jan
        assert deadline.due == D(2031, 1, 13)
        assert "2031年节假日安排尚未收录" in deadline.explain()


@pytest.mark.django_db
def test_county_override_replaces_the_law_default(county, township_a):
    register("t.filing", "备案", 30, law="规章制定程序条例")
    PeriodOverride.objects.create(region=county, code="t.filing", days=15, note="本县规定")
    deadline = due_date(D(2022, 6, 1), "t.filing", township_a)
    assert deadline.period.days == 15
    assert deadline.due == D(2022, 6, 16)
    assert due_date(D(2022, 6, 1), "t.filing").due == D(2022, 7, 1)


class TestDeadlineState:
    def test_states(self):
        today = D(2022, 5, 10)
        assert deadline_state(D(2022, 5, 9), today=today) == DeadlineState.OVERDUE
        assert deadline_state(D(2022, 5, 10), today=today) == DeadlineState.SOON
        assert deadline_state(D(2022, 5, 17), today=today) == DeadlineState.SOON
        assert deadline_state(D(2022, 5, 18), today=today) == DeadlineState.OK
        assert (
            deadline_state(D(2022, 5, 1), today=today, done_on=D(2022, 5, 2)) == DeadlineState.DONE
        )
        assert deadline_state(None) == DeadlineState.NONE
        assert DeadlineState.OVERDUE.label == "已超期"

    @pytest.mark.django_db
    def test_state_q_agrees_with_deadline_state(self, county, make_activity):
        from sifa.core.models import Activity

        today = D(2022, 5, 10)
        for offset in (-3, 0, 5, 7, 8, 30):
            make_activity(
                "lecture", county, today - dt.timedelta(days=40), title=str(offset)
            ).__class__.objects.filter(title=str(offset)).update(
                end_date=today + dt.timedelta(days=offset)
            )
        for state in (DeadlineState.OVERDUE, DeadlineState.SOON, DeadlineState.OK):
            via_q = set(
                Activity.objects.filter(state_q("end_date", None, state, today)).values_list(
                    "title", flat=True
                )
            )
            via_fn = {
                a.title
                for a in Activity.objects.all()
                if deadline_state(a.end_date, today=today) == state
            }
            assert via_q == via_fn, state
