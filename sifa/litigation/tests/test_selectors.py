"""Scoped reads of lawsuits and hearings, and their deadline states."""

import datetime as dt

import pytest
from django.http import Http404

from sifa.core.deadlines import DeadlineState
from sifa.litigation import selectors

from .factories import hearing, lawsuit

D = dt.date


@pytest.fixture
def two(township_a, township_b):
    a, b = lawsuit(township_a, D(2022, 3, 14)), lawsuit(township_b, D(2022, 3, 14))
    hearing(a, D(2022, 5, 10))
    hearing(b, D(2022, 5, 10))
    return a, b


def test_township_office_sees_no_lawsuit(two, township_clerk):
    # Litigation is a county section's line: a 司法所 does not see it, even in its township.
    a, _b = two
    assert not selectors.cases(township_clerk).exists()
    assert not selectors.hearings(township_clerk).exists()
    with pytest.raises(Http404):
        selectors.case_get(township_clerk, a.pk)


def test_due_items(county, section_clerk):
    lawsuit(county, D(2022, 3, 14))  # answer due 29 March
    items = selectors.due_items(section_clerk, today=D(2022, 3, 25), within=7)
    assert [(i.what, i.due) for i in items] == [("答辩举证期限", D(2022, 3, 29))]
    assert selectors.due_items(section_clerk, today=D(2022, 3, 1), within=7) == []


def test_other_line_and_viewer_see_nothing(two, make_user, viewer):
    assert not selectors.cases(make_user("section", lines=["notary"])).exists()
    assert not selectors.hearings(viewer).exists()


def test_section_clerk_sees_all(two, section_clerk):
    assert selectors.cases(section_clerk).count() == 2


def test_answer_deadline_states(county, section_clerk):
    open_ = lawsuit(county, D(2022, 3, 14))  # answer due 29 March
    lawsuit(county, D(2022, 3, 14), answered_on=D(2022, 3, 20))  # answered: nothing due

    def ids(state, today):
        return list(
            selectors.cases_by_deadline_state(section_clerk, state, today=today).values_list(
                "pk", flat=True
            )
        )

    assert ids(DeadlineState.OK, D(2022, 3, 15)) == [open_.pk]
    assert ids(DeadlineState.SOON, D(2022, 3, 25)) == [open_.pk]
    assert ids(DeadlineState.OVERDUE, D(2022, 3, 30)) == [open_.pk]


def test_an_open_appeal_window_is_due_and_a_lapsed_one_leaves_the_list(county, section_clerk):
    """A judgment not appealed in time stands: the lapsed window is no longer a to-do, while
    an unanswered complaint stays on the list until it is answered."""
    judged = lawsuit(
        county,
        D(2022, 3, 1),
        answered_on=D(2022, 3, 10),
        outcome="j_dismiss",
        outcome_served_on=D(2022, 5, 9),
    )
    assert judged.appeal_due == D(2022, 5, 24)  # 15 days after service
    unanswered = lawsuit(county, D(2022, 3, 14))  # answer due 29 March, never answered

    def due(today):
        return [i.record for i in selectors.due_items(section_clerk, today=today, within=7)]

    assert due(D(2022, 5, 20)) == [str(unanswered), str(judged)]
    assert due(D(2022, 5, 24)) == [str(unanswered), str(judged)]  # the last day
    assert due(D(2022, 5, 25)) == [str(unanswered)]
