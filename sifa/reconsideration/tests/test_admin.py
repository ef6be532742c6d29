"""Entry screens: lists with deadline states and filters, the detail page, the 办理 page."""

import datetime as dt

import pytest
from django.urls import reverse

from sifa.reconsideration.models import ReconsiderationCase, Status

from .factories import agency, receive

D = dt.date
LIST = "admin:reconsideration_reconsiderationcase_changelist"


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["reconsideration"])


@pytest.fixture
def case(county):
    return receive(county, D(2022, 9, 29))


def test_list_shows_the_deemed_status_and_filters(client, clerk, case):
    client.force_login(clerk)
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    assert "视为受理（审理中）" in response.content.decode()
    for query in ("deadline=overdue", "deadline=ok", "deemed=yes", "status=received"):
        assert client.get(reverse(LIST) + "?" + query).status_code == 200


def test_detail_and_history_pages(client, clerk, case):
    client.force_login(clerk)
    change = reverse("admin:reconsideration_reconsiderationcase_change", args=[case.pk])
    body = client.get(change).content.decode()
    assert "期限计算" in body and "国庆节" in body
    history = reverse("admin:reconsideration_reconsiderationcase_history", args=[case.pk])
    assert client.get(history).status_code == 200


def test_intake_through_the_entry_screen_warns_a_late_application(client, clerk, county):
    client.force_login(clerk)
    response = client.post(
        reverse("admin:reconsideration_reconsiderationcase_add"),
        {
            "region": county.pk,
            "applicant_name": "周某",
            "applicant_type": "citizen",
            "respondent": agency(county).pk,
            "category": "penalty",
            "act_known_on": "2022-01-04",
            "received_on": "2022-03-10",
        },
    )
    assert response.status_code == 302
    created = ReconsiderationCase.objects.get()
    assert created.status == Status.RECEIVED and "申请超过法定申请期限" in created.late_warning


def test_process_page_moves_the_case_and_shows_refusals_on_the_field(client, clerk, county):
    case = receive(county, D(2022, 3, 1))
    client.force_login(clerk)
    url = reverse("admin:reconsideration_reconsiderationcase_process", args=[case.pk])
    refused = client.post(url, {"action": "reject", "on": "2022-03-02", "text": ""})
    assert refused.status_code == 200 and "不予受理须写明理由。" in refused.content.decode()
    moved = client.post(url, {"action": "accept", "on": "2022-03-02", "procedure": "simple"})
    assert moved.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.UNDER_REVIEW and case.procedure == "simple"


def test_other_township_gets_404(client, township_a, other_township_clerk):
    case = receive(township_a, D(2022, 3, 1))
    client.force_login(other_township_clerk)
    change = reverse("admin:reconsideration_reconsiderationcase_change", args=[case.pk])
    assert client.get(change).status_code == 404
    process = reverse("admin:reconsideration_reconsiderationcase_process", args=[case.pk])
    assert client.get(process).status_code == 404
