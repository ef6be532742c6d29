"""人民调解法: a dispute has at least two parties, and a case is not accepted while one of them
refuses mediation (art. 17). The rule is the mediation case's declared child rule
(mediation/records.py); the workspace form, the API, the import and the service each check it."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.api.testing import field_errors
from sifa.core import registry
from sifa.core.errors import RuleViolation
from sifa.dataio.importer import import_workbook
from sifa.dataio.tests.test_bulk_import import cases_book
from sifa.mediation import services
from sifa.mediation.models import CaseParty, MediationCase
from sifa.workspace.links import page_url

from .test_workspace_door import case_form, existing_parties

URL = "/api/mediation/mediationcase/"
TOO_FEW = services.MSG_TOO_FEW_PARTIES
REFUSES = services.MSG_PARTY_REFUSES.format(names="“李四”")


def api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def case_json(committee, parties=None):
    data = {
        "case_number": "调字〔2022〕第7号",
        "committee": committee.pk,
        "region": committee.region_id,
        "received_on": "2022-03-01",
        "dispute_type": "neighbour",
        "amount_yuan": 0,
    }
    if parties is not None:
        data["parties"] = parties
    return data


@pytest.mark.django_db
class TestApi:
    def test_a_case_without_parties_is_refused(self, committee_a, township_clerk):
        resp = api(township_clerk).post(URL, case_json(committee_a), format="json")
        assert resp.status_code == 400, resp.content
        assert field_errors(resp) == {"parties": [TOO_FEW]}
        assert not MediationCase.all_objects.exists()

    def test_one_party_is_refused(self, committee_a, township_clerk):
        body = case_json(committee_a, [{"name": "张三", "kind": "person"}])
        resp = api(township_clerk).post(URL, body, format="json")
        assert resp.status_code == 400
        assert field_errors(resp) == {"parties": [TOO_FEW]}

    def test_a_refusing_party_is_refused(self, committee_a, township_clerk):
        body = case_json(
            committee_a,
            [{"name": "张三"}, {"name": "李四", "refuses_mediation": True}],
        )
        resp = api(township_clerk).post(URL, body, format="json")
        assert resp.status_code == 400
        assert field_errors(resp) == {"parties": [REFUSES]}
        assert not MediationCase.all_objects.exists()

    def test_a_case_with_its_parties_is_written_and_read_back(self, committee_a, township_clerk):
        client = api(township_clerk)
        body = case_json(committee_a, [{"name": "张三"}, {"name": "李四", "phone": "13800000000"}])
        resp = client.post(URL, body, format="json")
        assert resp.status_code == 201, resp.content
        case = MediationCase.objects.get()
        assert case.created_by == township_clerk
        assert sorted(case.parties.values_list("name", flat=True)) == ["张三", "李四"]
        read = client.get(f"{URL}{case.pk}/").json()
        assert sorted(p["name"] for p in read["parties"]) == ["张三", "李四"]

    def test_patch_keeps_parties_unless_sent_and_refuses_too_few(
        self, committee_a, make_case, township_clerk
    ):
        case = make_case(committee_a)
        client = api(township_clerk)
        resp = client.patch(f"{URL}{case.pk}/", {"summary": "改"}, format="json")
        assert resp.status_code == 200
        assert case.parties.count() == 2
        resp = client.patch(f"{URL}{case.pk}/", {"parties": [{"name": "王五"}]}, format="json")
        assert resp.status_code == 400
        assert field_errors(resp) == {"parties": [TOO_FEW]}
        assert sorted(case.parties.values_list("name", flat=True)) == ["张三", "李四"]
        three = [{"name": "王五"}, {"name": "赵六"}, {"name": "钱七"}]
        resp = client.patch(f"{URL}{case.pk}/", {"parties": three}, format="json")
        assert resp.status_code == 200
        assert sorted(case.parties.values_list("name", flat=True)) == ["王五", "赵六", "钱七"]


@pytest.mark.django_db
class TestEntryScreen:
    @pytest.mark.parametrize(
        "parties,message",
        [([("张三", False)], TOO_FEW), ([("张三", False), ("李四", True)], REFUSES)],
    )
    def test_refused_with_the_same_message(
        self, client, committee_a, township_clerk, parties, message
    ):
        client.force_login(township_clerk)
        data = case_form(committee_a, parties=parties)
        resp = client.post(page_url(registry.get(MediationCase), "create"), data)
        assert resp.status_code == 200
        assert resp.content.decode().count(message) == 1  # once, not once per check
        assert not MediationCase.all_objects.exists()

    def test_removing_a_party_below_two_is_refused(
        self, client, committee_a, make_case, township_clerk
    ):
        case = make_case(committee_a)
        client.force_login(township_clerk)
        data = case_form(committee_a, parties=[])
        data.update(existing_parties(case))
        data["parties-1-DELETE"] = "on"
        resp = client.post(page_url(registry.get(MediationCase), "edit", case.pk), data)
        assert resp.status_code == 200
        assert resp.content.decode().count(TOO_FEW) == 1
        assert case.parties.count() == 2


@pytest.mark.django_db
class TestImportAndService:
    def test_import_refuses_a_case_with_one_party(self, committee_a, township_clerk):
        for dry_run in (True, False):
            result = import_workbook(
                cases_book(committee_a, 2, parties_per_case=1),
                user=township_clerk,
                dry_run=dry_run,
            )
            assert [p.message for p in result.problems] == [TOO_FEW, TOO_FEW]
        assert not CaseParty.objects.exists()

    def test_import_accepts_a_case_with_two(self, committee_a, township_clerk):
        result = import_workbook(cases_book(committee_a, 2), user=township_clerk)
        assert result.ok, result.problems
        assert all(c.parties.count() == 2 for c in MediationCase.objects.all())

    def test_the_service_and_the_declaration_agree(self, committee_a, township_clerk):
        rt = registry.get(MediationCase)
        case = MediationCase(committee=committee_a, region=committee_a.region)
        one = [CaseParty(name="张三")]
        assert rt.children_problems(case, {CaseParty: one}, creating=True) == [TOO_FEW]
        with pytest.raises(RuleViolation) as exc:
            services.case_accept(
                committee=committee_a,
                received_on=committee_a.term_start,
                dispute_type="neighbour",
                parties=one,
                user=township_clerk,
            )
        assert exc.value.messages == [TOO_FEW]
