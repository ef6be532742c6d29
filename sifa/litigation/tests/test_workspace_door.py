"""The workspace door of lawsuits and hearings."""

import datetime as dt

import pytest

from sifa.core import registry
from sifa.litigation.models import MSG_LAWYER_ALONE, Hearing, LitigationCase

from .factories import lawsuit

pytestmark = pytest.mark.django_db

D = dt.date
CASES = registry.get(LitigationCase)
HEARINGS = registry.get(Hearing)


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["litigation"])


def test_lists_and_deadline_filters(client, clerk, county):
    from sifa.workspace.links import list_url, record_url

    case = lawsuit(county, D(2022, 3, 14))
    client.force_login(clerk)
    response = client.get(list_url(CASES))
    labels = [f["label"] for f in response.context["filters"]]
    assert any("答辩" in label for label in labels), labels
    (answer,) = [f for f in response.context["filters"] if "答辩" in f["label"]]
    # served in March 2022 and never answered: its answer period has run out
    overdue = client.get(list_url(CASES), {answer["name"]: "overdue"}).context["rows"]
    assert [r["url"] for r in overdue] == [record_url(case)]
    assert client.get(list_url(CASES), {answer["name"]: "ok"}).context["rows"] == []
    assert client.get(list_url(HEARINGS)).status_code == 200


def hearing_form(case, **extra):
    data = {
        "region": case.region_id,
        "case": case.pk,
        "held_on": "2022-05-10",
        "head_role": "",
        "head_name": "",
        "staff_names": "",
        "lawyer_names": "",
        "absence_explanation": "",
    }
    data.update(extra)
    return data


def test_hearing_entry_refuses_a_lawyer_alone(client, clerk, county):
    from sifa.workspace.links import page_url

    case = lawsuit(county, D(2022, 3, 14))
    client.force_login(clerk)
    response = client.post(
        page_url(HEARINGS, "create"),
        hearing_form(case, head_role="absent", lawyer_names="周律师", absence_explanation="出差"),
    )
    assert response.status_code == 200
    assert response.content.decode().count(MSG_LAWYER_ALONE) == 1
    assert not Hearing.objects.exists()


def test_other_township_cannot_reach_a_case(client, township_a, other_township_clerk):
    from sifa.workspace.links import page_url, record_url

    case = lawsuit(township_a, D(2022, 3, 14))
    client.force_login(other_township_clerk)
    assert client.get(record_url(case)).status_code in (403, 404)
    assert client.get(page_url(CASES, "edit", case.pk)).status_code in (403, 404)


def test_hearing_entry_with_the_head_present(client, clerk, county):
    from sifa.workspace.links import page_url

    case = lawsuit(county, D(2022, 3, 14))
    client.force_login(clerk)
    response = client.post(
        page_url(HEARINGS, "create"),
        hearing_form(case, head_role="deputy", head_name="钱某（副县长）", staff_names="孙某"),
    )
    assert response.status_code == 302, response.context["form"].errors
    hearing = Hearing.objects.get()
    assert hearing.region_id == case.region_id and hearing.created_by == clerk


def test_record_page_explains_the_answer_period(client, clerk, county):
    from sifa.workspace.links import record_url

    case = lawsuit(county, D(2022, 9, 20))
    client.force_login(clerk)
    page = client.get(record_url(case))
    assert "顺延至其后第一个工作日" in " ".join(d["explain"] for d in page.context["deadlines"])
