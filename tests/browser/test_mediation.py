"""A township clerk records a mediation case in the browser and sees the township's figure
change; a clerk of another township cannot reach the case by its URL."""

import datetime as dt

import pytest

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def save_and_continue(page):
    """Press 保存并继续编辑 and wait for the change page it leads to. Waiting for an element
    instead would find it on the page being left (the form has the same fields before and
    after), and the next fill would race the navigation."""
    with page.expect_navigation(url="**/admin/mediation/mediationcase/*/change/"):
        page.get_by_role("button", name="保存并继续编辑").click()
    errors = page.locator(".errornote, .errorlist")
    assert errors.count() == 0, errors.all_inner_texts()


def test_clerk_records_a_case_and_the_figure_changes(
    page, live_server, township_clerk, other_township_clerk, township_a, village_a
):
    from sifa.mediation.models import MediationCase, MediationCommittee

    today = dt.date.today()
    committee = MediationCommittee.objects.create(
        region=village_a,
        name="甲1村人民调解委员会",
        kind="village",
        term_start=today - dt.timedelta(days=400),
        term_end=today + dt.timedelta(days=600),
    )
    figure_url = (
        f"{live_server.url}/reports/figures/mediation.cases/"
        f"?year={today.year}&region={township_a.code}"
    )

    login(page, live_server, township_clerk.username)
    page.goto(figure_url)
    assert "共 0 条记录" in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/admin/mediation/mediationcase/add/")
    page.locator("#id_case_number").fill("甲调〔2026〕1号")
    page.locator("#id_committee").select_option(label=committee.name)
    page.locator("#id_received_on").fill(today.isoformat())
    page.locator("#id_dispute_type").select_option(label="邻里纠纷")
    page.locator("#id_amount_yuan").fill("3000")
    page.locator("#id_parties-0-name").fill("张三")
    page.locator("#id_parties-1-name").fill("李四")
    save_and_continue(page)
    with live_server.db_lock:  # the browser may still be fetching the page's resources
        case = MediationCase.objects.get(case_number="甲调〔2026〕1号")

    # the pipeline: 受理 → 调解中 → 调解成功, one move at a time
    page.locator("#id_move_to").select_option(label="调解中")
    page.locator("#id_move_on").fill(today.isoformat())
    save_and_continue(page)
    page.locator("#id_move_to").select_option(label="调解成功")
    page.locator("#id_move_on").fill(today.isoformat())
    page.locator("#id_agreement_form").select_option(label="书面协议")
    save_and_continue(page)
    with live_server.db_lock:
        case.refresh_from_db()
    assert case.status == "succeeded" and case.closed_on == today

    page.goto(figure_url)
    main = page.locator("main").inner_text()
    assert "共 1 条记录" in main and "甲调〔2026〕1号" in main
    assert page.console_errors == []

    page.context.clear_cookies()
    login(page, live_server, other_township_clerk.username)
    assert (
        page.goto(f"{live_server.url}/admin/mediation/mediationcase/{case.pk}/change/").status
        == 404
    )
