"""Scenarios of the foundation in a real browser: login, home per role, scoping by URL."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def _autocomplete(*, term):
    """A predicate for the admin autocomplete's answer: to a search (a non-empty term) or to
    the opening of the list (term empty or absent)."""

    def match(response):
        url = urlsplit(response.url)
        return (
            url.path.endswith("/admin/autocomplete/")
            and bool(parse_qs(url.query).get("term")) == term
        )

    return match


def test_township_clerk_records_a_lecture_and_another_cannot_open_it(
    page, live_server, township_clerk, other_township_clerk, village_a
):
    from sifa.core.models import Activity

    login(page, live_server, township_clerk.username)
    assert "甲镇" in page.content()
    page.goto(f"{live_server.url}/admin/core/activity/add/")
    page.locator("#id_type").select_option(label="宣讲会")
    page.locator("#id_date").fill("2022-05-10")
    # The admin's autocomplete widget: opening it loads a first page of regions, typing loads
    # the matches. Wait for each answer rather than for "networkidle", which this page had
    # already reached before the click and so would not wait at all.
    with page.expect_response(_autocomplete(term=False)):
        page.locator("#id_region + .select2").click()
    with page.expect_response(_autocomplete(term=True)):
        page.locator(".select2-search__field").fill(village_a.name)
    option = page.locator(".select2-results__option", has_text=village_a.name)
    expect(option).to_have_count(1)
    option.click()
    expect(page.locator("#id_region")).to_have_value(str(village_a.pk))
    page.locator("#id_title").fill("村民法治宣讲")
    page.locator("#id_quantities").fill('{"attendees": 35}')
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url("**/admin/core/activity/")
    assert "村民法治宣讲" in page.content()
    with live_server.db_lock:  # the browser may still be fetching the list's resources
        act = Activity.objects.get(title="村民法治宣讲")
    assert act.date == dt.date(2022, 5, 10) and act.quantities == {"attendees": 35}
    assert page.console_errors == []

    page.context.clear_cookies()
    login(page, live_server, other_township_clerk.username)
    response = page.goto(f"{live_server.url}/admin/core/activity/{act.pk}/change/")
    assert response.status == 404


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
