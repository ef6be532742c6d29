"""The correction clerk of a township opens a subject's file from the list of subjects and
records a visit on it; a clerk of another township can reach neither the file nor its form."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from .conftest import OUTPUT, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_clerk_opens_a_file_from_the_list_and_records_supervision(
    page, live_server, township_clerk, other_township_clerk, township_a
):
    from sifa.correction.models import SupervisionEvent
    from sifa.correction.tests.helpers import subject

    today = dt.date.today()
    received = today - dt.timedelta(days=30)
    adult = subject(township_a, name="甲镇矫正对象", judged=received, received=received)
    minor = subject(
        township_a,
        name="甲镇未成年对象",
        birth=dt.date(today.year - 16, 1, 1),
        judged=received,
        received=received,
    )

    login(page, live_server, township_clerk.username)
    page.goto(f"{live_server.url}/correction/subjects/")
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="甲镇未成年对象").locator(".badge.sealed")).to_have_text("封存")

    page.get_by_role("link", name="甲镇未成年对象").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("社区矫正对象档案：甲镇未成年对象")
    expect(page.locator(".notice.sealed")).to_contain_text("已依法封存")
    page.get_by_role("link", name="记录监督管理").click()

    page.get_by_label("监督管理方式").select_option(label="走访（实地查访）")
    page.get_by_label("日期").fill(today.isoformat())
    page.get_by_label("情况").fill("到家中走访，情况正常")
    page.get_by_role("button", name="保存").click()

    expect(page.locator(".messages")).to_contain_text("已记录走访（实地查访）")
    visits = page.locator("#supervisionevent table.list tbody tr")
    expect(visits).to_have_count(1)
    expect(visits.first).to_contain_text("到家中走访，情况正常")
    with live_server.db_lock:  # the browser may still be fetching the page's resources
        event = SupervisionEvent.objects.get(subject=minor)
    assert (event.kind, event.date, event.created_by_id) == ("visit", today, township_clerk.pk)
    assert page.console_errors == []
    OUTPUT.mkdir(parents=True, exist_ok=True)  # the file as the clerk sees it (the end is 404s)
    page.screenshot(path=str(OUTPUT / "correction_file_after_supervision.png"), full_page=True)

    page.context.clear_cookies()
    login(page, live_server, other_township_clerk.username)
    for s in (adult, minor):
        assert page.goto(f"{live_server.url}/correction/subjects/{s.pk}/").status == 404
        assert (
            page.goto(f"{live_server.url}/correction/subjects/{s.pk}/supervision/new/").status
            == 404
        )
    page.goto(f"{live_server.url}/correction/subjects/")
    expect(page.locator("#count")).to_have_text("0")
