"""The report centre in the browser: 上级查看 reads every figure for a period and region; the
head issues a report only after confirming and, once a record changes, sees only the figures
that changed."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_viewer_reads_the_figures_page(
    page, live_server, viewer, make_activity, village_a, village_b, township_a
):
    for day in (dt.date(2022, 4, 1), dt.date(2022, 8, 8)):
        make_activity("publicity_event", village_a, day)
    make_activity("publicity_event", village_b, dt.date(2022, 5, 5))  # another township
    login(page, live_server, viewer.username)
    page.goto(f"{live_server.url}/dashboard/")  # the viewer's dashboard is the figures page
    expect(page.get_by_role("heading", name="统计数字")).to_be_visible()
    page.get_by_label("年度").fill("2022")
    page.get_by_label("开始").fill("")
    page.get_by_label("结束").fill("")
    page.get_by_label("范围").select_option(township_a.code)
    page.get_by_role("button", name="查询").click()
    row = page.locator("#figures tr", has=page.get_by_text("普法宣传活动", exact=True))
    expect(row.locator("td").nth(1)).to_have_text("2")
    expect(row.locator("td").nth(2)).to_have_text("场次")
    expect(page.locator("#figures a")).to_have_count(0)  # no way into the records
    with page.expect_download() as info:
        page.get_by_role("link", name="下载Excel").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    assert page.console_errors == []


def test_head_confirms_the_issue_and_sees_only_what_changed(
    page, live_server, bureau_leader, make_activity, village_a
):
    for day in (dt.date(2022, 4, 1), dt.date(2022, 8, 8)):
        make_activity("publicity_event", village_a, day)
    login(page, live_server, bureau_leader.username)
    page.goto(f"{live_server.url}/reports/")
    summary = page.locator("#summary-form")
    expect(summary.get_by_label("年度")).to_have_value("2022")  # the latest year with records
    summary.get_by_role("button", name="预览年度工作总结").click()
    page.get_by_role("button", name="签发…").click()
    expect(page.get_by_role("heading", name="确认签发")).to_be_visible()
    expect(page.locator("#frozen")).to_contain_text("统计数字签发时的数值")
    expect(page.locator("#frozen")).to_contain_text("2022年1月1日至2022年12月31日")
    page.get_by_role("button", name="确认签发").click()
    expect(page.locator("#comparison-summary")).to_contain_text("当前数据与签发时一致")
    issued_url = page.url

    with live_server.db_lock:
        make_activity("publicity_event", village_a, dt.date(2022, 9, 9))  # a later record
    page.goto(issued_url)
    expect(page.locator("#comparison-summary")).to_contain_text("有 1 项不同")
    rows = page.locator("#changed-figures tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td")).to_have_text(
        ["普法宣传活动", "2场次", "3场次", "+1场次（+50％）"]
    )
    assert page.console_errors == []
