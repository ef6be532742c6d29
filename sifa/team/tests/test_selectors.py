import datetime as dt

import pytest
from django.http import Http404

from sifa.team import selectors, services
from sifa.team.models import DonationKind, HouseholdVisit, RuralActivity

D = dt.date


@pytest.fixture
def visits(village_a, village_b):
    a = services.team_activity_create(
        HouseholdVisit,
        type_code="household_visit",
        date=D(2022, 3, 1),
        title="甲",
        region=village_a,
    )
    b = services.team_activity_create(
        HouseholdVisit,
        type_code="household_visit",
        date=D(2022, 4, 1),
        title="乙",
        region=village_b,
    )
    return a, b


def test_township_office_sees_only_its_township(visits, township_clerk):
    a, b = visits
    assert list(selectors.activities(township_clerk, HouseholdVisit)) == [a]
    assert selectors.activity_detail(township_clerk, HouseholdVisit, a.pk) == a
    with pytest.raises(Http404):
        selectors.activity_detail(township_clerk, HouseholdVisit, b.pk)


def test_clerk_of_another_line_sees_nothing(visits, mediation_clerk, viewer):
    assert not selectors.activities(mediation_clerk, HouseholdVisit).exists()
    assert not selectors.activities(viewer, HouseholdVisit).exists()
    with pytest.raises(Http404):
        selectors.activity_detail(mediation_clerk, HouseholdVisit, visits[0].pk)


def test_group_shows_only_its_own_types(visits, team_clerk):
    assert not selectors.activities(team_clerk, RuralActivity).exists()
    assert selectors.activities(team_clerk, HouseholdVisit).count() == 2


def test_secretaries_serving_on_a_day(township_b, village_b, team_clerk):
    services.first_secretary_create(
        person="甲",
        township=township_b,
        village=village_b,
        started_on=D(2019, 3, 1),
        ended_on=D(2021, 5, 31),
    )
    now = services.first_secretary_create(
        person="乙", township=township_b, village=village_b, started_on=D(2021, 6, 1)
    )
    assert list(selectors.secretaries_serving(team_clerk, D(2022, 12, 31))) == [now]
    assert selectors.secretaries_serving(team_clerk, D(2021, 5, 31)).count() == 1
    assert selectors.secretaries_serving(team_clerk, D(2019, 2, 28)).count() == 0


def test_donation_totals_by_kind(county, team_clerk):
    for kind, amount, day in (
        (DonationKind.FLOOD_RELIEF, 100, D(2022, 1, 1)),
        (DonationKind.FLOOD_RELIEF, 50, D(2022, 12, 31)),
        (DonationKind.CONSUMPTION_AID, 7, D(2022, 6, 1)),
        (DonationKind.FLOOD_RELIEF, 999, D(2023, 1, 1)),
    ):
        services.donation_create(kind=kind, date=day, amount_yuan=amount, region=county)
    assert selectors.donation_totals(team_clerk, year=2022) == {
        DonationKind.FLOOD_RELIEF: 150,
        DonationKind.CONSUMPTION_AID: 7,
    }
