import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sifa.core.errors import RuleViolation
from sifa.core.models import ActivityType
from sifa.team import services
from sifa.team.models import (
    MSG_AMOUNT_NEGATIVE,
    MSG_COMPLETED_BEFORE_START,
    MSG_ENDED_BEFORE_START,
    MSG_INVESTMENT_NEGATIVE,
    MSG_NOT_A_VILLAGE,
    MSG_VILLAGE_OUTSIDE_TOWNSHIP,
    Donation,
    DonationKind,
    FirstSecretary,
    HouseholdVisit,
    IncidentKind,
    RuralActivity,
    TeamBuildingActivity,
    VillageProject,
)

D = dt.date


class TestDonation:
    def test_negative_amount_is_refused_on_the_field(self, county, team_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.donation_create(
                kind=DonationKind.FLOOD_RELIEF,
                date=D(2022, 7, 1),
                amount_yuan=-1,
                region=county,
                user=team_clerk,
            )
        assert exc.value.message_dict["amount_yuan"] == [MSG_AMOUNT_NEGATIVE]
        assert not Donation.all_objects.exists()

    def test_zero_amount_is_accepted(self, county, team_clerk):
        obj = services.donation_create(
            kind=DonationKind.CONSUMPTION_AID,
            date=D(2022, 7, 1),
            amount_yuan=0,
            region=county,
            user=team_clerk,
        )
        assert obj.pk and obj.created_by == team_clerk

    def test_clerk_of_another_line_cannot_write(self, county, mediation_clerk):
        with pytest.raises(PermissionDenied):
            services.donation_create(
                kind=DonationKind.FLOOD_RELIEF,
                date=D(2022, 7, 1),
                amount_yuan=100,
                region=county,
                user=mediation_clerk,
            )

    def test_township_office_writes_only_in_its_township(
        self, township_a, township_b, township_clerk
    ):
        services.donation_create(
            kind=DonationKind.FLOOD_RELIEF,
            date=D(2022, 7, 1),
            amount_yuan=100,
            region=township_a,
            user=township_clerk,
        )
        with pytest.raises(PermissionDenied):
            services.donation_create(
                kind=DonationKind.FLOOD_RELIEF,
                date=D(2022, 7, 1),
                amount_yuan=100,
                region=township_b,
                user=township_clerk,
            )
        assert Donation.objects.count() == 1


class TestVillageProject:
    def test_completion_before_start_is_refused(self, village_a, team_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.village_project_create(
                village=village_a,
                name="文化广场",
                investment_yuan=150000,
                started_on=D(2022, 5, 1),
                completed_on=D(2022, 4, 30),
                user=team_clerk,
            )
        assert exc.value.message_dict["completed_on"] == [MSG_COMPLETED_BEFORE_START]
        assert not VillageProject.all_objects.exists()

    def test_completion_on_start_day_is_accepted(self, village_a, team_clerk):
        obj = services.village_project_create(
            village=village_a,
            name="文化广场",
            investment_yuan=150000,
            started_on=D(2022, 5, 1),
            user=team_clerk,
        )
        services.village_project_complete(obj, on=D(2022, 5, 1), user=team_clerk)
        obj.refresh_from_db()
        assert obj.completed_on == D(2022, 5, 1)

    def test_completing_before_start_leaves_the_project_open(self, village_a, team_clerk):
        obj = services.village_project_create(
            village=village_a,
            name="路灯",
            investment_yuan=1,
            started_on=D(2022, 5, 1),
            user=team_clerk,
        )
        with pytest.raises(RuleViolation):
            services.village_project_complete(obj, on=D(2022, 4, 1), user=team_clerk)
        obj.refresh_from_db()
        assert obj.completed_on is None

    def test_negative_investment_is_refused(self, village_a, team_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.village_project_create(
                village=village_a,
                name="文化广场",
                investment_yuan=-5,
                started_on=D(2022, 5, 1),
                user=team_clerk,
            )
        assert exc.value.message_dict["investment_yuan"] == [MSG_INVESTMENT_NEGATIVE]

    def test_project_lies_in_a_village(self, township_a, team_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.village_project_create(
                village=township_a,
                name="文化广场",
                investment_yuan=5,
                started_on=D(2022, 5, 1),
                user=team_clerk,
            )
        assert exc.value.message_dict["region"] == [MSG_NOT_A_VILLAGE]


class TestFirstSecretary:
    def test_village_outside_the_township_is_refused(self, township_a, village_b, team_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.first_secretary_create(
                person="王某",
                township=township_a,
                village=village_b,
                started_on=D(2021, 6, 1),
                user=team_clerk,
            )
        assert exc.value.message_dict["region"] == [
            MSG_VILLAGE_OUTSIDE_TOWNSHIP.format(township="甲镇")
        ]
        assert not FirstSecretary.all_objects.exists()

    def test_village_in_its_township_is_accepted(self, township_b, village_b, team_clerk):
        obj = services.first_secretary_create(
            person="王某",
            township=township_b,
            village=village_b,
            started_on=D(2021, 6, 1),
            user=team_clerk,
        )
        assert obj.place == "乙街道乙1村"

    def test_end_before_start_is_refused(self, township_b, village_b, team_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.first_secretary_create(
                person="王某",
                township=township_b,
                village=village_b,
                started_on=D(2021, 6, 1),
                ended_on=D(2021, 5, 31),
                user=team_clerk,
            )
        assert exc.value.message_dict["ended_on"] == [MSG_ENDED_BEFORE_START]


class TestIncident:
    def test_incident_is_recorded_with_history(self, county, team_clerk):
        from sifa.core.audit import history

        obj = services.incident_create(
            kind=IncidentKind.MASS_INCIDENT,
            occurred_on=D(2022, 3, 1),
            description="执法不当引发群众聚集",
            region=county,
            user=team_clerk,
        )
        assert history(obj).count() == 1


class TestActivityQuantities:
    def test_values_become_the_quantities_dict(self, county):
        visit = ActivityType.objects.get(code="household_visit")
        assert services.activity_quantities(visit, {"letters": 30, "posters": None}) == {
            "letters": 30
        }

    def test_negative_value_is_refused_on_its_field(self, county):
        visit = ActivityType.objects.get(code="household_visit")
        with pytest.raises(RuleViolation) as exc:
            services.activity_quantities(visit, {"letters": -3})
        assert exc.value.message_dict["q_letters"] == [
            services.MSG_QUANTITY_INVALID.format(name="发放《一封信》")
        ]

    def test_measure_the_type_does_not_record_is_refused(self, county):
        lesson = ActivityType.objects.get(code="party_lesson")
        with pytest.raises(RuleViolation) as exc:
            services.activity_quantities(lesson, {"letters": 3})
        assert exc.value.message_dict["q_letters"] == [
            services.MSG_QUANTITY_NOT_MEASURED.format(type="主题党课", name="发放《一封信》")
        ]

    def test_create_saves_an_activity_of_the_group(self, village_a, team_clerk):
        obj = services.team_activity_create(
            HouseholdVisit,
            type_code="household_visit",
            date=D(2022, 6, 1),
            title="走访",
            region=village_a,
            quantities={"letters": 10, "surveys": 4},
            user=team_clerk,
        )
        assert obj.quantities == {"letters": 10, "surveys": 4}
        assert HouseholdVisit.objects.get().pk == obj.pk
        assert not TeamBuildingActivity.objects.exists()

    def test_type_of_another_group_is_refused(self, county, team_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.team_activity_create(
                RuralActivity,
                type_code="party_lesson",
                date=D(2022, 6, 1),
                title="党课",
                region=county,
                user=team_clerk,
            )
        assert "type" in exc.value.message_dict
        assert not RuralActivity.all_objects.exists()

    def test_type_of_another_line_is_refused(self, county, team_clerk):
        with pytest.raises(RuleViolation):
            services.team_activity_create(
                TeamBuildingActivity,
                type_code="lecture",
                date=D(2022, 6, 1),
                title="宣讲会",
                region=county,
                user=team_clerk,
            )


def test_activity_written_through_a_group_keeps_one_history_entry(village_a, team_clerk):
    from auditlog.models import LogEntry

    from sifa.core.audit import history
    from sifa.core.models import Activity

    obj = services.team_activity_create(
        HouseholdVisit,
        type_code="household_visit",
        date=D(2022, 6, 1),
        title="走访",
        region=village_a,
        quantities={"letters": 1},
        user=team_clerk,
    )
    assert LogEntry.objects.filter(object_pk=str(obj.pk), object_repr="走访").count() == 1
    # the core activity screen finds the same history
    assert history(Activity.objects.get(pk=obj.pk)).count() == 1
    assert history(obj).get().actor == team_clerk
