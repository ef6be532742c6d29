"""Case numbers (案号): the system gives each case registered the next number of its county,
line and year, in the bureau's form (测调字〔2022〕第1号), on every door — service, entry form,
API, import; a number typed or imported must have that form and be free."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.apps import apps as django_apps
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.core import casenumbers, registry
from sifa.core.errors import RuleViolation
from sifa.core.models import CaseNumberSequence, CountyProfile, Unit, UnitKind
from sifa.dataio.importer import import_workbook
from sifa.dataio.schema import SheetSpec
from sifa.legalaid import services as legalaid
from sifa.legalaid.models import AidCase
from sifa.litigation import services as litigation
from sifa.mediation import services as mediation
from sifa.mediation.models import CaseParty, MediationCase
from sifa.mediation.tests.conftest import make_committee
from sifa.reconsideration import services as reconsideration
from sifa.workspace.links import page_url

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(village_a):
    return make_committee(village_a)


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["mediation", "reconsideration", "litigation", "legalaid"])


def accept(committee, received_on, **fields) -> MediationCase:
    return mediation.case_accept(
        committee=committee,
        received_on=received_on,
        dispute_type="neighbour",
        parties=[CaseParty(name="张三"), CaseParty(name="李四")],
        user=None,
        **fields,
    )


def agency(county) -> Unit:
    return Unit.objects.filter(kind=UnitKind.AGENCY).first() or Unit.objects.create(
        name="县市场监督管理局", kind=UnitKind.AGENCY, region=county
    )


class TestService:
    def test_cases_are_numbered_in_order_within_their_year_and_restart_next_year(self, committee):
        first = accept(committee, D(2022, 3, 1))
        second = accept(committee, D(2022, 2, 1))  # registered later, numbered later
        next_year = accept(committee, D(2023, 1, 5))
        assert first.case_number == "测调字〔2022〕第1号"
        assert second.case_number == "测调字〔2022〕第2号"
        assert next_year.case_number == "测调字〔2023〕第1号"
        assert str(first) == "测调字〔2022〕第1号"

    def test_the_county_profile_sets_each_lines_prefix(self, county, committee):
        CountyProfile.objects.filter(region=county).update(prefix_mediation="测司调字")
        assert accept(committee, D(2022, 3, 1)).case_number == "测司调字〔2022〕第1号"

    def test_each_line_numbers_its_own_cases(self, county, committee):
        accept(committee, D(2022, 3, 1))
        recon = reconsideration.case_receive(
            user=None,
            region=county,
            applicant_name="王某",
            applicant_type="citizen",
            respondent=agency(county),
            category="penalty",
            received_on=D(2022, 3, 2),
        )
        suit = litigation.case_register(
            user=None,
            region=county,
            court="测试县人民法院",
            plaintiff="赵某",
            defendant=agency(county),
            served_on=D(2022, 4, 1),
        )
        handler = Unit.objects.create(
            name="县法律援助中心", kind=UnitKind.LEGAL_AID_CENTRE, region=county
        )
        aid = legalaid.case_save(
            AidCase(
                region=county,
                case_type="civil",
                recipient_name="钱某",
                handler=handler,
                lawyer="孙律师",
                assigned_on=D(2022, 5, 1),
            ),
            user=None,
        )
        assert recon.case_number == "测复字〔2022〕第1号"
        assert suit.case_number == "测诉字〔2022〕第1号"
        assert str(suit) == "测诉字〔2022〕第1号"
        assert aid.case_number == "测援字〔2022〕第1号"
        assert str(aid) == "测援字〔2022〕第1号"

    def test_an_edit_keeps_the_number(self, committee):
        case = accept(committee, D(2022, 3, 1))
        case.summary = "补充情况"
        mediation.case_save(case, user=None)
        case.refresh_from_db()
        assert case.case_number == "测调字〔2022〕第1号"
        assert CaseNumberSequence.objects.get(year=2022).last == 1

    def test_a_number_typed_in_the_countys_form_moves_the_sequence_past_it(self, committee):
        accept(committee, D(2022, 3, 1), case_number="测调字〔2022〕第40号")
        assert accept(committee, D(2022, 3, 2)).case_number == "测调字〔2022〕第41号"

    def test_a_number_of_another_form_is_refused_in_chinese(self, committee):
        with pytest.raises(RuleViolation) as exc:
            accept(committee, D(2022, 3, 1), case_number="2022-15")
        assert exc.value.message_dict == {
            "case_number": [casenumbers.MSG_FORMAT.format(example="测调字〔2022〕第15号")]
        }
        assert not MediationCase.all_objects.exists()

    def test_a_number_of_another_year_is_refused(self, committee):
        with pytest.raises(RuleViolation) as exc:
            accept(committee, D(2022, 3, 1), case_number="测调字〔2021〕第3号")
        assert exc.value.message_dict == {
            "case_number": [
                casenumbers.MSG_YEAR.format(year=2021, label="受理日期", day="2022年3月1日")
            ]
        }

    def test_a_number_taken_is_refused(self, committee):
        accept(committee, D(2022, 3, 1))
        with pytest.raises(RuleViolation) as exc:
            accept(committee, D(2022, 3, 5), case_number="测调字〔2022〕第1号")
        assert exc.value.message_dict == {"case_number": [casenumbers.MSG_TAKEN]}

    def test_the_sequence_row_is_locked_while_numbering(self, committee, django_assert_num_queries):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            accept(committee, D(2022, 3, 1))
        sequence_reads = [q["sql"] for q in ctx if "core_casenumbersequence" in q["sql"]]
        assert sequence_reads
        if connection.features.has_select_for_update:
            assert any("FOR UPDATE" in sql for sql in sequence_reads)


def case_form(committee, *, case_number: str) -> dict:
    """The workspace's create form of a mediation case received on 2022-03-01, two parties."""
    data = {
        "region": committee.region.parent_id,
        "case_number": case_number,
        "committee": committee.pk,
        "received_on": "2022-03-01",
        "dispute_type": "neighbour",
        "amount_yuan": "1200",
        "summary": "",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "1000",
    }
    for i, name in enumerate(("张三", "李四")):
        data.update({f"parties-{i}-name": name, f"parties-{i}-kind": "person"})
    return data


class TestEntryForm:
    def url(self):
        return page_url(registry.get(MediationCase), "create")

    def test_a_case_entered_without_number_gets_one(self, client, committee, township_clerk):
        client.force_login(township_clerk)
        resp = client.post(self.url(), case_form(committee, case_number=""))
        assert resp.status_code == 302, resp.context["form"].errors
        assert MediationCase.objects.get().case_number == "测调字〔2022〕第1号"

    def test_the_entry_form_does_not_take_a_typed_number(self, client, committee, township_clerk):
        """On the workspace the system gives the number (the API and the import check a typed
        one's form): a number posted with the form is not written."""
        client.force_login(township_clerk)
        resp = client.post(self.url(), case_form(committee, case_number="15"))
        assert resp.status_code == 302, resp.context["form"].errors
        assert MediationCase.objects.get().case_number == "测调字〔2022〕第1号"


class TestApi:
    def client_for(self, user) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    def body(self, committee, **extra):
        return {
            "committee": committee.pk,
            "region": committee.region_id,
            "received_on": "2022-03-01",
            "dispute_type": "neighbour",
            "amount_yuan": 0,
            "parties": [{"name": "张三", "kind": "person"}, {"name": "李四", "kind": "person"}],
            **extra,
        }

    def test_a_case_posted_without_number_gets_one(self, committee, township_clerk):
        resp = self.client_for(township_clerk).post(
            "/api/mediation/mediationcase/", self.body(committee), format="json"
        )
        assert resp.status_code == 201, resp.content
        assert resp.json()["case_number"] == "测调字〔2022〕第1号"

    def test_a_taken_number_is_refused(self, committee, township_clerk):
        accept(committee, D(2022, 2, 1))
        resp = self.client_for(township_clerk).post(
            "/api/mediation/mediationcase/",
            self.body(committee, case_number="测调字〔2022〕第1号"),
            format="json",
        )
        assert resp.status_code == 400
        assert casenumbers.MSG_TAKEN in resp.content.decode()
        assert MediationCase.objects.count() == 1


def book(committee, numbers: list[str | None]) -> bytes:
    spec = SheetSpec(MediationCase)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = spec.title
    ws.append(spec.headers)
    col = {c.name: i for i, c in enumerate(spec.columns)}
    for k, number in enumerate(numbers):
        row = [None] * len(spec.columns)
        row[col["region"]] = committee.region.code
        row[col["case_number"]] = number
        row[col["committee"]] = str(committee)
        row[col["received_on"]] = D(2022, 3, 1) + dt.timedelta(days=k)
        row[col["dispute_type"]] = "邻里纠纷"
        row[col["amount_yuan"]] = 0
        ws.append(row)
    party_spec = SheetSpec(CaseParty)
    party_ws = wb.create_sheet(party_spec.title)
    party_ws.append(party_spec.headers)
    party_col = {c.name: i for i, c in enumerate(party_spec.columns)}
    for number in numbers:
        for name in ("张三", "李四"):
            party = [None] * len(party_spec.columns)
            party[party_col["case"]] = number
            party[party_col["name"]] = name
            party[party_col["kind"]] = "自然人"
            party_ws.append(party)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class TestImport:
    def test_imported_numbers_are_kept_and_the_next_case_follows_them(self, committee, clerk):
        data = book(committee, ["测调字〔2022〕第3号", "测调字〔2022〕第8号"])
        result = import_workbook(data, user=clerk)
        assert result.ok, [(p.row, p.message) for p in result.problems]
        assert sorted(MediationCase.objects.values_list("case_number", flat=True)) == [
            "测调字〔2022〕第3号",
            "测调字〔2022〕第8号",
        ]
        assert accept(committee, D(2022, 6, 1)).case_number == "测调字〔2022〕第9号"

    def test_an_imported_number_of_another_form_gets_the_message(self, committee, clerk):
        result = import_workbook(book(committee, ["第3号"]), user=clerk)
        messages = [p.message for p in result.problems]
        assert casenumbers.MSG_FORMAT.format(example="测调字〔2022〕第15号") in messages
        assert not MediationCase.all_objects.exists()

    def test_an_imported_number_taken_by_another_committee_gets_the_message(
        self, committee, village_b, clerk
    ):
        accept(committee, D(2022, 2, 1))  # the same committee's number would update the case
        other = make_committee(village_b)
        result = import_workbook(book(other, ["测调字〔2022〕第1号"]), user=clerk)
        assert casenumbers.MSG_TAKEN in [p.message for p in result.problems]
        assert MediationCase.objects.count() == 1

    def test_bulk_saved_cases_without_numbers_are_numbered_by_date(self, committee):
        cases = [
            MediationCase(committee=committee, received_on=D(2022, 5, 1), dispute_type="neighbour"),
            MediationCase(committee=committee, received_on=D(2022, 4, 1), dispute_type="neighbour"),
        ]
        mediation.case_import(cases, user=None)
        assert [c.case_number for c in cases] == ["测调字〔2022〕第2号", "测调字〔2022〕第1号"]


def test_existing_cases_are_numbered_by_date_after_the_numbers_they_hold(committee):
    """The data migration: cases entered before numbering get numbers in date order."""
    old = [
        MediationCase(committee=committee, region_id=committee.region_id, received_on=day)
        for day in (D(2022, 5, 1), D(2022, 1, 9), D(2021, 7, 1))
    ]
    kept = MediationCase(
        committee=committee,
        region_id=committee.region_id,
        received_on=D(2022, 3, 1),
        case_number="测调字〔2022〕第5号",
    )
    MediationCase.objects.bulk_create([*old, kept])  # as rows stood before the migration
    casenumbers.number_existing(
        django_apps, "mediation", "MediationCase", "mediation", "received_on"
    )
    numbers = {c.received_on: c.case_number for c in MediationCase.objects.all()}
    assert numbers == {
        D(2021, 7, 1): "测调字〔2021〕第1号",
        D(2022, 1, 9): "测调字〔2022〕第6号",
        D(2022, 3, 1): "测调字〔2022〕第5号",
        D(2022, 5, 1): "测调字〔2022〕第7号",
    }
    assert accept(committee, D(2022, 6, 1)).case_number == "测调字〔2022〕第8号"
