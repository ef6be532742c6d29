"""Under the Content-Security-Policy the pages still work: no violation, no inline handler."""

import pytest

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_year_choice_reloads_the_dashboard_without_inline_handler(page, live_server, bureau_leader):
    login(page, live_server, bureau_leader.username)
    response = page.goto(f"{live_server.url}/dashboard/?year=2022")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("#chart-trend[data-drawn='1']")
    other = page.eval_on_selector(
        "#year", "s => [...s.options].map(o => o.value).find(v => v !== s.value)"
    )
    assert other and other != "2022"
    page.select_option("#year", other)
    page.wait_for_url(f"**/dashboard/?year={other}")
    page.wait_for_selector("#chart-trend[data-drawn='1']")
    assert page.console_errors == []


def test_api_docs_load_under_the_policy(page, live_server):
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info")
    assert page.console_errors == []
