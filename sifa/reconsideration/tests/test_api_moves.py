"""The API door of a case deemed accepted (视为受理) but still stored as 收到申请: it lists the
hearing's steps, and 延期 and 结案 are taken with the deemed acceptance recorded first — the
same rule as the workspace step (sifa/workspace/tests/test_reconsideration.py)."""

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.core.workflow import timeline
from sifa.reconsideration.models import Status
from sifa.reconsideration.services import MSG_BEFORE_DEEMED

from .factories import receive

URL = "/api/reconsideration/reconsiderationcase/"
TODAY = dt.date.today()

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["reconsideration"])


@pytest.fixture
def deemed(county, clerk):
    case = receive(county, TODAY - dt.timedelta(days=30), user=clerk)
    assert case.status == Status.RECEIVED and case.is_deemed_accepted(TODAY)
    return case


def test_a_case_in_review_lists_no_hearing_step(county, clerk):
    case = receive(county, TODAY, user=clerk)
    names = [m["name"] for m in api(clerk).get(f"{URL}{case.pk}/").json()["moves"]]
    assert "accept" in names
    assert not {"extend", "suspend", "close"} & set(names)


def test_a_deemed_case_is_extended_then_decided(deemed, clerk):
    client = api(clerk)
    names = [m["name"] for m in client.get(f"{URL}{deemed.pk}/").json()["moves"]]
    assert {"extend", "close"} <= set(names)
    due = deemed.acceptance_due
    body = {"extension_days": 30, "extension_approver": "局长", "text": "案情复杂"}
    early = client.post(
        f"{URL}{deemed.pk}/moves/extend/", {**body, "on": due.isoformat()}, format="json"
    )
    assert early.status_code == 400
    assert [e["message"] for e in early.json()["errors"]] == [MSG_BEFORE_DEEMED.format(due=due)]
    deemed.refresh_from_db()
    assert deemed.status == Status.RECEIVED and not timeline(deemed).exists()

    on = (due + dt.timedelta(days=1)).isoformat()
    resp = client.post(f"{URL}{deemed.pk}/moves/extend/", {**body, "on": on}, format="json")
    assert resp.status_code == 200, resp.content
    deemed.refresh_from_db()
    assert deemed.status == Status.UNDER_REVIEW and deemed.deemed_accepted
    assert deemed.accepted_on == due and deemed.extension_days == 30
    resp = client.post(
        f"{URL}{deemed.pk}/moves/close/",
        {"on": TODAY.isoformat(), "close_kind": "upheld", "summary": "维持"},
        format="json",
    )
    assert resp.status_code == 200, resp.content
    assert resp.json()["status"] == Status.CLOSED
    assert [e.label for e in timeline(deemed)] == ["视为受理", "延期30日", "结案（维持）"]


def test_a_deemed_case_is_decided_at_once(deemed, clerk):
    resp = api(clerk).post(
        f"{URL}{deemed.pk}/moves/close/",
        {"on": TODAY.isoformat(), "close_kind": "upheld", "summary": "维持"},
        format="json",
    )
    assert resp.status_code == 200, resp.content
    deemed.refresh_from_db()
    assert deemed.status == Status.CLOSED and deemed.deemed_accepted
    assert deemed.accepted_on == deemed.acceptance_due
