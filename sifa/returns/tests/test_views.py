"""The pages, the .xlsx, the API and the commands of the returns."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from sifa.accounts.testing import login_verified
from sifa.correction.tests.helpers import subject
from sifa.returns import compute, library, xlsx

SEALED = "封存少年甲"
ADULT = "成年人乙"
D = dt.date


@pytest.fixture
def subjects(township_a):
    subject(township_a, name=SEALED, birth=D(2006, 1, 1), is_minor=True, received=D(2022, 4, 1))
    subject(township_a, name=ADULT, received=D(2022, 3, 1))


@pytest.fixture
def correction_clerk(make_user):
    return make_user("section", lines=["correction"])


def test_the_list_shows_the_returns_of_the_readers_lines(client, correction_clerk, county):
    login_verified(client, correction_clerk)
    body = client.get("/returns/?year=2022").content.decode()
    assert "社区矫正对象情况统计表" in body
    assert "人民调解案件情况统计表" not in body


def test_a_return_page_has_merged_headers_and_links_every_cell(
    client, correction_clerk, county, subjects
):
    login_verified(client, correction_clerk)
    resp = client.get(f"/returns/correction/?year=2022&region={county.code}")
    body = resp.content.decode()
    assert resp.status_code == 200
    assert '<th rowspan="2">本期接收</th>' in body
    assert '<th rowspan="5">按矫正类别</th>' in body  # 4 types and their total
    assert "/returns/correction/cells/s0-total/received/?start=2022-01-01" in body
    assert SEALED not in body and ADULT not in body  # a return has numbers, never names
    assert "勾稽关系均成立" in body


def test_a_cell_lists_its_records_but_not_the_sealed_file(client, correction_clerk, subjects):
    login_verified(client, correction_clerk)
    resp = client.get("/returns/correction/cells/s0-total/received/?year=2022")
    body = resp.content.decode()
    assert resp.status_code == 200
    assert ADULT in body
    assert SEALED not in body
    assert 'id="count">1<' in body
    assert 'id="sealed">1<' in body  # counted in the cell (2), said, not listed


def test_another_townships_clerk_gets_his_own_township(
    client, other_township_clerk, subjects, township_b
):
    login_verified(client, other_township_clerk)
    resp = client.get("/returns/api/correction/?year=2022")
    data = resp.json()
    assert data["region"] == township_b.code
    total = next(r for r in data["rows"] if r["key"] == "s0-total")
    assert total["cells"]["received"] == 0
    resp = client.get("/returns/correction/cells/s0-total/received/?year=2022")
    assert ADULT not in resp.content.decode()


def test_an_unknown_cell_or_return_is_not_found(client, correction_clerk, county):
    login_verified(client, correction_clerk)
    assert client.get("/returns/correction/cells/s0-nothing/received/").status_code == 404
    assert client.get("/returns/mediation/").status_code == 404  # not the reader's line
    assert client.get("/returns/nothing/").status_code == 404


def test_a_bad_period_is_told_in_chinese(client, correction_clerk, county):
    login_verified(client, correction_clerk)
    resp = client.get("/returns/correction/?year=2022&period=q5")
    assert resp.status_code == 400
    assert "统计期“q5”不正确" in resp.content.decode()


def test_the_api_lists_and_serves_returns(client, correction_clerk, subjects, county):
    login_verified(client, correction_clerk)
    names = [r["name"] for r in client.get("/returns/api/").json()]
    assert names == ["correction"]
    data = client.get(f"/returns/api/correction/?year=2022&period=q2&region={county.code}").json()
    assert (data["start"], data["end"]) == ("2022-04-01", "2022-06-30")
    total = next(r for r in data["rows"] if r["key"] == "s0-total")
    assert total["cells"]["received"] == 1  # the minor, received in April
    assert total["cells"]["received_minor"] == 1
    assert all(c["holds"] for c in data["checks"])


def test_the_page_costs_a_bounded_number_of_queries(client, correction_clerk, subjects, township_b):
    """The same number of queries whatever the number of records (one statement per return)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_verified(client, correction_clerk)
    client.get("/returns/correction/?year=2022")  # warm the session

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/returns/correction/?year=2022").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(5):
        subject(township_b, name=f"新对象{n}", received=D(2022, 5, 1 + n))
    assert count() == before <= 16


def test_the_xlsx_has_the_forms_layout_and_its_cells_are_the_tables(
    client, correction_clerk, subjects, county, township_a
):
    login_verified(client, correction_clerk)
    resp = client.get(f"/returns/correction/xlsx/?year=2022&region={county.code}")
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.content)).active
    assert ws["A1"].value == "社区矫正对象情况统计表"
    assert ws["A2"].value == "填报单位：测试县司法局"
    assert "统计期：2022年1月1日至2022年12月31日" in [c.value for c in ws[2]]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A4:A5" in merged and "B4:B5" in merged  # 分类, 项目 over both header rows
    assert ws.cell(4, 3).value == "本期接收"
    table = compute.compute(library.get("correction"), D(2022, 1, 1), D(2022, 12, 31), county)
    labels = [c.label for c in table.spec.columns]
    assert [ws.cell(4 if i == 0 else 4, 3 + i).value for i in range(len(labels))] == labels
    rows = {ws.cell(r, 2).value: r for r in range(xlsx.FIRST_DATA_ROW, ws.max_row + 1)}
    for row, values in table.grid():
        if row.section == "按执行地" and not row.total:
            r = rows[row.label]
            assert [ws.cell(r, 3 + j).value for j in range(len(values))] == values
    r = rows[township_a.name]
    assert ws.cell(r, 3).value == 2  # received in township A: both subjects
    footer = [c.value for row in ws.iter_rows(min_row=ws.max_row - 1) for c in row if c.value]
    assert "填报人：" in footer and "审核人：" in footer
    assert any(str(v).startswith("报出日期：") for v in footer)


def test_merged_group_headers_in_the_xlsx(county):
    table = compute.compute(library.get("mediation"), D(2022, 1, 1), D(2022, 12, 31), county)
    ws = load_workbook(io.BytesIO(xlsx.workbook(table))).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    group_col = 3 + [c.key for c in table.spec.columns].index("agreement")
    assert ws.cell(4, group_col).value == "调解协议形式"
    assert ws.cell(5, group_col).value == "小计"
    assert ws.cell(5, group_col + 1).value == "书面协议"
    first, last = ws.cell(4, group_col).coordinate, ws.cell(4, group_col + 2).coordinate
    assert f"{first}:{last}" in merged


def test_the_commands_list_and_write_returns(tmp_path, county, subjects, capsys):
    call_command("returns")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "mediation\t人民调解案件情况统计表"
    assert len(lines) == len(library.all_returns())
    call_command("return", "correction", "--year", "2022", "--json")
    data = json.loads(capsys.readouterr().out)
    total = next(r for r in data["rows"] if r["key"] == "s0-total")
    assert total["cells"]["received"] == 2
    out = tmp_path / "矫正.xlsx"
    call_command("return", "correction", "--year", "2022", "-o", str(out))
    assert load_workbook(out).active["A1"].value == "社区矫正对象情况统计表"


def test_the_command_tells_bad_input_in_chinese(county):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="报表“nothing”不存在"):
        call_command("return", "nothing", "--year", "2022", "--json")
    with pytest.raises(CommandError, match="请用 -o 指定"):
        call_command("return", "correction", "--year", "2022")
    with pytest.raises(CommandError, match="区划代码“123”不存在"):
        call_command("return", "correction", "--year", "2022", "--region", "123", "--json")


def test_menu_item_for_staff_with_lines_and_figures_only_readers(
    rf, correction_clerk, viewer, make_user
):
    from django.apps import apps

    config = apps.get_app_config("returns")
    request = rf.get("/")
    request.user = correction_clerk
    assert config.menu_items(request)[0]["url"] == "/returns/"
    request.user = viewer
    assert config.menu_items(request)[0]["url"] == "/returns/"
    request.user = make_user("admin")
    assert config.menu_items(request) == []


def test_the_viewer_reads_every_return_counted_over_his_region_without_records(
    client, viewer, county, subjects
):
    """上级查看 reads the figures (both subjects received in 2022, the sealed minor counted),
    every line's returns, the .xlsx, but no cell opens records and no name appears."""
    login_verified(client, viewer)
    listing = client.get("/returns/?year=2022").content.decode()
    assert "社区矫正对象情况统计表" in listing and "人民调解案件情况统计表" in listing
    resp = client.get(f"/returns/correction/?year=2022&region={county.code}")
    body = resp.content.decode()
    assert resp.status_code == 200
    assert resp.context["table"].value("s0-total", "received") == 2
    assert "/cells/" not in body
    assert SEALED not in body and ADULT not in body
    cell = client.get("/returns/correction/cells/s0-total/received/?year=2022")
    assert cell.status_code == 403
    assert SEALED not in cell.content.decode() and ADULT not in cell.content.decode()
    xl = client.get(f"/returns/correction/xlsx/?year=2022&region={county.code}")
    assert xl.status_code == 200
    load_workbook(io.BytesIO(xl.content))


def test_a_city_reader_is_held_to_his_city(client, make_user, county, subjects):
    from sifa.core.models import Region

    city = Region.objects.get(code="610900000000")
    reader = make_user("viewer", region=city)
    login_verified(client, reader)
    resp = client.get("/returns/correction/?year=2022&region=610000000000")
    assert resp.status_code == 200
    assert resp.context["region"] == city
    assert "/cells/" not in resp.content.decode()
