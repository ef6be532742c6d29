"""Excel as the staff use it (issue 14): a template per record type with its child sheets, a
link matched by the name alone where it is unique, a child row told that its parent's row is
wrong, an unchanged re-import counted as unchanged, exports that carry the child tables, and
the import page in the menu of those who may import."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.test import RequestFactory

from sifa.dataio.exporter import export_workbook
from sifa.dataio.importer import import_workbook
from sifa.dataio.schema import SheetSpec
from sifa.mediation.models import CaseParty, CommitteeMember, MediationCase
from sifa.mediation.tests.conftest import make_committee

CASES = SheetSpec(MediationCase).title
PARTIES = SheetSpec(CaseParty).title
NUMBER = "调字〔2023〕第1号"


def case_row(committee, **cells) -> dict:
    """A closed (调解成功) case by its column headers, as a clerk fills the template."""
    row = {
        "所属区域": committee.region.name,
        "案号": NUMBER,
        "调解委员会": str(committee),
        "受理日期": dt.date(2023, 1, 3),
        "纠纷类型": "邻里纠纷",
        "状态": "调解成功",
        "开始调解日期": dt.date(2023, 1, 4),
        "办结日期": dt.date(2023, 1, 10),
        "调解协议形式": "书面协议",
        "调解协议生效日期": dt.date(2023, 1, 10),
    }
    row.update(cells)
    return row


def book(cases: list[dict], parties: list[dict]) -> bytes:
    """A workbook of the mediation template's two sheets, filled by header."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, model, rows in ((CASES, MediationCase, cases), (PARTIES, CaseParty, parties)):
        headers = SheetSpec(model).headers
        ws = wb.create_sheet(title)
        ws.append(headers)
        for row in rows:
            assert set(row) <= set(headers), set(row) - set(headers)
            ws.append([row.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def two_parties(number=NUMBER) -> list[dict]:
    return [
        {"调解案件": number, "姓名或名称": name, "当事人类型": "自然人"}
        for name in ("张三", "李四")
    ]


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


@pytest.fixture
def clerk(make_user):
    return make_user("section", lines=["mediation"])


@pytest.fixture
def committee(village_a):
    return make_committee(village_a, members=(("刘佳", "F", "chair"), ("王五", "M", "member")))


@pytest.mark.django_db
class TestLinksByName:
    def test_a_unique_name_alone_names_the_member(self, clerk, committee):
        result = import_workbook(
            book([case_row(committee, 调解员="刘佳")], two_parties()), user=clerk
        )
        assert result.ok, messages(result)
        case = MediationCase.objects.get()
        assert case.mediator.name == "刘佳" and case.mediator.committee == committee

    def test_the_label_with_the_role_still_names_the_member(self, clerk, committee):
        label = str(committee.members.get(name="刘佳"))
        assert label != "刘佳"  # the entry screens show the role after the name
        result = import_workbook(
            book([case_row(committee, 调解员=label)], two_parties()), user=clerk
        )
        assert result.ok, messages(result)
        assert MediationCase.objects.get().mediator.name == "刘佳"

    def test_two_equal_names_are_refused_with_the_candidates(self, clerk, committee):
        other = CommitteeMember.objects.create(
            committee=committee, name="刘佳", gender="M", role="member", from_on=dt.date(2021, 1, 1)
        )
        chair = committee.members.get(name="刘佳", role="chair")
        result = import_workbook(
            book([case_row(committee, 调解员="刘佳")], two_parties()), user=clerk
        )
        assert not result.ok
        (problem,) = [p for p in result.problems if p.column == "调解员"]
        assert "有2条调解委员会委员都叫“刘佳”" in problem.message
        assert f"“{chair}”" in problem.message and f"“{other}”" in problem.message
        # written as one of the candidates, the row goes in
        result = import_workbook(
            book([case_row(committee, 调解员=str(other))], two_parties()), user=clerk
        )
        assert result.ok, messages(result)
        assert MediationCase.objects.get().mediator == other


@pytest.mark.django_db
class TestRefusedParent:
    def test_the_parties_of_a_refused_case_name_its_row(self, clerk, committee):
        # the agreement cannot take effect before the case was received
        bad = case_row(committee, 调解协议生效日期=dt.date(2022, 1, 1))
        result = import_workbook(book([bad], two_parties()), user=clerk)
        assert not result.ok
        on_parties = [p for p in result.problems if p.sheet == PARTIES]
        assert [p.row for p in on_parties] == [2, 3]
        for p in on_parties:
            assert p.message.startswith("所属人民调解案件第2行有错误"), p.message
            assert "都没有这条记录" not in p.message
        assert not MediationCase.all_objects.exists()

    def test_a_case_that_exists_nowhere_is_still_said_so(self, clerk, committee):
        result = import_workbook(book([], two_parties("调字〔2023〕第99号")), user=clerk)
        assert any("都没有这条记录" in p.message for p in result.problems), messages(result)


@pytest.mark.django_db
class TestUnchanged:
    def test_a_closed_case_imported_twice_is_unchanged_the_second_time(self, clerk, committee):
        data = book([case_row(committee, 调解员="刘佳")], two_parties())
        first = import_workbook(data, user=clerk)
        assert first.ok and first.counts == {"created": 3, "updated": 0, "unchanged": 0}
        # the save derived the art. 33 deadline, which the file leaves blank
        assert MediationCase.objects.get().confirmation_due_on is not None
        again = import_workbook(data, user=clerk)
        assert again.ok, messages(again)
        assert again.counts == {"created": 0, "updated": 0, "unchanged": 3}

    def test_a_changed_cell_is_still_an_update(self, clerk, committee):
        import_workbook(book([case_row(committee)], two_parties()), user=clerk)
        result = import_workbook(
            book([case_row(committee, 纠纷简要情况="通行纠纷")], two_parties()), user=clerk
        )
        assert result.counts == {"created": 0, "updated": 1, "unchanged": 2}
        assert MediationCase.objects.get().summary == "通行纠纷"


@pytest.mark.django_db
class TestTemplatesAndExports:
    def test_the_mediation_template_has_the_case_and_party_sheets_only(self, client, clerk):
        client.force_login(clerk)
        page = client.get("/data/import/").content.decode()
        url = "/data/template/mediation.mediationcase.xlsx"
        assert f'href="{url}"' in page
        assert "correction." not in page  # a mediation clerk may not import correction files
        response = client.get(url)
        assert response.status_code == 200
        wb = openpyxl.load_workbook(io.BytesIO(response.content))
        assert [n for n in wb.sheetnames if n not in ("说明", "选项")] == [CASES, PARTIES]
        assert client.get("/data/template/correction.subject.xlsx").status_code == 404

    def test_the_filled_type_template_imports(self, client, clerk, committee):
        client.force_login(clerk)
        wb = openpyxl.load_workbook(
            io.BytesIO(client.get("/data/template/mediation.mediationcase.xlsx").content)
        )
        row = case_row(committee, 调解员="刘佳")
        for title, rows in ((CASES, [row]), (PARTIES, two_parties())):
            ws = wb[title]
            headers = [c.value for c in ws[1]]
            for r in rows:
                ws.append([r.get(h) for h in headers])
        out = io.BytesIO()
        wb.save(out)
        result = import_workbook(out.getvalue(), user=clerk)
        assert result.ok, messages(result)
        assert result.counts["created"] == 3

    def test_an_export_of_cases_carries_their_parties_and_reimports_unchanged(
        self, clerk, committee, village_b
    ):
        import_workbook(book([case_row(committee)], two_parties()), user=clerk)
        elsewhere = make_committee(village_b)
        import_workbook(
            book([case_row(elsewhere, 案号="调字〔2023〕第2号")], two_parties("调字〔2023〕第2号")),
            user=clerk,
        )
        one = MediationCase.objects.filter(committee=committee)
        data = export_workbook([(MediationCase, one)], clerk)
        wb = openpyxl.load_workbook(io.BytesIO(data))
        assert wb.sheetnames == [CASES, PARTIES]
        parties = list(wb[PARTIES].iter_rows(min_row=2, values_only=True))
        # only the parties of the exported case
        assert sorted(r[1] for r in parties) == ["张三", "李四"]
        assert {r[0] for r in parties} == {NUMBER}
        result = import_workbook(data, user=clerk)
        assert result.ok, messages(result)
        assert result.counts == {"created": 0, "updated": 0, "unchanged": 3}


@pytest.mark.django_db
class TestMenu:
    def test_the_import_page_is_in_the_menu_of_those_who_may_import(self, clerk, make_user):
        from django.apps import apps

        config = apps.get_app_config("dataio")
        request = RequestFactory().get("/")
        request.user = clerk
        assert config.menu_items(request) == [
            {"label": "数据导入", "url": "/data/import/", "group": "业务办理", "order": 90}
        ]
        for role in ("leader", "viewer"):
            request.user = make_user(role)
            assert config.menu_items(request) == []
