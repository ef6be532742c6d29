"""The clerks' workspace in the browser, at 1366×768: a township clerk registers a mediation
case with two parties, takes it to 调解成功 with an agreement and finds it again; a section
clerk takes a reconsideration case through 补正, 受理, 延期 and 决定; a clerk of another
township reaches none of it."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date.today()


def take_step(page, label, **fields):
    """Press the step's button on the record page, fill its form, confirm; back on the record
    page with the step done."""
    page.get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(label)
    for name, value in fields.items():
        control = page.get_by_label(name, exact=True)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    with page.expect_navigation():
        page.get_by_role("button", name=f"确认办理“{label}”").click()
    expect(page.locator(".messages")).to_contain_text(f"已办理“{label}”")


def test_township_clerk_registers_moves_and_finds_a_mediation_case(
    page, live_server, township_clerk, other_township_clerk, village_a
):
    from sifa.mediation.models import CaseStatus, MediationCase
    from sifa.mediation.tests.conftest import make_committee

    ours = make_committee(village_a, name="甲1村人民调解委员会")
    make_committee(village_a, name="甲镇人民调解委员会", members=(("丁委员", "M", "chair"),))

    login(page, live_server, township_clerk.username)
    page.locator("details.menu summary", has_text="业务办理").click()
    page.get_by_role("link", name="全部业务").click()
    page.get_by_role("link", name="人民调解案件", exact=True).click()
    page.get_by_role("link", name="登记人民调解案件").click()

    page.get_by_label("调解委员会", exact=True).select_option(label=ours.name)
    mediator = page.get_by_label("调解员", exact=True)
    # only the chosen committee's mediators are offered
    expect(mediator.locator("option")).to_have_count(ours.members.count() + 1)
    mediator.select_option(index=1)
    page.get_by_label("受理日期").fill(TODAY.isoformat())
    page.get_by_label("纠纷类型").select_option(label="邻里纠纷")
    page.get_by_label("涉及金额（元）").fill("3000")
    page.locator("#id_parties-0-name").fill("张三")
    page.locator("#id_parties-1-name").fill("李四")
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已保存")

    take_step(page, "开始调解")
    take_step(page, "调解成功", 调解协议形式="书面协议")
    expect(page.locator(".badge")).to_have_text("调解成功")
    with live_server.db_lock:  # the browser may still be fetching the page's resources
        case = MediationCase.objects.get()
    assert case.status == CaseStatus.SUCCEEDED and case.agreement_form == "written"
    assert sorted(case.parties.values_list("name", flat=True)) == ["张三", "李四"]

    page.get_by_role("link", name="人民调解案件").first.click()
    key = case.case_number or "李四"
    page.get_by_label("查找").fill(key)
    page.get_by_role("button", name="查询").click()
    rows = page.locator("table.ws-list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("调解成功")
    assert page.console_errors == []
    record = page.url

    page.context.clear_cookies()
    login(page, live_server, other_township_clerk.username)
    detail = f"{live_server.url}/records/mediation/mediationcase/{case.pk}/"
    for url in (detail, detail + "edit/", detail + "move/terminate/"):
        assert page.goto(url).status == 404
    page.goto(f"{live_server.url}/records/mediation/mediationcase/?q=李四")
    expect(page.locator("table.ws-list tbody tr")).to_have_text("没有符合条件的记录。")
    assert record


def test_section_clerk_takes_a_reconsideration_case_to_its_decision(
    page, live_server, make_user, county
):
    from sifa.reconsideration.models import ReconsiderationCase, Status
    from sifa.reconsideration.tests.factories import agency

    respondent = agency(county, name="测试县市场监督管理局")
    clerk = make_user("section", lines=["reconsideration"])
    start = TODAY - dt.timedelta(days=20)

    login(page, live_server, clerk.username)
    page.goto(f"{live_server.url}/records/reconsideration/reconsiderationcase/new/")
    page.get_by_label("申请人", exact=True).fill("王某")
    page.get_by_label("申请人类型").select_option(label="公民")
    # the agency is found by typing its name
    page.get_by_label("查找被申请人").fill("市场监督")
    expect(page.get_by_label("被申请人", exact=True)).to_have_value(str(respondent.pk))
    page.get_by_label("案件类别").select_option(label="行政处罚")
    page.get_by_label("被申请复议的行政行为").fill("罚款决定")
    page.get_by_label("知道该行政行为之日").fill((start - dt.timedelta(days=3)).isoformat())
    page.get_by_label("收到申请日期").fill(start.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    expect(page.locator("#ws-dl")).to_be_visible()

    take_step(
        page, "通知补正", 办理日期=(start + dt.timedelta(days=2)).isoformat(), 补正事项="身份证明"
    )
    take_step(page, "收到补正材料", 办理日期=(start + dt.timedelta(days=4)).isoformat())
    take_step(page, "受理", 办理日期=(start + dt.timedelta(days=5)).isoformat())
    take_step(
        page,
        "延期",
        办理日期=(start + dt.timedelta(days=15)).isoformat(),
        延长天数="30",
        延期批准人="局长",
        延期理由="案情复杂",
    )
    take_step(page, "结案", 办理日期=TODAY.isoformat(), 结案方式="维持", 决定要旨="维持原处罚")
    timeline = page.locator("ol.timeline li")
    expect(timeline).to_have_count(5)
    with live_server.db_lock:
        case = ReconsiderationCase.objects.get()
    assert case.status == Status.CLOSED and case.extension_days == 30
    assert page.console_errors == []
