"""Excel in and out: the template, all-or-nothing import, re-import, rollback, export."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from auditlog.models import LogEntry

from sifa.core.audit import full_history, history_rows
from sifa.core.models import Activity
from sifa.dataio import cells
from sifa.dataio.exporter import export_workbook
from sifa.dataio.importer import (
    MSG_NO_ROWS,
    MSG_NOT_XLSX,
    import_workbook,
)
from sifa.dataio.services import batch_rollback
from sifa.dataio.template import template_workbook

D = dt.date(2022, 5, 10)
SHEET = "活动"


def book(rows, *, headers=None, title=SHEET) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers or ["所属区域", "活动类型", "日期", "名称", "参加人数（人）"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def messages(result):
    return [p.message for p in result.problems]


@pytest.fixture
def lectures(make_activity, village_a, village_b):
    return [
        make_activity("lecture", village_a, D, title="甲村宣讲", attendees=30),
        make_activity("publicity_event", village_b, D, title='=HYPERLINK("x")', consultations=5),
    ]


@pytest.mark.django_db
class TestTemplate:
    def test_template_has_a_sheet_per_type_and_a_guide(self, county):
        wb = openpyxl.load_workbook(io.BytesIO(template_workbook()))
        assert wb.sheetnames[0] == "说明"
        assert SHEET in wb.sheetnames
        headers = [c.value for c in wb[SHEET][1]]
        assert {"所属区域", "活动类型", "日期", "名称", "参加人数（人）"} <= set(headers)
        guide = [[c.value for c in row] for row in wb["说明"].iter_rows(min_row=2)]
        assert any(r[0] == SHEET and r[1] == "日期" and r[3] == "是" for r in guide)

    def test_template_reimports_as_nothing_to_do(self, county, section_clerk):
        """The empty template: one message for the workbook, not one per empty sheet."""
        result = import_workbook(template_workbook(), user=section_clerk)
        assert messages(result) == [MSG_NO_ROWS]

    def test_empty_sheets_of_the_template_are_skipped(self, county, section_clerk, village_a):
        """A clerk fills one sheet of the whole template and leaves the other sheets empty."""
        wb = openpyxl.load_workbook(io.BytesIO(template_workbook()))
        ws = wb[SHEET]
        headers = [c.value for c in ws[1]]
        row = dict.fromkeys(headers)
        row.update(
            {"所属区域": village_a.code, "活动类型": "宣讲会", "日期": "2022-03-01", "名称": "x"}
        )
        ws.append([row[h] for h in headers])
        out = io.BytesIO()
        wb.save(out)
        result = import_workbook(out.getvalue(), user=section_clerk)
        assert result.ok, messages(result)
        assert result.counts["created"] == 1


@pytest.mark.django_db
class TestImport:
    def test_valid_file_is_written_with_history(self, section_clerk, village_a):
        result = import_workbook(
            book([["甲1村", "宣讲会", "2022-03-01", "春季宣讲", 40]]), user=section_clerk
        )
        assert result.ok, result.problems
        act = Activity.objects.get(title="春季宣讲")
        assert act.quantities == {"attendees": 40}
        assert act.region == village_a
        # its creation history is the batch: who, when, which file, the values as imported
        assert not LogEntry.objects.get_for_object(act).exists()
        (entry,) = full_history(act, 10)
        assert entry.actor == section_clerk and entry.action == LogEntry.Action.CREATE
        assert entry.changes["title"] == ["None", "春季宣讲"]
        (row,) = history_rows(act, section_clerk)
        assert row["action"] == "新建" and row["actor"] == str(section_clerk)
        assert "导入文件" in row["note"]
        assert {"field": "名称", "old": "（空）", "new": "春季宣讲"} in row["changes"]
        assert result.batch.counts == {"created": 1, "updated": 0, "unchanged": 0}

    def test_one_bad_row_means_nothing_is_written(self, section_clerk, county):
        data = book(
            [
                ["甲1村", "宣讲会", "2022-03-01", "好行", 40],
                ["甲1村", "宣讲会", "2022-02-30", "坏日期", 40],
                ["甲1村", "宣讲会", "2022-03-02", "坏数字", "四十"],
            ]
        )
        result = import_workbook(data, user=section_clerk)
        assert not result.ok
        assert not Activity.objects.exists()
        where = {(p.row, p.column): p.message for p in result.problems}
        assert where[(3, "日期")] == "日期“2022-02-30”不存在。"
        assert where[(4, "参加人数（人）")] == cells.MSG_INT
        annotated = openpyxl.load_workbook(io.BytesIO(result.annotated))[SHEET]
        assert annotated["C3"].comment is not None and "不存在" in annotated["C3"].comment.text

    def test_reimport_changes_nothing(self, section_clerk, county):
        data = book([["甲1村", "宣讲会", "2022-03-01", "春季宣讲", 40]])
        import_workbook(data, user=section_clerk)
        again = import_workbook(data, user=section_clerk)
        assert again.ok
        assert again.counts == {"created": 0, "updated": 0, "unchanged": 1}
        assert Activity.objects.count() == 1

    def test_township_clerk_cannot_import_into_another_township(self, township_clerk, county):
        result = import_workbook(
            book([["乙1村", "宣讲会", "2022-03-01", "越界", 1]]), user=township_clerk
        )
        assert any("本辖区" in m for m in messages(result))
        assert not Activity.objects.exists()

    def test_model_rules_apply(self, section_clerk, county):
        # 主题宣传活动 needs a theme (the same rule as the entry screen)
        result = import_workbook(
            book([["甲1村", "主题宣传活动", "2022-03-01", "无主题", 1]]), user=section_clerk
        )
        assert "“主题宣传活动”须填写活动主题。" in messages(result)

    def test_rollback_undoes_the_batch(self, section_clerk, county, lectures):
        lecture = lectures[0]
        exported = export_workbook(
            [(Activity, Activity.objects.filter(pk=lecture.pk))], section_clerk
        )
        wb = openpyxl.load_workbook(io.BytesIO(exported))
        ws = wb[SHEET]
        ws.append([c.value for c in ws[2]])  # a copy of the row, then make it new
        headers = [c.value for c in ws[1]]
        ws.cell(row=3, column=headers.index("名称") + 1, value="新增的一场")
        out = io.BytesIO()
        wb.save(out)
        result = import_workbook(out.getvalue(), user=section_clerk)
        assert result.ok, result.problems
        assert result.counts["created"] == 1
        batch_rollback(result.batch, user=section_clerk)
        assert not Activity.objects.filter(title="新增的一场").exists()
        assert Activity.objects.filter(pk=lecture.pk).exists()


@pytest.mark.django_db
class TestBadFiles:
    @pytest.mark.parametrize("data", [b"", b"name,date\n1,2", b"PK\x03\x04 not really a zip"])
    def test_not_a_workbook(self, section_clerk, county, data):
        result = import_workbook(data, user=section_clerk, filename="x.xlsx")
        assert messages(result) == [MSG_NOT_XLSX]

    def test_unknown_sheet(self, section_clerk, county):
        result = import_workbook(book([], title="我的表"), user=section_clerk)
        assert messages(result) == ["未知的工作表“我的表”：工作表名称应与导入模板一致。"]

    def test_renamed_and_missing_columns(self, section_clerk, county):
        data = book(
            [["甲1村", "宣讲会", "2022-03-01", "x"]], headers=["所属区域", "类型", "日期", "名称"]
        )
        got = messages(import_workbook(data, user=section_clerk))
        assert "未知的列“类型”（是否改过列名？请使用导入模板的列名）。" in got
        assert "缺少必填列“活动类型”。" in got

    def test_empty_sheet(self, section_clerk, county):
        wb = openpyxl.Workbook()
        wb.active.title = SHEET
        out = io.BytesIO()
        wb.save(out)
        # a sheet with nothing at all is skipped like any empty sheet: the book has no rows
        assert messages(import_workbook(out.getvalue(), user=section_clerk)) == [MSG_NO_ROWS]

    def test_merged_cells(self, section_clerk, county):
        wb = openpyxl.load_workbook(io.BytesIO(book([["甲1村", "宣讲会", "2022-03-01", "x", 1]])))
        wb[SHEET].merge_cells("A2:B2")
        out = io.BytesIO()
        wb.save(out)
        got = messages(import_workbook(out.getvalue(), user=section_clerk))
        assert got == ["工作表含有合并单元格（A2:B2），请取消合并后再导入。"]

    def test_formula_cell(self, section_clerk, county):
        got = messages(
            import_workbook(
                book([["甲1村", "宣讲会", "2022-03-01", "x", "=1+1"]]), user=section_clerk
            )
        )
        assert got == [cells.MSG_FORMULA]

    def test_huge_cell(self, section_clerk, county):
        got = messages(
            import_workbook(
                book([["甲1村", "宣讲会", "2022-03-01", "长" * 300, 1]]), user=section_clerk
            )
        )
        assert got == ["内容过长（300字），最多200字。"]

    def test_unknown_region(self, section_clerk, county):
        got = messages(
            import_workbook(
                book([["不存在村", "宣讲会", "2022-03-01", "x", 1]]), user=section_clerk
            )
        )
        assert got[0].startswith("找不到行政区域“不存在村”")


@pytest.mark.django_db
class TestExport:
    def test_round_trip_reproduces_records(self, section_clerk, lectures):
        before = sorted(
            Activity.objects.values_list("region_id", "type__code", "date", "title", "quantities")
        )
        data = export_workbook([(Activity, None)], section_clerk)
        Activity.all_objects.all().delete()
        result = import_workbook(data, user=section_clerk)
        assert result.ok, result.problems
        after = sorted(
            Activity.objects.values_list("region_id", "type__code", "date", "title", "quantities")
        )
        assert after == before

    def test_formulas_are_neutralised(self, section_clerk, lectures):
        ws = openpyxl.load_workbook(io.BytesIO(export_workbook([(Activity, None)], section_clerk)))[
            SHEET
        ]
        titles = [
            row[[c.value for c in ws[1]].index("名称")]
            for row in ws.iter_rows(min_row=2, values_only=True)
        ]
        assert '\'=HYPERLINK("x")' in titles

    def test_export_follows_scope(self, township_clerk, lectures):
        ws = openpyxl.load_workbook(
            io.BytesIO(export_workbook([(Activity, None)], township_clerk))
        )[SHEET]
        assert ws.max_row == 2  # header + the clerk's own township's record

    def test_the_workspace_list_exports(self, client, section_clerk, lectures):
        from sifa.core import registry
        from sifa.workspace.links import page_url

        client.force_login(section_clerk)
        response = client.get(page_url(registry.find(Activity), "export"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        ws = openpyxl.load_workbook(io.BytesIO(response.content))[SHEET]
        assert ws.max_row == 3


@pytest.mark.django_db
class TestWebImport:
    def test_upload_reports_problems(self, client, section_clerk, county):
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.force_login(section_clerk)
        upload = SimpleUploadedFile("a.xlsx", book([["甲1村", "宣讲会", "2022-13-01", "x", 1]]))
        page = client.post("/data/import/", {"file": upload}, follow=True).content.decode()
        assert "没有写入任何数据" in page and "不存在" in page, page[page.find("<form") :][:1500]

    def test_upload_non_xlsx_name(self, client, section_clerk, county):
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.force_login(section_clerk)
        page = client.post(
            "/data/import/", {"file": SimpleUploadedFile("a.csv", b"x")}
        ).content.decode()
        assert "只能导入 .xlsx 格式的 Excel 工作簿。" in page


@pytest.mark.django_db
def test_sealed_minors_never_leave_and_ids_are_masked_by_role(make_user, village_a):
    from sifa.correction.models import Subject
    from sifa.correction.tests.helpers import subject

    adult = subject(village_a, name="成年人")
    subject(village_a, name="未成年人", birth=dt.date(2006, 1, 1), judged=dt.date(2022, 3, 1))
    sealed_reader = make_user("section", lines=["correction"], sealed=True)
    ws = openpyxl.load_workbook(io.BytesIO(export_workbook([(Subject, None)], sealed_reader)))
    names = [
        row[[c.value for c in ws.active[1]].index("姓名")]
        for row in ws.active.iter_rows(min_row=2, values_only=True)
    ]
    assert names == ["成年人"]
    ids = [c.value for c in ws.active[2] if isinstance(c.value, str) and c.value.startswith("610")]
    assert adult.id_number in ids  # the correction section sees the full number


@pytest.mark.django_db
class TestBatchesPage:
    """A clerk undoes their own import from the import pages (the admin is closed to them)."""

    def _import(self, user, title="网页导入的一场"):
        result = import_workbook(book([["甲1村", "宣讲会", "2022-03-01", title, 40]]), user=user)
        assert result.ok, result.problems
        return result.batch

    def test_a_clerk_lists_and_undoes_their_own_batch(self, client, section_clerk, village_a):
        from django.urls import reverse

        batch = self._import(section_clerk)
        client.force_login(section_clerk)
        page = client.get(reverse("dataio:batches")).content.decode()
        assert batch.filename in page and "整体撤销" in page
        assert client.get(reverse("dataio:batch_rollback", args=[batch.pk])).status_code == 405
        response = client.post(reverse("dataio:batch_rollback", args=[batch.pk]), follow=True)
        assert "已整体撤销" in response.content.decode()
        assert not Activity.objects.filter(title="网页导入的一场").exists()
        batch.refresh_from_db()
        assert batch.rolled_back_by == section_clerk
        again = client.post(reverse("dataio:batch_rollback", args=[batch.pk]), follow=True)
        assert "未能撤销" in again.content.decode()  # already undone: said so, nothing moves

    def test_another_clerks_batch_is_not_theirs_to_see_or_undo(
        self, client, section_clerk, make_user, village_a
    ):
        from django.urls import reverse

        batch = self._import(section_clerk)
        from sifa.core.lines import Line

        other = make_user("section", lines=Line.values)
        client.force_login(other)
        assert batch.filename not in client.get(reverse("dataio:batches")).content.decode()
        response = client.post(reverse("dataio:batch_rollback", args=[batch.pk]))
        assert response.status_code == 404
        assert Activity.objects.filter(title="网页导入的一场").exists()


def test_import_pages_wear_the_workbench_not_the_admin(client, section_clerk):
    """The import and batches pages are the workbench's (its menu, its look), not the Django
    admin's, and every field of the import form has its label."""
    from django.urls import reverse

    client.force_login(section_clerk)
    for name in ("dataio:import", "dataio:batches"):
        page = client.get(reverse(name)).content.decode()
        assert "sifa/sifa.css" in page and "业务办理" in page
        assert "admin/css" not in page and "Django" not in page and "查看站点" not in page
    page = client.get(reverse("dataio:import")).content.decode()
    for field_id in re.findall(r'<input[^>]+id="(id_[a-z_]+)"', page):
        assert f'for="{field_id}"' in page, field_id
