"""Scoped reads: who sees which case, the deemed-acceptance rule and deadline states."""

import datetime as dt

import pytest
from django.http import Http404

from sifa.core.deadlines import DeadlineState
from sifa.reconsideration import selectors, services
from sifa.reconsideration.models import SuspensionGround

from .factories import accepted, receive

D = dt.date


@pytest.fixture
def two_cases(county, township_a, township_b):
    return receive(township_a, D(2022, 3, 1)), receive(township_b, D(2022, 3, 1))


class TestScoping:
    def test_section_clerk_sees_the_whole_county(self, two_cases, section_clerk):
        assert selectors.cases(section_clerk).count() == 2

    def test_township_office_sees_no_reconsideration_case(self, two_cases, township_clerk):
        # Reconsideration is a county section's line: a 司法所 does not see it, even in its
        # own township.
        mine, _theirs = two_cases
        assert not selectors.cases(township_clerk).exists()
        with pytest.raises(Http404):
            selectors.case_get(township_clerk, mine.pk)

    def test_clerk_of_another_line_and_viewer_see_nothing(self, two_cases, make_user, viewer):
        clerk = make_user("section", lines=["mediation"])
        assert not selectors.cases(clerk).exists()
        assert not selectors.cases(viewer).exists()
        with pytest.raises(Http404):
            selectors.case_get(viewer, two_cases[0].pk)

    def test_deemed_lists_are_scoped_too(self, two_cases, make_user, section_clerk):
        clerk = make_user("section", lines=["mediation"])
        assert not selectors.cases_deemed_accepted(clerk, today=D(2022, 3, 20)).exists()
        found = selectors.cases_deemed_accepted(section_clerk, today=D(2022, 3, 20))
        assert found.count() == 2


class TestDueItems:
    def test_home_page_items(self, county, section_clerk, make_user):
        receive(county, D(2022, 9, 29))  # review due 11 October
        items = selectors.due_items(section_clerk, today=D(2022, 10, 9), within=7)
        assert [(i.what, i.due) for i in items] == [("受理审查期限", D(2022, 10, 11))]
        later = selectors.due_items(section_clerk, today=D(2022, 12, 10), within=7)
        assert [(i.what, i.due) for i in later] == [
            ("行政复议决定期限（视为受理）", D(2022, 12, 12))
        ]
        assert (
            selectors.due_items(
                make_user("section", lines=["notary"]), today=D(2022, 10, 9), within=7
            )
            == []
        )


class TestDeemedAcceptance:
    def test_flag_and_status_once_the_review_period_has_passed(self, county, section_clerk):
        case = receive(county, D(2022, 9, 29))
        on_due = selectors.cases(section_clerk, today=D(2022, 10, 11)).get()
        after = selectors.cases(section_clerk, today=D(2022, 10, 12)).get()
        assert not on_due.is_deemed and on_due.current_due == D(2022, 10, 11)
        assert after.is_deemed and after.current_due == D(2022, 12, 12)
        assert case.effective_status_label(D(2022, 10, 12)) == "视为受理（审理中）"
        assert case.due_now(D(2022, 10, 12)) == after.current_due


class TestDeadlineStates:
    def test_states_of_acceptance_review_and_decision(self, county, section_clerk):
        reviewing = receive(county, D(2022, 9, 29))  # due 10/11
        hearing = accepted(county, D(2022, 8, 1), D(2022, 8, 2))  # due 10/8 (make-up Saturday)
        suspended = accepted(county, D(2022, 8, 1), D(2022, 8, 2))
        services.case_suspend(
            suspended, on=D(2022, 9, 1), ground=SuspensionGround.OTHER_CASE, user=None
        )

        def states(today):
            return {
                state: set(
                    selectors.cases_by_deadline_state(
                        section_clerk, state, today=today
                    ).values_list("pk", flat=True)
                )
                for state in (DeadlineState.OK, DeadlineState.SOON, DeadlineState.OVERDUE)
            }

        s = states(D(2022, 9, 20))
        assert s[DeadlineState.OK] == {reviewing.pk, hearing.pk}
        s = states(D(2022, 10, 9))
        assert s[DeadlineState.SOON] == {reviewing.pk} and s[DeadlineState.OVERDUE] == {hearing.pk}
        # Suspended without a terminating ground: no running deadline at all.
        assert all(suspended.pk not in v for v in s.values())
