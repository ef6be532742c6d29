import datetime as dt

import pytest
from django.urls import reverse

from sifa.core.models import ActivityType
from sifa.team import services
from sifa.team.models import (
    MSG_AMOUNT_NEGATIVE,
    MSG_VILLAGE_OUTSIDE_TOWNSHIP,
    Donation,
    FirstSecretary,
    HouseholdVisit,
)

D = dt.date


def visit_form(region, **quantities):
    data = {
        "type": ActivityType.objects.get(code="household_visit").pk,
        "date": "2022-06-01",
        "title": "干警大走访",
        "region": region.pk,
        "theme": "",
        "note": "",
        "unit": "",
    }
    data.update({f"q_{k}": v for k, v in quantities.items()})
    return data


@pytest.fixture
def staff_client(client, team_clerk):
    client.force_login(team_clerk)
    return client


def test_quantities_are_entered_one_field_per_measure(staff_client, village_a):
    url = reverse("admin:team_householdvisit_add")
    page = staff_client.get(url)
    assert page.status_code == 200
    assert "发放《一封信》（份）" in page.content.decode()
    response = staff_client.post(url, visit_form(village_a, letters=120, surveys=35, posters=""))
    assert response.status_code == 302, response.context["adminform"].form.errors
    visit = HouseholdVisit.objects.get()
    assert visit.quantities == {"letters": 120, "surveys": 35}


def test_negative_quantity_is_an_error_on_its_field(staff_client, village_a):
    response = staff_client.post(
        reverse("admin:team_householdvisit_add"), visit_form(village_a, letters=-1)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
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
    page = staff_client.get(reverse("admin:team_householdvisit_change", args=[visit.pk]))
    assert page.context["adminform"].form.initial["q_letters"] == 42


def test_negative_donation_is_an_error_on_the_amount(staff_client, county):
    response = staff_client.post(
        reverse("admin:team_donation_add"),
        {
            "kind": "flood_relief",
            "date": "2022-07-01",
            "amount_yuan": "-5",
            "note": "",
            "region": county.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["amount_yuan"] == [MSG_AMOUNT_NEGATIVE]
    assert not Donation.all_objects.exists()


def test_first_secretary_village_outside_township_on_the_form(staff_client, township_a, village_b):
    response = staff_client.post(
        reverse("admin:team_firstsecretary_add"),
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
    assert response.context["adminform"].form.errors["region"] == [
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
    listing = client.get(reverse("admin:team_householdvisit_changelist"))
    assert list(listing.context["cl"].result_list) == [mine]
    assert (
        client.get(reverse("admin:team_householdvisit_change", args=[mine.pk])).status_code == 200
    )
    assert (
        client.get(reverse("admin:team_householdvisit_change", args=[theirs.pk])).status_code == 404
    )


def test_clerk_of_another_line_cannot_add(client, mediation_clerk):
    client.force_login(mediation_clerk)
    assert client.get(reverse("admin:team_householdvisit_add")).status_code == 403


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
def test_every_screen_opens(staff_client, model, county, township_b, village_b):
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
    for name in ("changelist", "add"):
        assert staff_client.get(reverse(f"admin:team_{model}_{name}")).status_code == 200


def test_bureau_leader_reads_but_cannot_add(client, bureau_leader, village_a):
    services.team_activity_create(
        HouseholdVisit, type_code="household_visit", date=D(2022, 6, 1), title="x", region=village_a
    )
    client.force_login(bureau_leader)
    assert client.get(reverse("admin:team_householdvisit_changelist")).status_code == 200
    assert client.get(reverse("admin:team_householdvisit_add")).status_code == 403
