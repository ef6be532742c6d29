import datetime as dt

import pytest
from django.http import Http404

from sifa.legalaid import selectors, services

D = dt.date


def test_deadline_lists_follow_the_running_period(receive, clerk):
    waiting = receive(D(2022, 3, 1))  # review due 03-08
    approved = services.application_approve(
        receive(D(2022, 3, 1)), on=D(2022, 3, 2), user=clerk
    )  # assignment due 03-07
    services.application_refuse(receive(D(2022, 3, 1)), on=D(2022, 3, 2), reason="理由", user=clerk)
    today = D(2022, 3, 8)
    assert list(selectors.applications_due(clerk, "overdue", today=today)) == [approved]
    assert list(selectors.applications_due(clerk, "soon", today=today)) == [waiting]
    assert not selectors.applications_due(clerk, "overdue", today=D(2022, 3, 7)).exists()
    assert set(selectors.applications_due(clerk, "ok", today=D(2022, 2, 20))) == {waiting, approved}


def test_township_office_sees_no_legal_aid_cases(make_case, village_a, township_clerk):
    """Applicants' data stays with the county's legal aid section (need to know), even for
    cases of the office's own township."""
    mine = make_case(village_a, D(2022, 5, 1))
    assert list(selectors.cases_for(township_clerk)) == []
    with pytest.raises(Http404):
        selectors.case_get(township_clerk, mine.pk)


def test_legal_aid_section_sees_cases_of_every_township(make_case, village_a, village_b, make_user):
    clerk = make_user("section", lines=["legalaid"])
    cases = {make_case(village_a, D(2022, 5, 1)), make_case(village_b, D(2022, 5, 1))}
    assert set(selectors.cases_for(clerk)) == cases


def test_clerk_of_another_line_sees_no_applications(receive, make_user):
    receive()
    assert not selectors.applications_for(make_user("section", lines=["notary"])).exists()
