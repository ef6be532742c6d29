"""A list action in the browser, at 1366×768: the rule-of-law clerk ticks two 法律明白人 on
the list, takes them through 办理退出 on the action's page, reads the message, and opens the
coverage page, where the village whose only 法律明白人 left counts as without one."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from .conftest import OUTPUT, login

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date.today()
SINCE = TODAY - dt.timedelta(days=400)
LEFT_ON = TODAY - dt.timedelta(days=1)


def test_rulelaw_clerk_lets_two_people_leave_and_opens_the_coverage(
    page, live_server, make_user, village_a, village_b
):
    from sifa.rulelaw.models import LegalLiterate, LiteracyStatus

    first = LegalLiterate.objects.create(region=village_a, name="甲村张明", since=SINCE)
    second = LegalLiterate.objects.create(region=village_b, name="乙村李华", since=SINCE)
    stays = LegalLiterate.objects.create(region=village_a, name="甲村王强", since=SINCE)
    clerk = make_user("section", lines=["rulelaw"])

    login(page, live_server, clerk.username)
    page.goto(f"{live_server.url}/records/rulelaw/legalliterate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("法律明白人")
    rows = page.locator("table.ws-list tbody tr")
    expect(rows).to_have_count(3)
    page.get_by_label("选择“甲村张明”").check()
    page.get_by_label("选择“乙村李华”").check()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "list_actions_chosen.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="办理退出（勾选的记录）").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("办理退出")
    chosen = page.locator("ul.ws-chosen li")
    expect(chosen).to_have_count(2)
    expect(chosen).to_contain_text(["甲村张明", "乙村李华"])
    page.get_by_label("退出日期").fill(LEFT_ON.isoformat())
    page.get_by_label("备注（退出原因）").fill("外出务工")
    page.screenshot(path=str(OUTPUT / "list_actions_form.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="确认办理“办理退出”").click()

    expect(page.locator(".messages")).to_contain_text("已办理退出 2 名法律明白人")
    expect(page.get_by_role("heading", level=1)).to_have_text("法律明白人")
    with live_server.db_lock:  # the browser may still be fetching the page's resources
        states = {p.pk: (p.status, p.left_on) for p in LegalLiterate.objects.filter(pk__gt=0)}
    assert states[first.pk] == (LiteracyStatus.LEFT, LEFT_ON)
    assert states[second.pk] == (LiteracyStatus.LEFT, LEFT_ON)
    assert states[stays.pk] == (LiteracyStatus.ACTIVE, None)

    with page.expect_navigation():
        page.get_by_role("link", name="法律明白人覆盖情况").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("法律明白人覆盖情况")
    # today: village A keeps 王强, village B's only person left
    row_a = page.locator("table.coverage tbody tr", has_text=village_a.name)
    row_b = page.locator("table.coverage tbody tr", has_text=village_b.name)
    expect(row_a).to_contain_text("甲村王强")
    expect(row_b).to_contain_text("尚无")
    expect(page.locator("#coverage-summary")).to_contain_text("已有法律明白人的 1 个")
    page.screenshot(path=str(OUTPUT / "list_actions_coverage.png"), full_page=True)
    with page.expect_navigation():
        row_a.get_by_role("link", name="甲村王强").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("甲村王强")
    assert page.console_errors == []
