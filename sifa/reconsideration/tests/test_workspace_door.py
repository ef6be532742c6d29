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


# --- 按今天办理到期事项 from the list ---------------------------------------------------------
ALL_DUE = {"deemed_acceptance": "on", "deemed_abandonment": "on", "suspension_terminations": "on"}


def _apply_due(client, data=None):
    from sifa.workspace.links import action_url

    return client.post(action_url(RT, "apply_due"), ALL_DUE if data is None else data)


def test_deemed_acceptance_applies_to_a_lapsed_review_only(client, clerk, county):
    from django.contrib.messages import get_messages

    today = dt.date.today()
    # 30 days back, the five working days of the review (行政复议法 art. 30) ran out whatever
    # holidays fell in them; received today, the review is still running
    lapsed = receive(county, today - dt.timedelta(days=30), applicant_name="过期甲")
    running = receive(county, today, applicant_name="未过乙")
    client.force_login(clerk)
    listing = client.get(list_url(RT))
    assert [a["label"] for a in listing.context["actions"]] == ["按今天办理到期事项"]
    response = _apply_due(client)
    assert response.status_code == 302 and response["Location"] == list_url(RT)
    said = [str(x) for x in get_messages(response.wsgi_request)]
    assert len(said) == 1 and "视为受理 1 件" in said[0]
    lapsed.refresh_from_db()
    running.refresh_from_db()
    assert lapsed.status == Status.UNDER_REVIEW and lapsed.deemed_accepted
    assert lapsed.accepted_on is not None and lapsed.accepted_on < today
    assert running.status == Status.RECEIVED and not running.deemed_accepted
    # run again: nothing more is due
    again = _apply_due(client)
    said = [str(x) for x in get_messages(again.wsgi_request)]
    assert any("没有到期需要办理的案件" in s for s in said)


def test_an_unticked_consequence_is_not_applied(client, clerk, county):
    lapsed = receive(county, dt.date.today() - dt.timedelta(days=30))
    client.force_login(clerk)
    assert _apply_due(client, {"deemed_abandonment": "on"}).status_code == 302
    lapsed.refresh_from_db()
    assert lapsed.status == Status.RECEIVED


def test_township_clerk_leader_and_viewer_cannot_apply_due(
    client, county, township_clerk, bureau_leader, viewer
):
    from sifa.workspace.links import action_url

    lapsed = receive(county, dt.date.today() - dt.timedelta(days=30))
    for user in (township_clerk, bureau_leader, viewer):
        client.force_login(user)
        assert client.get(action_url(RT, "apply_due")).status_code == 403
        assert _apply_due(client).status_code == 403
    lapsed.refresh_from_db()
    assert lapsed.status == Status.RECEIVED


def test_a_clerk_applies_only_cases_in_scope(client, county, township_b, make_user):
    # a reconsideration clerk confined to township B does not touch the county's case
    lapsed = receive(county, dt.date.today() - dt.timedelta(days=30))
    clerk_b = make_user("section", region=township_b, lines=["reconsideration"])
    client.force_login(clerk_b)
    response = _apply_due(client)
    assert response.status_code == 302
    lapsed.refresh_from_db()
    assert lapsed.status == Status.RECEIVED
