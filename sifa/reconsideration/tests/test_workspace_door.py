"""The workspace door of reconsideration: the list with its deadline filters, the record page
explaining the deadlines, intake warning a late application, steps refused on their fields."""

import datetime as dt

import pytest

from sifa.core import registry
from sifa.reconsideration.models import ReconsiderationCase, Status
from sifa.workspace.links import list_url, page_url, record_url

from .factories import agency, receive

pytestmark = pytest.mark.django_db

D = dt.date
RT = registry.get(ReconsiderationCase)


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["reconsideration"])


@pytest.fixture
def case(county):
    return receive(county, D(2022, 9, 29))


def test_record_shows_the_deemed_status_and_the_list_filters(client, clerk, case):
    client.force_login(clerk)
    assert client.get(record_url(case)).context["status"] == "视为受理（审理中）"
    response = client.get(list_url(RT))
    assert [r["url"] for r in response.context["rows"]] == [record_url(case)]
    filters = response.context["filters"]
    assert any(f["name"].startswith("dl_") for f in filters)
    for f in filters:
        for value, _ in f["choices"]:
            assert client.get(list_url(RT), {f["name"]: value}).status_code == 200
    found = client.get(list_url(RT), {"status": "received"}).context["rows"]
    assert [r["url"] for r in found] == [record_url(case)]
    assert client.get(list_url(RT), {"status": "closed"}).context["rows"] == []


def test_record_page_explains_the_deadlines(client, clerk, case):
    client.force_login(clerk)
    page = client.get(record_url(case))
    # received on 29 September: the review runs over the National Day holiday
    assert "国庆节" in " ".join(d["explain"] for d in page.context["deadlines"])


def test_record_page_shows_the_history(client, clerk, case):
    client.force_login(clerk)
    page = client.get(record_url(case))
    rows = page.context.get("history_rows")
    assert rows and rows[-1]["action"]


def test_intake_warns_a_late_application(client, clerk, county):
    client.force_login(clerk)
    response = client.post(
        page_url(RT, "create"),
        {
            "region": county.pk,
            "applicant_name": "周某",
            "applicant_type": "citizen",
            "respondent": agency(county).pk,
            "category": "penalty",
            "act_description": "",
            "act_known_on": "2022-01-04",
            "received_on": "2022-03-10",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    created = ReconsiderationCase.objects.get()
    assert created.status == Status.RECEIVED and "申请超过法定申请期限" in created.late_warning


def test_step_pages_move_the_case_and_show_refusals_on_the_field(client, clerk, county):
    case = receive(county, D(2022, 3, 1))
    client.force_login(clerk)
    refused = client.post(page_url(RT, "move", case.pk, "reject"), {"on": "2022-03-02", "text": ""})
    assert refused.status_code == 200
    assert refused.content.decode().count("不予受理须写明理由。") == 1
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    moved = client.post(
        page_url(RT, "move", case.pk, "accept"), {"on": "2022-03-02", "procedure": "simple"}
    )
    assert moved.status_code == 302, moved.context["form"].errors
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW and case.procedure == "simple"


def test_a_township_office_cannot_reach_a_case(client, township_a, other_township_clerk):
    case = receive(township_a, D(2022, 3, 1))
    client.force_login(other_township_clerk)
    assert client.get(record_url(case)).status_code in (403, 404)
    accept = page_url(RT, "move", case.pk, "accept")
    assert client.get(accept).status_code in (403, 404)
    assert client.post(accept, {"on": "2022-03-02"}).status_code in (403, 404)
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
