"""A township submits its return, the county reviews and locks it; the frozen numbers stay and
their difference from today's records is shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sifa.accounts.testing import login_verified
from sifa.core.errors import RuleViolation
from sifa.correction.tests.helpers import subject
from sifa.returns import library, services
from sifa.returns.models import ReturnSubmission, SubmissionStatus

D = dt.date
Q1 = (D(2022, 1, 1), D(2022, 3, 31))


@pytest.fixture
def office(make_user, township_a):
    return make_user("office", region=township_a)


@pytest.fixture
def county_clerk(make_user):
    return make_user("section", lines=["correction"])


def total(sub, col="received"):
    return next(r for r in sub.data["rows"] if r["key"] == "s0-total")["cells"][col]


def test_township_submits_county_locks_and_the_numbers_stay(
    office, county_clerk, township_a, client
):
    spec = library.get("correction")
    subject(township_a, name="甲", judged=D(2022, 1, 10), received=D(2022, 2, 1))
    sub = services.submission_submit(spec, *Q1, township_a, user=office)
    assert (sub.status, total(sub)) == (SubmissionStatus.SUBMITTED, 1)
    subject(township_a, name="乙", judged=D(2022, 1, 10), received=D(2022, 3, 1))
    sub = services.submission_submit(spec, *Q1, township_a, user=office)  # resubmitted
    assert total(sub) == 2
    assert ReturnSubmission.objects.count() == 1

    with pytest.raises(PermissionDenied):
        services.submission_lock(sub, user=office)  # a township cannot lock its own return
    services.submission_lock(sub, user=county_clerk)
    with pytest.raises(RuleViolation) as exc:
        services.submission_submit(spec, *Q1, township_a, user=office)
    assert exc.value.messages == [services.MSG_LOCKED]

    subject(
        township_a, name="丙", judged=D(2022, 1, 10), received=D(2022, 3, 5)
    )  # entered after the lock
    sub.refresh_from_db()
    assert total(sub) == 2
    login_verified(client, county_clerk)
    body = client.get(f"/returns/submissions/{sub.pk}/").content.decode()
    assert "已审核锁定" in body
    assert "与今日记录不一致的数字" in body
    assert '<td class="num">2</td><td class="num">3</td>' in body


def test_a_township_cannot_submit_for_another(office, township_b):
    with pytest.raises(PermissionDenied):
        services.submission_submit(library.get("correction"), *Q1, township_b, user=office)


def test_submitting_and_locking_through_the_pages(client, office, county_clerk, township_a):
    login_verified(client, office)
    page = client.get("/returns/correction/?year=2022&period=q1").content.decode()
    assert "报送本表" in page
    resp = client.post(
        "/returns/correction/submit/",
        {"start": "2022-01-01", "end": "2022-03-31", "region": township_a.code},
    )
    sub = ReturnSubmission.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/returns/submissions/{sub.pk}/"
    assert "审核通过并锁定" not in client.get(resp["Location"]).content.decode()
    client.logout()
    login_verified(client, county_clerk)
    assert "社区矫正对象情况统计表" in client.get("/returns/submissions/").content.decode()
    client.post(f"/returns/submissions/{sub.pk}/lock/")
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.LOCKED
    assert sub.reviewed_by == county_clerk


def test_another_township_does_not_see_the_submission(
    client, office, other_township_clerk, township_a
):
    sub = services.submission_submit(library.get("correction"), *Q1, township_a, user=office)
    login_verified(client, other_township_clerk)
    assert client.get(f"/returns/submissions/{sub.pk}/").status_code == 404


def test_last_quarter_and_its_due_date():
    assert services.last_quarter(D(2022, 4, 5)) == (D(2022, 1, 1), D(2022, 3, 31), D(2022, 4, 10))
    assert services.last_quarter(D(2023, 2, 1)) == (D(2022, 10, 1), D(2022, 12, 31), D(2023, 1, 10))


def test_what_a_township_owes_is_on_its_home_page_until_submitted(office, township_a, rf):
    from django.apps import apps

    on_time = services.owed(office, D(2022, 4, 5))
    assert {r["spec"].name for r in on_time} >= {"correction", "mediation"}
    assert not any(r["late"] for r in on_time)
    late = services.owed(office, D(2022, 4, 11))
    assert all(r["late"] for r in late)
    services.submission_submit(library.get("correction"), *Q1, township_a, user=office)
    assert "correction" not in {r["spec"].name for r in services.owed(office, D(2022, 4, 11))}
    request = rf.get("/")
    request.user = office
    (panel,) = apps.get_app_config("returns").home_panels(request)
    assert panel["title"] == "待报送的统计报表"


def test_county_staff_owe_nothing(county_clerk):
    assert services.owed(county_clerk, D(2022, 4, 11)) == []
