"""Entry screens of lawsuits and hearings."""

import datetime as dt

import pytest
from django.urls import reverse

from sifa.litigation.models import MSG_LAWYER_ALONE, Hearing

from .factories import lawsuit

D = dt.date


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["litigation"])


def test_lists_and_filters(client, clerk, county):
    lawsuit(county, D(2022, 3, 14))
    client.force_login(clerk)
    url = reverse("admin:litigation_litigationcase_changelist")
    assert "答辩举证" in client.get(url).content.decode()
    assert client.get(url + "?deadline=overdue").status_code == 200
    hearings = reverse("admin:litigation_hearing_changelist")
    assert client.get(hearings + "?head=no").status_code == 200


def test_hearing_entry_refuses_a_lawyer_alone(client, clerk, county):
    case = lawsuit(county, D(2022, 3, 14))
    client.force_login(clerk)
    response = client.post(
        reverse("admin:litigation_hearing_add"),
        {
            "case": case.pk,
            "held_on": "2022-05-10",
            "head_role": "absent",
            "lawyer_names": "周律师",
            "absence_explanation": "出差",
        },
    )
    assert response.status_code == 200
    assert MSG_LAWYER_ALONE in response.content.decode()
    assert not Hearing.objects.exists()


def test_other_township_gets_404(client, township_a, other_township_clerk):
    case = lawsuit(township_a, D(2022, 3, 14))
    client.force_login(other_township_clerk)
    url = reverse("admin:litigation_litigationcase_change", args=[case.pk])
    assert client.get(url).status_code == 404


def test_hearing_entry_with_the_head_present(client, clerk, county):
    case = lawsuit(county, D(2022, 3, 14))
    client.force_login(clerk)
    response = client.post(
        reverse("admin:litigation_hearing_add"),
        {
            "case": case.pk,
            "held_on": "2022-05-10",
            "head_role": "deputy",
            "head_name": "钱某（副县长）",
            "staff_names": "孙某",
        },
    )
    assert response.status_code == 302
    hearing = Hearing.objects.get()
    assert hearing.region_id == case.region_id and hearing.created_by == clerk


def test_detail_explains_the_answer_period(client, clerk, county):
    case = lawsuit(county, D(2022, 9, 20))
    client.force_login(clerk)
    body = client.get(reverse("admin:litigation_litigationcase_change", args=[case.pk]))
    assert "顺延至其后第一个工作日" in body.content.decode()
