"""The workspace door of the offices line: scoped lists, rules shown on the field."""

import pytest

from sifa.core import registry
from sifa.core.models import Unit, UnitKind
from sifa.offices.models import BuildingProject
from sifa.workspace.links import list_url, page_url, record_url

pytestmark = pytest.mark.django_db

RT = registry.get(BuildingProject)


@pytest.fixture
def office(township_a):
    return Unit.objects.get(kind=UnitKind.JUDICIAL_OFFICE, region=township_a)


def project_form(office, **extra):
    data = {
        "region": office.region_id,
        "office": office.pk,
        "kind": "new",
        "title": "",
        "investment_yuan": "200000",
        "started_on": "2022-05-01",
        "completed_on": "",
        "note": "",
    }
    data.update(extra)
    return data


def test_project_entry_refuses_completion_before_start(client, make_user, office):
    client.force_login(make_user("section", lines=["offices"]))
    response = client.post(page_url(RT, "create"), project_form(office, completed_on="2022-04-30"))
    assert response.status_code == 200
    assert response.content.decode().count("竣工日期不能早于开工日期。") == 1
    assert not BuildingProject.objects.exists()


def test_township_office_lists_its_projects_and_not_anothers(
    client, make_user, township_clerk, other_township_clerk, office
):
    client.force_login(make_user("section", lines=["offices"]))
    response = client.post(page_url(RT, "create"), project_form(office, title="甲镇司法所改建"))
    assert response.status_code == 302, response.context["form"].errors
    project = BuildingProject.objects.get()
    client.force_login(township_clerk)
    rows = client.get(list_url(RT)).context["rows"]
    assert [r["url"] for r in rows] == [record_url(project)]
    for f in client.get(list_url(RT)).context["filters"]:
        for value, _ in f["choices"]:
            assert client.get(list_url(RT), {f["name"]: value}).status_code == 200
    client.force_login(other_township_clerk)
    assert client.get(list_url(RT)).context["rows"] == []
    assert client.get(record_url(project)).status_code == 404
