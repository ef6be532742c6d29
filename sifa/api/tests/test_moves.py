"""Moves through the API: the record type's declared steps (registry.Move), with the same
service, refusals and timeline as the entry screen."""

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.core import registry
from sifa.core.workflow import timeline
from sifa.mediation import services
from sifa.mediation.models import MSG_AGREEMENT_REQUIRED, CaseStatus, MediationCase
from sifa.mediation.tests.conftest import make_committee, parties

URL = "/api/mediation/mediationcase/"


def errors(response) -> dict:
    """{field: [messages]} of an answer in the one error shape."""
    out: dict = {}
    for e in response.json()["errors"]:
        out.setdefault(e["field"], []).append(e["message"])
    return out


def api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def case(village_a):
    committee = make_committee(village_a)
    return services.case_accept(
        committee=committee,
        received_on=dt.date(2022, 3, 1),
        dispute_type="neighbour",
        parties=parties("张三", "李四"),
        user=None,
    )


@pytest.mark.django_db
class TestMoves:
    def test_a_record_lists_the_steps_it_can_take_now(self, case, township_clerk):
        data = api(township_clerk).get(f"{URL}{case.pk}/").json()
        assert data["status"] == CaseStatus.ACCEPTED
        assert [m["name"] for m in data["moves"]] == ["start", "terminate"]

    def test_a_step_is_taken_with_the_timeline(self, case, township_clerk):
        resp = api(township_clerk).post(
            f"{URL}{case.pk}/moves/start/", {"on": "2022-03-02"}, format="json"
        )
        assert resp.status_code == 200, resp.content
        assert resp.json()["status"] == CaseStatus.MEDIATING
        case.refresh_from_db()
        assert case.status == CaseStatus.MEDIATING
        assert [e.to_status for e in timeline(case)][-1] == CaseStatus.MEDIATING

    def test_the_cases_own_rule_refuses_with_its_message(self, case, township_clerk):
        client = api(township_clerk)
        client.post(f"{URL}{case.pk}/moves/start/", {"on": "2022-03-02"}, format="json")
        resp = client.post(f"{URL}{case.pk}/moves/succeed/", {"on": "2022-03-05"}, format="json")
        assert resp.status_code == 400
        assert errors(resp) == {"agreement_form": [MSG_AGREEMENT_REQUIRED]}
        assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.MEDIATING

    def test_a_step_not_open_now_is_refused(self, case, township_clerk):
        resp = api(township_clerk).post(
            f"{URL}{case.pk}/moves/succeed/",
            {"on": "2022-03-05", "agreement_form": "oral"},
            format="json",
        )
        assert resp.status_code == 400
        assert errors(resp) == {None: ["此记录现在不能办理“调解成功”。"]}

    def test_bad_input_and_unknown_steps(self, case, township_clerk):
        client = api(township_clerk)
        bad = client.post(f"{URL}{case.pk}/moves/start/", {"on": "2022-13-01"}, format="json")
        assert bad.status_code == 400 and "on" in errors(bad)
        assert client.post(f"{URL}{case.pk}/moves/fly/", {}, format="json").status_code == 404

    def test_scope_and_rights(self, case, other_township_clerk, bureau_leader):
        body = {"on": "2022-03-02"}
        url = f"{URL}{case.pk}/moves/start/"
        assert api(other_township_clerk).post(url, body, format="json").status_code == 404
        assert api(bureau_leader).post(url, body, format="json").status_code == 403
        assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED


def test_every_declared_move_has_an_endpoint(client):
    """A new move is reachable through the API as soon as it is declared."""
    from django.urls import reverse

    for rt in registry.record_types():
        if not rt.moves or rt.model not in registry.record_models():
            continue
        opts = rt.model._meta
        for move in rt.moves:
            url = reverse(f"{opts.app_label}-{opts.model_name}-move-{move.name}", kwargs={"pk": 1})
            assert url.endswith(f"/1/moves/{move.name}/")
