"""Reads of the offices line are scoped: a 司法所 sees its own township only."""

import datetime as dt

import pytest
from django.http import Http404

from sifa.core.models import Unit, UnitKind
from sifa.offices import selectors, services

D = dt.date


@pytest.fixture
def projects(township_a, township_b):
    out = {}
    for key, town in (("a", township_a), ("b", township_b)):
        office = Unit.objects.get(kind=UnitKind.JUDICIAL_OFFICE, region=town)
        out[key] = services.project_start(
            office=office, kind="new", investment_yuan=1000, started_on=D(2022, 1, 5), user=None
        )
        services.staff_appoint(
            office=office, name=f"{key}所长", post="head", since=D(2020, 1, 1), user=None
        )
    return out


def test_township_office_sees_its_own_projects_and_staff(projects, township_clerk):
    assert list(selectors.project_list(township_clerk)) == [projects["a"]]
    assert selectors.project_get(township_clerk, projects["a"].pk) == projects["a"]
    with pytest.raises(Http404):
        selectors.project_get(township_clerk, projects["b"].pk)
    assert [s.name for s in selectors.staff_list(township_clerk)] == ["a所长"]


def test_section_clerk_sees_all_and_viewer_nothing(projects, make_user, viewer):
    clerk = make_user("section", lines=["offices"])
    assert selectors.project_list(clerk).count() == 2
    assert selectors.projects_under_way(clerk).count() == 2
    assert selectors.staff_list(clerk, on=D(2022, 1, 1)).count() == 2
    assert not selectors.project_list(viewer).exists()
    with pytest.raises(Http404):
        selectors.project_get(make_user("section", lines=["mediation"]), projects["a"].pk)
