"""A mediation clerk downloads the mediation template from the import page, fills three cases
(one wrong) with their parties, imports the file, reads the error, fixes it, imports again
and sees the import's progress and result."""

import datetime as dt
import io

import openpyxl
import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def put(ws, row_no: int, values: dict) -> None:
    """Type a row from the top as a clerk does (the template's prepared date cells make
    openpyxl's append() start below them)."""
    for col, header in enumerate((c.value for c in ws[1]), start=1):
        ws.cell(row=row_no, column=col, value=values.get(header))


def fill(path, committee, dispute_of_second: str) -> None:
    wb = openpyxl.load_workbook(path)
    cases, parties = wb["人民调解案件"], wb["当事人"]
    party_row = 2
    for k in (1, 2, 3):
        number = f"调字〔2023〕第{k}号"
        row = {
            "所属区域": committee.region.name,
            "案号": number,
            "调解委员会": committee.name,
            "调解员": "刘佳",  # the name alone: the only 刘佳 of the committee
            "受理日期": dt.date(2023, 3, k),
            "纠纷类型": dispute_of_second if k == 2 else "邻里纠纷",
            "状态": "受理",
        }
        put(cases, k + 1, row)
        for name in ("张", "李"):
            party = {"调解案件": number, "姓名或名称": f"{name}{k}", "当事人类型": "自然人"}
            put(parties, party_row, party)
            party_row += 1
    wb.save(path)


def test_clerk_imports_the_mediation_template(page, live_server, make_user, village_a, tmp_path):
    from sifa.mediation.models import MediationCase
    from sifa.mediation.tests.conftest import make_committee

    committee = make_committee(village_a, members=(("刘佳", "F", "chair"), ("王五", "M", "member")))
    clerk = make_user("section", lines=["mediation"])
    login(page, live_server, clerk.username)
    page.goto(f"{live_server.url}/data/import/")

    with page.expect_download() as download:
        page.locator("#templates").get_by_role("link", name="人民调解案件导入模板").click()
    path = tmp_path / "调解.xlsx"
    download.value.save_as(path)
    sheets = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).sheetnames
    assert [s for s in sheets if s not in ("说明", "选项")] == ["人民调解案件", "当事人"]

    fill(path, committee, dispute_of_second="吵架")
    page.get_by_label("Excel 工作簿（.xlsx）").set_input_files(path)
    page.get_by_role("button", name="校验并导入").click()
    expect(page.get_by_role("alert")).to_contain_text("没有写入任何数据")
    problems = page.locator("#problems")
    expect(problems).to_contain_text("不在可选项中")
    # the wrong case's parties point at its row, not at a missing case
    expect(problems).to_contain_text("所属人民调解案件第3行有错误")
    expect(page.locator("#annotated-link")).to_be_visible()
    with live_server.db_lock:
        assert not MediationCase.all_objects.exists()

    fill_fixed = tmp_path / "调解-改正.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["人民调解案件"]
    column = [c.value for c in ws[1]].index("纠纷类型") + 1
    ws.cell(row=3, column=column, value="邻里纠纷")
    wb.save(fill_fixed)
    page.get_by_label("Excel 工作簿（.xlsx）").set_input_files(fill_fixed)
    page.get_by_role("button", name="校验并导入").click()
    expect(page.get_by_role("status")).to_contain_text("导入完成：新增 9 条，更新 0 条，未变 0 条")
    expect(page.locator("#job-bar")).to_have_attribute("value", "100")
    expect(page.locator("#job-counts")).to_contain_text("已校验 9 行")
    expect(page.locator("#job-counts")).to_contain_text("已写入 9 行")
    expect(page.locator("#recent")).to_contain_text("调解-改正.xlsx")
    with live_server.db_lock:
        assert MediationCase.objects.count() == 3
        assert set(MediationCase.objects.values_list("mediator__name", flat=True)) == {"刘佳"}
    assert page.console_errors == []
