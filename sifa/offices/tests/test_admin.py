"""Entry screens of the offices line: scoped lists, rules shown on the field."""

import pytest
from django.urls import reverse

from sifa.core.models import Unit, UnitKind
from sifa.offices.models import BuildingProject


@pytest.fixture
def office(township_a):
    return Unit.objects.get(kind=UnitKind.JUDICIAL_OFFICE, region=township_a)


def test_project_entry_refuses_completion_before_start(client, make_user, office):
    client.force_login(make_user("section", lines=["offices"]))
    response = client.post(
        reverse("admin:offices_buildingproject_add"),
        {
            "office": office.pk,
            "kind": "new",
            "title": "",
            "investment_yuan": "200000",
            "started_on": "2022-05-01",
            "completed_on": "2022-04-30",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "竣工日期不能早于开工日期。" in response.content.decode()
    assert not BuildingProject.objects.exists()


@pytest.mark.parametrize("progress", ["", "open", "done"])
def test_township_office_lists_its_projects(client, township_clerk, office, progress):
    client.force_login(township_clerk)
    url = reverse("admin:offices_buildingproject_changelist")
    response = client.get(url, {"progress": progress} if progress else {})
    assert response.status_code == 200
