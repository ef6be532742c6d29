"""The head writes and issues a quarterly 行政应诉情况通报 from the report centre, then sees the
figures that changed once a record changes."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from sifa.core.models import Unit, UnitKind
from sifa.litigation.tests.factories import hearing, lawsuit

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_head_writes_and_issues_a_quarterly_briefing(page, live_server, bureau_leader, county):
    land = Unit.objects.create(name="测试县自然资源局", kind=UnitKind.AGENCY, region=county)
    case = lawsuit(county, dt.date(2022, 8, 1), defendant=land)
    case.outcome, case.outcome_served_on = "j_dismiss", dt.date(2022, 9, 1)
    case.save()
    hearing(case, dt.date(2022, 8, 20))
    lawsuit(county, dt.date(2022, 4, 1), defendant=land)  # the second quarter's

    login(page, live_server, bureau_leader.username)
    page.goto(f"{live_server.url}/reports/")
    form = page.locator("#briefing-litigation")
    expect(form.get_by_label("年度")).to_have_value("2022")
    form.get_by_label("统计期").select_option(label="第三季度")
    form.get_by_label("范围").select_option(county.code)
    form.get_by_role("button", name="预览行政应诉情况通报").click()
    report = page.locator("article.report")
    expect(report.locator("h1")).to_have_text("测试县2022年第三季度行政应诉情况通报")
    expect(report).to_contain_text("共收到行政诉讼案件1件，均为一审案件。")
    expect(report).to_contain_text("从被告机关看，测试县自然资源局1件。")
    expect(report).to_contain_text("行政机关无败诉案件。")
    expect(report).to_contain_text("行政机关负责人出庭应诉1次，出庭应诉率100％。")
    # The agency's figure opens its case.
    report.locator("a[href*='/briefings/litigation/figures/agency.']").click()
    expect(page.locator("#count")).to_have_text("1")
    page.go_back()

    page.get_by_role("button", name="签发…").click()
    expect(page.get_by_role("heading", name="确认签发")).to_be_visible()
    expect(page.locator("#frozen")).to_contain_text("测试县2022年第三季度行政应诉情况通报")
    expect(page.locator("#frozen")).to_contain_text("2022年7月1日至2022年9月30日")
    page.get_by_role("button", name="确认签发").click()
    expect(page.locator("#comparison-summary")).to_contain_text("当前数据与签发时一致")
    issued_url = page.url

    with live_server.db_lock:
        case.outcome = "j_revoke"  # the court revoked the act after all: a loss
        case.save()
    page.goto(issued_url)
    row = page.locator("#changed-figures tr", has=page.get_by_text("行政机关败诉案件", exact=True))
    expect(row.locator("td")).to_have_text(["行政机关败诉案件", "0件", "1件", "+1件"])
    assert page.console_errors == []


def test_head_uploads_the_countys_template_and_writes_a_months_briefing(
    page, live_server, bureau_leader, county, tmp_path
):
    import io

    from docx import Document

    from sifa.reports.docx_template import build

    land = Unit.objects.create(name="测试县自然资源局", kind=UnitKind.AGENCY, region=county)
    lawsuit(county, dt.date(2022, 7, 4), defendant=land)
    lawsuit(county, dt.date(2022, 7, 28), defendant=land)
    lawsuit(county, dt.date(2022, 8, 1), defendant=land)  # August's
    bad, good = tmp_path / "坏模板.docx", tmp_path / "本县模板.docx"
    bad.write_bytes(
        build("{{ N.scope }}收案{{r F.litigation.cases }}件，{{r F.rulelaw.inspections }}")
    )
    good.write_bytes(
        build("#title {{ N.scope }}{{ T.period }}应诉简报\n本月收案{{r F.litigation.cases }}件。")
    )

    login(page, live_server, bureau_leader.username)
    page.goto(f"{live_server.url}/reports/")
    page.locator("#briefing-litigation").get_by_role("link", name="通报模板").click()
    expect(page.locator("#template-in-use")).to_contain_text("使用系统内置模板")
    expect(page.locator("#template-variables")).to_contain_text("F.litigation.loss_rate")
    page.get_by_label("上传本县模板（.docx）").set_input_files(bad)
    page.get_by_role("button", name="检查并保存").click()
    expect(page.locator("#template-result")).to_contain_text("“F.rulelaw.inspections”")
    page.get_by_label("上传本县模板（.docx）").set_input_files(good)
    page.get_by_role("button", name="检查并保存").click()
    expect(page.locator("#template-in-use")).to_contain_text("使用本县上传的模板")

    page.goto(f"{live_server.url}/reports/")
    form = page.locator("#briefing-litigation")
    form.get_by_label("统计期").select_option(label="7月")
    form.get_by_label("范围").select_option(county.code)
    form.get_by_role("button", name="预览行政应诉情况通报").click()
    report = page.locator("article.report")
    expect(report.locator("h1")).to_have_text("测试县2022年7月应诉简报")
    expect(report).to_contain_text("本月收案2件。")
    report.locator("a.figure").first.click()
    expect(page.locator("#count")).to_have_text("2")
    page.go_back()
    with page.expect_download() as info:
        page.locator("#briefing-masked-download").click()
    doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    assert "本月收案*件。" in [p.text for p in doc.paragraphs]
    # The refused upload's page is answered 400 (as the summary's template check): expected.
    assert [e for e in page.console_errors if "status of 400" not in e] == []
