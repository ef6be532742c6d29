"""Scenarios of the foundation in a real browser: login, home per role, scoping by URL."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_township_clerk_records_a_lecture_and_another_cannot_open_it(
    page, live_server, township_clerk, other_township_clerk, village_a
):
    from sifa.core import registry
    from sifa.core.models import Activity
    from sifa.workspace.links import page_url

    login(page, live_server, township_clerk.username)
    assert "甲镇" in page.content()
    rt = registry.get(Activity)
    page.goto(f"{live_server.url}{page_url(rt, 'create')}")
    page.locator("#id_type").select_option(label="宣讲会")
    page.locator("#id_date").fill("2022-05-10")
    region = page.locator("#id_region")
    if region.evaluate("e => e.tagName") == "SELECT":
        region.select_option(label=village_a.name)
    else:  # a search box over the lookup
        region.fill(village_a.name)
    page.locator("#id_title").fill("村民法治宣讲")
    page.locator("#id_quantities").fill('{"attendees": 35}')
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    assert "村民法治宣讲" in page.content()
    with live_server.db_lock:  # the browser may still be fetching the page's resources
        act = Activity.objects.get(title="村民法治宣讲")
    assert act.date == dt.date(2022, 5, 10) and act.quantities == {"attendees": 35}
    assert act.region == village_a
    assert page.url == f"{live_server.url}{page_url(rt, 'detail', act.pk)}"
    assert page.console_errors == []

    page.context.clear_cookies()
    login(page, live_server, other_township_clerk.username)
    response = page.goto(f"{live_server.url}{page_url(rt, 'detail', act.pk)}")
    assert response.status == 404
    # the admin's address of the record leads to the same refusal, never to an admin page
    response = page.goto(f"{live_server.url}/admin/core/activity/{act.pk}/change/")
    assert response.status == 404 and "/admin/" not in page.url


def test_login_is_keyboard_only_and_wrong_password_is_vague(page, live_server, township_clerk):
    page.goto(f"{live_server.url}/login/")
    # the username field has focus (autofocus is applied at a rendering step, which on a busy
    # machine can come after the load event: wait for it before typing blind)
    expect(page.get_by_label("用户名")).to_be_focused()
    page.keyboard.type(township_clerk.username)
    page.keyboard.press("Tab")
    page.keyboard.type("wrong-password")
    page.keyboard.press("Enter")
    page.get_by_role("alert").wait_for()
    assert "用户名或密码不正确" in page.get_by_role("alert").inner_text()
    assert page.console_errors == []
