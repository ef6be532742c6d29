"""Scenarios of the foundation in a real browser: login, home per role, scoping by URL."""

import datetime as dt

import pytest

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_township_clerk_records_a_lecture_and_another_cannot_open_it(
    page, live_server, township_clerk, other_township_clerk, village_a
):
    from sifa.core.models import Activity

    login(page, live_server, township_clerk.username)
    assert "甲镇" in page.content()
    page.goto(f"{live_server.url}/admin/core/activity/add/")
    page.locator("#id_type").select_option(label="宣讲会")
    page.locator("#id_date").fill("2022-05-10")
    page.locator("#id_region + .select2").click()  # the admin's autocomplete widget
    # Let the list opened by the click finish loading before searching: the test server shares
    # one in-memory SQLite connection between its threads, and two autocomplete requests at
    # once can collide on it (seen once in CI: "cannot start a transaction within a transaction").
    page.wait_for_load_state("networkidle")
    page.locator(".select2-search__field").fill(village_a.name)
    page.locator(".select2-results__option", has_text=village_a.name).click()
    page.locator("#id_title").fill("村民法治宣讲")
    page.locator("#id_quantities").fill('{"attendees": 35}')
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url("**/admin/core/activity/")
    assert "村民法治宣讲" in page.content()
    act = Activity.objects.get(title="村民法治宣讲")
    assert act.date == dt.date(2022, 5, 10) and act.quantities == {"attendees": 35}
    assert page.console_errors == []

    page.context.clear_cookies()
    login(page, live_server, other_township_clerk.username)
    response = page.goto(f"{live_server.url}/admin/core/activity/{act.pk}/change/")
    assert response.status == 404


def test_login_is_keyboard_only_and_wrong_password_is_vague(page, live_server, township_clerk):
    page.goto(f"{live_server.url}/login/")
    page.keyboard.type(township_clerk.username)  # the username field has focus
    page.keyboard.press("Tab")
    page.keyboard.type("wrong-password")
    page.keyboard.press("Enter")
    page.get_by_role("alert").wait_for()
    assert "用户名或密码不正确" in page.get_by_role("alert").inner_text()
    assert page.console_errors == []
