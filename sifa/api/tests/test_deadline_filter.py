"""The API's `deadline` filter follows each type's declared deadlines: a deadline counts only
while its step is still to be taken (its done date empty, the record in the statuses where
it runs), the same rule as the workspace lists. A path no route serves answers in the one
error shape too."""

import datetime as dt

import pytest

from sifa.api.tests.test_moves import URL, api
from sifa.mediation import services
from sifa.mediation.models import MediationCase
from sifa.mediation.tests.conftest import make_committee, parties


def _case(committee, received_on):
    return services.case_accept(
        committee=committee,
        received_on=received_on,
        dispute_type="neighbour",
        parties=parties("张三", "李四"),
        user=None,
    )


def _succeed(case, on):
    services.case_start(case, on=case.received_on, user=None)
    return services.case_succeed(case, on=on, agreement_form="written", user=None)


@pytest.mark.django_db
def test_overdue_means_the_confirmation_window_passed_without_an_application(
    village_a, township_clerk
):
    committee = make_committee(village_a)
    lapsed = _succeed(_case(committee, dt.date(2022, 3, 1)), dt.date(2022, 3, 10))
    applied = _succeed(_case(committee, dt.date(2022, 4, 1)), dt.date(2022, 4, 10))
    MediationCase.objects.filter(pk=applied.pk).update(confirmation_applied_on=dt.date(2022, 4, 20))
    still_mediating = _case(committee, dt.date(2022, 5, 1))
    services.case_start(still_mediating, on=dt.date(2022, 5, 1), user=None)
    lapsed.refresh_from_db()
    assert lapsed.confirmation_due_on is not None and lapsed.confirmation_due_on < dt.date.today()

    resp = api(township_clerk).get(URL, {"deadline": "overdue"})
    assert resp.status_code == 200, resp.content
    body = resp.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert {r["id"] for r in rows} == {lapsed.pk}

    ok = api(township_clerk).get(URL, {"deadline": "ok"}).json()
    ok_rows = ok["results"] if isinstance(ok, dict) else ok
    assert {r["id"] for r in ok_rows} == set()


@pytest.mark.django_db
def test_a_bad_deadline_state_is_a_chinese_400(township_clerk):
    resp = api(township_clerk).get(URL, {"deadline": "late"})
    assert resp.status_code == 400
    message = resp.json()["errors"][0]["message"]
    assert "late" in message or "选择" in message or "有效" in message


@pytest.mark.django_db
def test_a_path_no_route_serves_answers_in_the_error_shape(client, township_clerk):
    resp = api(township_clerk).get("/api/no-such-thing/")
    assert resp.status_code == 404
    assert resp["Content-Type"].startswith("application/json")
    [error] = resp.json()["errors"]
    assert error["code"] == "not_found" and "接口" in error["message"]
    # Outside the API the site's own page, not JSON.
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and not page["Content-Type"].startswith("application/json")
