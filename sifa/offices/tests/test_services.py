"""Rules every write of the offices line obeys."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sifa.core.errors import RuleViolation
from sifa.core.models import Unit, UnitKind
from sifa.offices import models, services
from sifa.offices.models import BuildingProject, OfficeStaff

D = dt.date


@pytest.fixture
def office(township_a):
    return Unit.objects.get(kind=UnitKind.JUDICIAL_OFFICE, region=township_a)


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["offices"])


class TestBuildingProject:
    def test_project_belongs_to_its_office_township(self, office, clerk):
        project = services.project_start(
            office=office, kind="new", investment_yuan=450_000, started_on=D(2022, 3, 1), user=clerk
        )
        assert project.region_id == office.region_id
        assert str(project) == "甲司法所业务用房新建"

    def test_refuses_completion_before_start(self, office, clerk):
        project = services.project_start(
            office=office,
            kind="renovation",
            investment_yuan=100_000,
            started_on=D(2022, 3, 1),
            user=clerk,
        )
        with pytest.raises(RuleViolation) as exc:
            services.project_complete(project, on=D(2022, 2, 28), user=clerk)
        assert exc.value.message_dict["completed_on"] == [models.MSG_COMPLETED_BEFORE_START]
        project.refresh_from_db()
        assert project.completed_on is None
        services.project_complete(project, on=D(2022, 3, 1), user=clerk)  # same day is fine
        with pytest.raises(RuleViolation):
            services.project_complete(project, on=D(2022, 4, 1), user=clerk)

    def test_refuses_negative_investment(self, office, clerk):
        with pytest.raises(RuleViolation) as exc:
            services.project_start(
                office=office, kind="new", investment_yuan=-1, started_on=D(2022, 3, 1), user=clerk
            )
        assert exc.value.message_dict["investment_yuan"] == [models.MSG_NEGATIVE_INVESTMENT]
        assert not BuildingProject.objects.exists()

    def test_office_must_be_a_judicial_office(self, county, clerk):
        bureau = Unit.objects.get(kind=UnitKind.BUREAU)
        with pytest.raises(RuleViolation) as exc:
            services.project_start(
                office=bureau, kind="new", investment_yuan=1, started_on=D(2022, 3, 1), user=clerk
            )
        assert exc.value.message_dict["office"] == [models.MSG_NOT_AN_OFFICE]

    def test_township_office_account_may_not_write(self, office, township_clerk):
        with pytest.raises(PermissionDenied):
            services.project_start(
                office=office,
                kind="new",
                investment_yuan=1,
                started_on=D(2022, 3, 1),
                user=township_clerk,
            )


class TestStaff:
    def test_refuses_leaving_before_appointment(self, office, clerk):
        staff = services.staff_appoint(
            office=office, name="王所长", post="head", since=D(2020, 5, 1), user=clerk
        )
        with pytest.raises(RuleViolation) as exc:
            services.staff_leave(staff, on=D(2020, 4, 1), user=clerk)
        assert exc.value.message_dict["until"] == [models.MSG_UNTIL_BEFORE_SINCE]
        services.staff_leave(staff, on=D(2022, 4, 1), user=clerk)
        staff.refresh_from_db()
        assert staff.until == D(2022, 4, 1)
        assert staff.on_post(D(2022, 3, 31)) and not staff.on_post(D(2022, 4, 1))
        assert str(staff) == "王所长（所长）"
        assert OfficeStaff.objects.count() == 1
