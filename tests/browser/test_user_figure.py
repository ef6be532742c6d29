"""A figure the bureau defines itself, in the browser: the system administrator declares it in
系统管理 (a wrong choice is refused with the field named, then corrected), declares a return
with a column of it, and the bureau's head finds it on the dashboard, in the return, and
behind it the very records it counts."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from .conftest import OUTPUT, login

pytestmark = pytest.mark.django_db(transaction=True)

RETURN = """name: agri_aid
title: 涉农法律援助案件统计表
model: legalaid.AidCase
date_field: assigned_on
unit: 件
rows:
  - by: case_type
    total: 合计
columns:
  - {key: all, label: 法律援助案件}
  - {key: agri_civil, label: 涉农民事案件, figure: u.agri_civil}
"""


@pytest.fixture(autouse=True)
def fresh_registry():
    """The database is flushed after the test (no delete signal): drop the figures it made."""
    from sifa.returns import figures

    yield
    figures._kept[0] = None


@pytest.fixture
def aid_cases(county, township_a):
    """2022: three civil cases of rural people (涉农), one civil case that is not, one criminal
    涉农 case; 2021: one civil 涉农 case."""
    from sifa.core.models import Unit, UnitKind
    from sifa.legalaid.models import AidCase

    centre = Unit.objects.get(kind=UnitKind.LEGAL_AID_CENTRE, region=county)

    def case(region, on, case_type, agri, name):
        return AidCase.objects.create(
            region=region,
            case_type=case_type,
            recipient_name=name,
            handler=centre,
            lawyer="王律师",
            assigned_on=on,
            agri=agri,
        )

    counted = [
        case(county, dt.date(2022, 2, 1), "civil", True, "赵一"),
        case(township_a, dt.date(2022, 5, 9), "civil", True, "钱二"),
        case(county, dt.date(2022, 11, 30), "civil", True, "孙三"),
    ]
    case(county, dt.date(2022, 3, 1), "civil", False, "李四")
    case(county, dt.date(2022, 3, 2), "criminal", True, "周五")
    case(county, dt.date(2021, 12, 31), "civil", True, "吴六")
    return counted


def login_admin(page, live_server, user, password="pw-test-123"):
    """The system administrator signs in with password and authenticator code (两步验证)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="测试", confirmed=True)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/account/verify/**")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("验证码").fill(f"{code:06d}")
    page.get_by_role("button", name="验证", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")


def test_admin_defines_a_figure_that_appears_on_the_dashboard_and_in_a_return(
    page, live_server, admin_user, bureau_leader, aid_cases
):
    login_admin(page, live_server, admin_user)
    page.goto(f"{live_server.url}/admin/returns/figuredefinition/add/")
    page.get_by_label("代号").fill("agri_civil")
    page.get_by_label("名称").fill("涉农民事法律援助案件")
    page.get_by_label("记录类型").select_option("legalaid.AidCase")
    page.get_by_label("统计期依据的日期").fill("assigned_on")
    page.get_by_label("条件").fill("case_type: civl\nagri: true")  # a misspelt choice
    page.get_by_label("统计方式").select_option("count")
    page.get_by_label("单位").fill("件")
    page.get_by_label("说明").fill("农村居民的民事法律援助案件")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".errorlist").first).to_contain_text("“civl”不是案件类别的可选值")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "test_user_figure_form.png"), full_page=True)
    page.get_by_label("条件").fill("case_type: civil\nagri: true")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url("**/admin/returns/figuredefinition/")
    expect(page.locator("#result_list")).to_contain_text("agri_civil")

    page.goto(f"{live_server.url}/admin/returns/returndefinition/add/")
    page.get_by_label("报表代号").fill("agri_aid")
    page.get_by_label("报表定义").fill(RETURN)
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url("**/admin/returns/returndefinition/")
    page.screenshot(path=str(OUTPUT / "test_user_figure_admin.png"), full_page=True)
    page.context.clear_cookies()

    login(page, live_server, bureau_leader.username)
    page.goto(f"{live_server.url}/dashboard/?year=2022")
    panel = page.locator("section", has=page.get_by_role("heading", name="本局自定义指标"))
    row = panel.locator("tr[data-figure='u.agri_civil']")
    expect(row.locator("td").nth(0)).to_have_text("涉农民事法律援助案件")
    expect(row.locator("td").nth(1)).to_have_text("3件")
    expect(row.locator("td").nth(2)).to_have_text("农村居民的民事法律援助案件")
    page.screenshot(path=str(OUTPUT / "test_user_figure_dashboard.png"), full_page=True)

    row.get_by_role("link", name="3").click()
    page.wait_for_url("**/reports/figures/u.agri_civil/**")
    for name in ("赵一", "钱二", "孙三"):
        expect(page.locator("main")).to_contain_text(name)
    for name in ("李四", "周五", "吴六"):
        expect(page.locator("main")).not_to_contain_text(name)

    page.goto(f"{live_server.url}/returns/agri_aid/?year=2022&period=year")
    table = page.locator("#return-table")
    total = table.locator("tr.total")
    expect(total.locator("td.num")).to_have_text(["5", "3"])  # 法律援助案件, 涉农民事案件
    civil = table.locator("tr", has=page.get_by_text("民事", exact=True))
    expect(civil.locator("td.num")).to_have_text(["4", "3"])
    assert page.console_errors == []
