"""The workspace door of team building: activities with their quantities, rules on the
fields, scoping, other lines and the leader kept out of the forms."""

import datetime as dt

import pytest

from sifa.core import registry
from sifa.core.models import ActivityType
from sifa.team import services
from sifa.team.models import (
    MSG_AMOUNT_NEGATIVE,
    MSG_VILLAGE_OUTSIDE_TOWNSHIP,
    Donation,
    FirstSecretary,
    HouseholdVisit,
)
from sifa.workspace.links import list_url, page_url, record_url

pytestmark = pytest.mark.django_db

D = dt.date
VISITS = registry.get(HouseholdVisit)


def visit_form(region, **quantities):
    data = {
        "type": ActivityType.objects.get(code="household_visit").pk,
        "date": "2022-06-01",
        "title": "干警大走访",
        "region": region.pk,
        "theme": "",
        "note": "",
        "unit": "",
        "end_date": "",
        **{f"q_{k}": v for k, v in quantities.items()},
    }
    return data


@pytest.fixture
def staff_client(client, team_clerk):
    client.force_login(team_clerk)
    return client


def test_quantities_are_entered_one_field_per_measure(staff_client, village_a):
    page = staff_client.get(page_url(VISITS, "create"))
    assert "发放《一封信》（份）" in page.content.decode()


def test_quantities_are_saved(staff_client, village_a):
    url = page_url(VISITS, "create")
    response = staff_client.post(url, visit_form(village_a, letters=120, surveys=35, posters=""))
    assert response.status_code == 302, response.context["form"].errors
    visit = HouseholdVisit.objects.get()
    assert visit.quantities == {"letters": 120, "surveys": 35}


def test_negative_quantity_is_an_error_on_its_field(staff_client, village_a):
    response = staff_client.post(page_url(VISITS, "create"), visit_form(village_a, letters=-1))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["q_letters"] == ["“发放《一封信》”应为不小于0的整数。"]
    assert not HouseholdVisit.all_objects.exists()


def test_editing_shows_stored_quantities(staff_client, village_a):
    visit = services.team_activity_create(
        HouseholdVisit,
        type_code="household_visit",
        date=D(2022, 6, 1),
        title="x",
        region=village_a,
        quantities={"letters": 42},
    )
    page = staff_client.get(page_url(VISITS, "edit", visit.pk))
    assert page.context["form"]["q_letters"].value() == 42


def test_negative_donation_is_an_error_on_the_amount(staff_client, county):
    response = staff_client.post(
        page_url(registry.get(Donation), "create"),
        {
            "kind": "flood_relief",
            "date": "2022-07-01",
            "amount_yuan": "-5",
            "note": "",
            "region": county.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount_yuan"] == [MSG_AMOUNT_NEGATIVE]
    assert not Donation.all_objects.exists()


def test_first_secretary_village_outside_township_on_the_form(staff_client, township_a, village_b):
    response = staff_client.post(
        page_url(registry.get(FirstSecretary), "create"),
        {
            "person": "王某",
            "township": township_a.pk,
            "region": village_b.pk,
            "started_on": "2021-06-01",
            "ended_on": "",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["region"] == [
        MSG_VILLAGE_OUTSIDE_TOWNSHIP.format(township="甲镇")
    ]
    assert not FirstSecretary.all_objects.exists()


def test_township_office_gets_404_for_another_township(
    client, township_clerk, village_a, village_b
):
    mine = services.team_activity_create(
        HouseholdVisit,
        type_code="household_visit",
        date=D(2022, 6, 1),
        title="甲",
        region=village_a,
    )
    theirs = services.team_activity_create(
        HouseholdVisit,
        type_code="household_visit",
        date=D(2022, 6, 1),
        title="乙",
        region=village_b,
    )
    client.force_login(township_clerk)
    listing = client.get(list_url(VISITS))
    assert [r["url"] for r in listing.context["rows"]] == [record_url(mine)]
    assert client.get(record_url(mine)).status_code == 200
    assert client.get(record_url(theirs)).status_code == 404
    assert client.get(page_url(VISITS, "edit", theirs.pk)).status_code == 404


def test_clerk_of_another_line_cannot_add(client, mediation_clerk):
    client.force_login(mediation_clerk)
    assert client.get(page_url(VISITS, "create")).status_code == 403


@pytest.mark.parametrize(
    "model",
    [
        "teambuildingactivity",
        "ruralactivity",
        "householdvisit",
        "donation",
        "villageproject",
        "firstsecretary",
        "incident",
    ],
)
def test_every_page_opens(staff_client, model, county, township_b, village_b):
    services.team_activity_create(
        HouseholdVisit,
        type_code="household_visit",
        date=D(2022, 6, 1),
        title="x",
        region=village_b,
        quantities={"letters": 3},
    )
    services.village_project_create(
        village=village_b, name="广场", investment_yuan=1, started_on=D(2022, 1, 1)
    )
    services.first_secretary_create(
        person="王某", township=township_b, village=village_b, started_on=D(2022, 1, 1)
    )
    from sifa.workspace import spec

    rt = spec.by_slug("team", model)
    for name in ("list", "create"):
        assert staff_client.get(page_url(rt, name)).status_code == 200


def test_bureau_leader_reads_but_cannot_add(client, bureau_leader, village_a):
    services.team_activity_create(
        HouseholdVisit, type_code="household_visit", date=D(2022, 6, 1), title="x", region=village_a
    )
    client.force_login(bureau_leader)
    assert client.get(list_url(VISITS)).status_code == 200
    assert client.get(page_url(VISITS, "create")).status_code == 403
