"""调解成功 needs an agreement form, 调解终止 a reason: the same Chinese message (the constants of
sifa.mediation.models.cases, raised by MediationCase.clean) on every door: the service, the
entry screen's move, the REST API and the Excel import."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.api.testing import field_errors
from sifa.core.errors import RuleViolation
from sifa.core.models import CaseEvent
from sifa.dataio.importer import import_workbook
from sifa.dataio.schema import SheetSpec
from sifa.mediation import services
from sifa.mediation.models import (
    MSG_AGREEMENT_REQUIRED,
    MSG_EFFECTIVE_BEFORE_RECEIVED,
    MSG_REASON_REQUIRED,
    CaseStatus,
    MediationCase,
)

D = dt.date

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def api_url(case) -> str:
    return f"/api/mediation/mediationcase/{case.pk}/"


@pytest.fixture
def mediating(committee_a, make_case):
    case = make_case(committee_a)
    services.case_start(case, on=D(2022, 3, 2), user=None)
    return case


def events(case) -> list[str]:
    return list(
        CaseEvent.objects.filter(object_id=case.pk)
        .order_by("pk")
        .values_list("to_status", flat=True)
    )


class TestService:
    def test_success_without_agreement_form_is_refused_on_the_field(self, mediating):
        with pytest.raises(RuleViolation) as exc:
            services.case_succeed(mediating, on=D(2022, 3, 10), agreement_form="", user=None)
        assert exc.value.message_dict == {"agreement_form": [MSG_AGREEMENT_REQUIRED]}
        assert MediationCase.objects.get(pk=mediating.pk).status == CaseStatus.MEDIATING
        assert events(mediating) == [CaseStatus.ACCEPTED, CaseStatus.MEDIATING]

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_termination_without_reason_is_refused_on_the_field(
        self, committee_a, make_case, reason
    ):
        case = make_case(committee_a)
        with pytest.raises(RuleViolation) as exc:
            services.case_terminate(case, on=D(2022, 3, 5), reason=reason, user=None)
        assert exc.value.message_dict == {"termination_reason": [MSG_REASON_REQUIRED]}
        assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED

    def test_the_move_check_gives_the_same_errors_and_saves_nothing(self, mediating):
        with pytest.raises(RuleViolation) as exc:
            services.case_move_check(mediating, CaseStatus.SUCCEEDED, on=D(2022, 3, 10))
        assert exc.value.message_dict == {"agreement_form": [MSG_AGREEMENT_REQUIRED]}
        services.case_move_check(
            mediating, CaseStatus.SUCCEEDED, on=D(2022, 3, 10), agreement_form="oral"
        )
        assert mediating.status == CaseStatus.MEDIATING
        assert MediationCase.objects.get(pk=mediating.pk).status == CaseStatus.MEDIATING


class TestStepPage:
    """The workspace's step pages (the entry door): each rule lands on its field, once."""

    def _post(self, client, case, move, data):
        from sifa.core import registry
        from sifa.workspace.links import page_url

        return client.post(page_url(registry.get(MediationCase), "move", case.pk, move), data)

    def test_success_without_agreement_form_is_a_field_error_not_a_500(
        self, client, mediating, township_clerk
    ):
        client.force_login(township_clerk)
        response = self._post(client, mediating, "succeed", {"on": "2022-03-10"})
        assert response.status_code == 200
        assert response.context["form"].errors["agreement_form"] == [MSG_AGREEMENT_REQUIRED]
        assert MediationCase.objects.get(pk=mediating.pk).status == CaseStatus.MEDIATING

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_termination_without_reason_is_a_field_error_not_a_500(
        self, client, committee_a, make_case, township_clerk, reason
    ):
        case = make_case(committee_a)
        client.force_login(township_clerk)
        response = self._post(client, case, "terminate", {"on": "2022-03-05", "reason": reason})
        assert response.status_code == 200
        assert MSG_REASON_REQUIRED in str(response.context["form"].errors)
        assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED

    def test_other_rules_of_the_moved_case_land_on_their_fields(
        self, client, mediating, township_clerk
    ):
        client.force_login(township_clerk)
        response = self._post(
            client,
            mediating,
            "succeed",
            {
                "on": "2022-03-10",
                "agreement_form": "written",
                "effective_on": "2022-02-01",
            },
        )
        assert response.status_code == 200
        assert MSG_EFFECTIVE_BEFORE_RECEIVED in str(response.context["form"].errors)
        assert MediationCase.objects.get(pk=mediating.pk).status == CaseStatus.MEDIATING

    def test_termination_with_a_reason_goes_through(
        self, client, committee_a, make_case, township_clerk
    ):
        case = make_case(committee_a)
        client.force_login(township_clerk)
        response = self._post(
            client,
            case,
            "terminate",
            {"on": "2022-03-05", "reason": "一方撤回调解申请"},
        )
        assert response.status_code == 302, response.context["form"].errors
        case = MediationCase.objects.get(pk=case.pk)
        assert case.status == CaseStatus.TERMINATED and case.closed_on == D(2022, 3, 5)


class TestApi:
    def test_clearing_the_agreement_of_a_succeeded_case_is_a_400_in_chinese(
        self, committee_a, make_case, make_closed, township_clerk
    ):
        case = make_closed(make_case(committee_a), D(2022, 3, 10))
        response = api(township_clerk).patch(api_url(case), {"agreement_form": ""}, format="json")
        assert response.status_code == 400
        assert field_errors(response) == {"agreement_form": [MSG_AGREEMENT_REQUIRED]}
        assert MediationCase.objects.get(pk=case.pk).agreement_form == "written"

    def test_clearing_the_reason_of_a_terminated_case_is_a_400_in_chinese(
        self, committee_a, make_case, make_closed, township_clerk
    ):
        case = make_closed(make_case(committee_a), D(2022, 3, 10), succeeded=False)
        response = api(township_clerk).patch(
            api_url(case), {"termination_reason": "  "}, format="json"
        )
        assert response.status_code == 400
        assert field_errors(response) == {"termination_reason": [MSG_REASON_REQUIRED]}

    def test_the_api_cannot_move_a_case_around_the_rule(self, mediating, township_clerk):
        response = api(township_clerk).patch(
            api_url(mediating), {"status": "succeeded", "agreement_form": ""}, format="json"
        )
        assert response.status_code == 400  # refused, not ignored: a status changes by a move
        assert "moves" in field_errors(response)["status"][0]
        assert MediationCase.objects.get(pk=mediating.pk).status == CaseStatus.MEDIATING


def case_book(committee, **values) -> bytes:
    spec = SheetSpec(MediationCase)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = spec.title
    ws.append(spec.headers)
    row = {
        "region": committee.region.code,
        "case_number": "调字〔2022〕第7号",
        "committee": str(committee),
        "received_on": D(2022, 3, 1),
        "dispute_type": "邻里纠纷",
        "amount_yuan": 0,
        **values,
    }
    ws.append([row.get(c.name) for c in spec.columns])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class TestImport:
    def test_a_succeeded_row_without_agreement_form_gets_the_message(
        self, committee_a, mediation_clerk
    ):
        data = case_book(
            committee_a,
            status="调解成功",
            started_on=D(2022, 3, 2),
            closed_on=D(2022, 3, 10),
            agreement_effective_on=D(2022, 3, 10),
        )
        result = import_workbook(data, user=mediation_clerk)
        assert [(p.row, p.message) for p in result.problems] == [(2, MSG_AGREEMENT_REQUIRED)]
        assert not MediationCase.objects.exists()

    def test_a_terminated_row_without_reason_gets_the_message(self, committee_a, mediation_clerk):
        data = case_book(committee_a, status="调解终止", closed_on=D(2022, 3, 10))
        result = import_workbook(data, user=mediation_clerk)
        assert [(p.row, p.message) for p in result.problems] == [(2, MSG_REASON_REQUIRED)]
        assert not MediationCase.objects.exists()

    def test_reimporting_a_succeeded_case_without_its_agreement_gets_the_message(
        self, committee_a, make_case, make_closed, mediation_clerk
    ):
        case = make_closed(make_case(committee_a), D(2022, 3, 10))
        case.case_number = "调字〔2022〕第7号"
        services.case_save(case, user=None)
        data = case_book(
            committee_a,
            status="调解成功",
            started_on=D(2022, 3, 1),
            closed_on=D(2022, 3, 10),
            agreement_effective_on=D(2022, 3, 10),
        )
        result = import_workbook(data, user=mediation_clerk)
        assert [(p.row, p.message) for p in result.problems] == [(2, MSG_AGREEMENT_REQUIRED)]
        assert MediationCase.objects.get(pk=case.pk).agreement_form == "written"
