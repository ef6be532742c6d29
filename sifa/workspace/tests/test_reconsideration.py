"""A section clerk takes a reconsideration case through the workspace: registered, 补正, 受理,
延期, 决定 — each step on its own page with only its fields; a step dated in the future is
refused on its field; the record page explains each running deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from sifa.core import registry
from sifa.reconsideration.models import ReconsiderationCase, Status
from sifa.reconsideration.tests.factories import agency
from sifa.workspace.links import page_url, record_url

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["reconsideration"])


def test_a_case_from_application_to_decision(client, clerk, county):
    respondent = agency(county)
    client.force_login(clerk)
    rt = registry.get(ReconsiderationCase)
    start = TODAY - dt.timedelta(days=20)
    form = client.get(page_url(rt, "create"))
    # the county clerk's region defaults to the county
    assert form.context["form"].initial["region"] == county.pk
    resp = client.post(
        page_url(rt, "create"),
        {
            "region": county.pk,
            "applicant_name": "王某",
            "applicant_type": "citizen",
            "respondent": respondent.pk,
            "category": "penalty",
            "act_description": "罚款决定",
            "act_known_on": (start - dt.timedelta(days=5)).isoformat(),
            "received_on": start.isoformat(),
        },
    )
    assert resp.status_code == 302, resp.context["form"].errors
    case = ReconsiderationCase.objects.get()
    page = client.get(record_url(case))
    offered = [m["label"] for m in page.context["moves"]]
    # received 20 days ago, its review has run out: in law it is accepted (视为受理), so the
    # hearing's steps are offered too (see test_a_deemed_case_is_extended_and_decided)
    assert "受理" in offered and "通知补正" in offered and "结案" in offered
    # the acceptance review's deadline, explained in words
    (review,) = [d for d in page.context["deadlines"] if d["label"] == "受理审查期限"]
    assert "起算" in review["explain"] and "届满日" in review["explain"]

    def take(name, **data):
        return client.post(page_url(rt, "move", case.pk, name), data)

    future = take("correction", on=(TODAY + dt.timedelta(days=1)).isoformat(), text="身份证明")
    assert list(future.context["form"].errors) == ["on"]
    assert (
        take(
            "correction", on=(start + dt.timedelta(days=2)).isoformat(), text="身份证明"
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == Status.CORRECTION
    assert take("corrected", on=(start + dt.timedelta(days=4)).isoformat()).status_code == 302
    assert take("accept", on=(start + dt.timedelta(days=5)).isoformat()).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW
    extend = client.get(page_url(rt, "move", case.pk, "extend"))
    assert set(extend.context["form"].fields) == {
        "on",
        "extension_days",
        "extension_approver",
        "text",
    }
    assert (
        take(
            "extend",
            on=(start + dt.timedelta(days=15)).isoformat(),
            extension_days=30,
            extension_approver="局长",
            text="案情复杂",
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.extension_days == 30
    assert (
        take(
            "close",
            on=TODAY.isoformat(),
            close_kind="upheld",
            summary="维持原行政处罚决定",
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.closed_on == TODAY
    events = [e["label"] for e in client.get(record_url(case)).context["events"]]
    assert events == ["补正中", "收到补正材料", "受理", "延期30日", "结案（维持）"]


def test_a_township_office_has_no_reconsideration_pages(client, township_clerk):
    client.force_login(township_clerk)
    rt = registry.get(ReconsiderationCase)
    assert client.get(page_url(rt, "list")).status_code == 403
    assert client.get(page_url(rt, "create")).status_code == 403


def _receive(clerk, county, received_on):
    from sifa.reconsideration.tests.factories import receive

    return receive(county, received_on, user=clerk)


def test_a_case_in_its_acceptance_review_offers_no_hearing_step(client, clerk, county):
    case = _receive(clerk, county, TODAY)
    client.force_login(clerk)
    offered = [m["label"] for m in client.get(record_url(case)).context["moves"]]
    assert "受理" in offered
    assert not {"延期", "中止", "结案"} & set(offered)
    rt = registry.get(ReconsiderationCase)
    # the step's page sends the clerk back to the record
    step = client.get(page_url(rt, "move", case.pk, "extend"))
    assert step.status_code == 302 and step.url == record_url(case)


def test_a_deemed_case_is_extended_and_decided(client, clerk, county):
    """A case shown as 视为受理（审理中）, its stored status still 收到申请: 延期 and 结案 are
    offered and taken, the deemed acceptance recorded first."""
    received = TODAY - dt.timedelta(days=30)
    case = _receive(clerk, county, received)
    assert case.status == Status.RECEIVED and case.is_deemed_accepted(TODAY)
    due = case.acceptance_due
    client.force_login(clerk)
    rt = registry.get(ReconsiderationCase)
    offered = [m["label"] for m in client.get(record_url(case)).context["moves"]]
    assert "延期" in offered and "结案" in offered

    def take(name, **data):
        return client.post(page_url(rt, "move", case.pk, name), data)

    # dated on the review's last day: still before the deemed acceptance, refused on its field
    early = take(
        "extend", on=due.isoformat(), extension_days=30, extension_approver="局长", text="复杂"
    )
    assert list(early.context["form"].errors) == ["on"]
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    resp = take(
        "extend",
        on=(due + dt.timedelta(days=1)).isoformat(),
        extension_days=30,
        extension_approver="局长",
        text="案情复杂",
    )
    assert resp.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW and case.deemed_accepted
    assert case.accepted_on == due and case.extension_days == 30
    resp = take("close", on=TODAY.isoformat(), close_kind="upheld", summary="维持")
    assert resp.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    events = [e["label"] for e in client.get(record_url(case)).context["events"]]
    assert events == ["视为受理", "延期30日", "结案（维持）"]


def test_a_deemed_case_is_decided_at_once(client, clerk, county):
    case = _receive(clerk, county, TODAY - dt.timedelta(days=30))
    client.force_login(clerk)
    rt = registry.get(ReconsiderationCase)
    resp = client.post(
        page_url(rt, "move", case.pk, "close"),
        {"on": TODAY.isoformat(), "close_kind": "upheld", "summary": "维持"},
    )
    assert resp.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.deemed_accepted
