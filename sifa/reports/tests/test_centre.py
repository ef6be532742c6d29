"""The report centre as the staff use it: the year it opens on, the township's own report,
issuing after a confirmation, the comparison of what changed, the data checks' wording."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from .factories import activity

pytestmark = pytest.mark.django_db


def test_centre_and_dashboard_open_on_the_latest_year_with_records(
    client, county, village_a, bureau_leader
):
    # The demo: records up to 2022, none this year. Both pages open on 2022, not this year.
    activity("publicity_event", dt.date(2021, 5, 1), village_a)
    activity("publicity_event", dt.date(2022, 5, 1), village_a)
    client.force_login(bureau_leader)
    assert client.get(reverse("reports:centre")).context["year"] == 2022
    assert client.get(reverse("workbench:dashboard")).context["year"] == 2022


def test_the_latest_year_counts_records_of_every_line(client, county, village_a, bureau_leader):
    from sifa.team.models import Incident

    activity("publicity_event", dt.date(2021, 5, 1), village_a)
    # Only a team record in 2022 (not an activity): the year still is 2022.
    Incident.objects.create(
        region=county, kind="misconduct", occurred_on=dt.date(2022, 3, 1), description="x"
    )
    client.force_login(bureau_leader)
    assert client.get(reverse("reports:centre")).context["year"] == 2022
    assert client.get(reverse("workbench:dashboard")).context["year"] == 2022


def test_a_record_dated_after_today_does_not_move_the_year(client, county, village_a):
    from sifa.reports.latest import latest_record_year

    activity("publicity_event", dt.date(2021, 5, 1), village_a)
    activity("publicity_event", dt.date(2024, 5, 1), village_a)
    assert latest_record_year(today=dt.date(2023, 6, 1)) == 2021


def test_a_record_of_this_year_opens_this_year_in_one_statement(
    county, village_a, django_assert_num_queries
):
    from sifa.reports.latest import latest_record_year

    activity("publicity_event", dt.date(2021, 5, 1), village_a)
    activity("publicity_event", dt.date(2023, 2, 1), village_a)
    with django_assert_num_queries(1):
        assert latest_record_year(today=dt.date(2023, 6, 1)) == 2023
    with django_assert_num_queries(2):  # none this year: the latest dates are read
        assert latest_record_year(today=dt.date(2024, 6, 1)) == 2023


def test_a_year_asked_for_is_kept(client, county, village_a, bureau_leader):
    activity("publicity_event", dt.date(2022, 5, 1), village_a)
    client.force_login(bureau_leader)
    assert client.get(reverse("reports:centre"), {"year": "2021"}).context["year"] == 2021


Q = {"start": "2022-01-01", "end": "2022-12-31"}


def test_issuing_asks_for_confirmation_and_names_what_is_frozen(client, county, bureau_leader):
    from sifa.reports.models import IssuedReport

    activity("rulelaw_inspection", dt.date(2022, 3, 1), county)
    client.force_login(bureau_leader)
    resp = client.post(reverse("reports:issue"), {**Q, "note": "报县委"})
    assert resp.status_code == 200 and not IssuedReport.objects.exists()
    frozen = resp.content.decode()
    for words in (
        "确认签发",
        "2022年1月1日至2022年12月31日",
        "统计数字签发时的数值",
        "指标定义版本",
    ):
        assert words in frozen
    assert 'name="confirm" value="1"' in frozen and 'value="报县委"' in frozen
    resp = client.post(reverse("reports:issue"), {**Q, "note": "报县委", "confirm": "1"})
    report = IssuedReport.objects.get()
    assert resp.status_code == 302 and report.note == "报县委"


def test_a_clerk_gets_no_confirmation_page(client, county, section_clerk):
    client.force_login(section_clerk)
    assert client.post(reverse("reports:issue"), Q).status_code == 403


def test_comparison_lists_only_what_changed_in_its_own_format(client, county, bureau_leader):
    from sifa.reports import services

    for day in (dt.date(2022, 3, 1), dt.date(2022, 4, 1)):
        activity("rulelaw_inspection", day, county)
    activity("lecture", dt.date(2022, 5, 1), county, consultations=12_100)
    client.force_login(bureau_leader)
    client.post(reverse("reports:issue"), {**Q, "confirm": "1"})
    from sifa.reports.models import IssuedReport

    report = IssuedReport.objects.get()
    activity("rulelaw_inspection", dt.date(2022, 6, 1), county)  # 2 → 3 inspections
    # 12100 → 12105 consultations: printed "12000余" both times (format yu), not a change
    activity("lecture", dt.date(2022, 7, 1), county, consultations=5)
    rows = {r["id"]: r for r in services.compare_with_today(report)}
    assert rows["rulelaw.inspections"]["changed"]
    assert (rows["rulelaw.inspections"]["issued"], rows["rulelaw.inspections"]["today"]) == (
        "2次",
        "3次",
    )
    assert rows["rulelaw.inspections"]["change"] == "+1次（+50％）"
    consult = rows["publicity.consultations"]
    assert not consult["changed"] and consult["moved"]
    page = client.get(reverse("reports:issued", args=[report.pk]))
    listed = [r["id"] for r in page.context["rows"]]
    # the lectures count itself went 1 → 2: every listed row really prints differently
    assert set(listed) == {r["id"] for r in rows.values() if r["issued"] != r["today"]}
    assert "rulelaw.inspections" in listed and "publicity.consultations" not in listed
    assert all(r["issued"] != r["today"] for r in page.context["rows"])
    assert "按报告的写法" in page.content.decode()


def test_data_checks_read_in_chinese(client, county, bureau_leader):
    import re

    client.force_login(bureau_leader)
    html = client.get(reverse("reports:preview"), Q).content.decode()
    checks = re.search(r"<details[^>]*><summary>数据勾稽关系检查.*?</details>", html, re.S).group(0)
    assert "审核规范性文件 = 发布规范性文件 + 尚在讨论中的规范性文件" in checks
    assert not re.search(r"[a-z_]+\.[a-z_]+", checks), checks


def test_the_viewer_reads_every_figure_without_records(client, county, village_a, viewer):
    from sifa.core.indicators import registry

    for day in (dt.date(2022, 2, 1), dt.date(2022, 9, 1)):
        activity("publicity_event", day, village_a, consultations=7)
    activity("publicity_event", dt.date(2023, 1, 1), village_a)  # outside the year
    client.force_login(viewer)
    assert client.get(reverse("workbench:dashboard"))["Location"] == reverse("reports:figures")
    resp = client.get(reverse("reports:figures"), {"year": "2022"})
    assert resp.status_code == 200
    rows = {r["label"]: r for r in resp.context["rows"]}
    assert rows["普法宣传活动"]["text"] == "2" and rows["普法宣传活动"]["unit"] == "场次"
    public = [ind for ind in registry().values() if not ind.internal]
    assert len(resp.context["rows"]) == len(public)
    html = resp.content.decode()
    assert "/reports/figures/" not in html  # no drill-down into records
    assert client.get(reverse("reports:drilldown", args=["publicity.events"]), Q).status_code == 403


def test_the_figures_download_as_xlsx(client, county, village_a, viewer):
    import io

    from openpyxl import load_workbook

    activity("publicity_event", dt.date(2022, 2, 1), village_a)
    client.force_login(viewer)
    resp = client.get(reverse("reports:figures"), {"year": "2022", "format": "xlsx"})
    assert resp.status_code == 200 and "spreadsheetml" in resp["Content-Type"]
    ws = load_workbook(io.BytesIO(resp.content)).active
    values = {row[0]: (row[1], row[2]) for row in ws.iter_rows(min_row=3, values_only=True)}
    assert values["普法宣传活动"] == ("1", "场次")


def test_the_figures_of_one_township(client, county, village_a, village_b, township_a, viewer):
    activity("publicity_event", dt.date(2022, 2, 1), village_a)
    activity("publicity_event", dt.date(2022, 2, 1), village_b)
    client.force_login(viewer)
    resp = client.get(reverse("reports:figures"), {"year": "2022", "region": township_a.code})
    assert {r["label"]: r["text"] for r in resp.context["rows"]}["普法宣传活动"] == "1"


def test_administrators_do_not_read_figures(admin_user, viewer):
    from sifa.reports.views import can_read_figures

    assert not can_read_figures(admin_user) and can_read_figures(viewer)


def test_menus(rf, viewer, bureau_leader, admin_user):
    from django.apps import apps

    def labels(user):
        request = rf.get("/")
        request.user = user
        return [
            i["label"]
            for app in ("reports", "workbench")
            for i in apps.get_app_config(app).menu_items(request)
        ]

    assert labels(viewer) == ["统计数字"]
    assert set(labels(bureau_leader)) == {"统计数字", "报告中心", "数据看板"}
    assert labels(admin_user) == []


COUNTY_WORDS = ("我局", "全县", "行政复议", "法律援助", "公证", "县委、县政府")


def test_a_township_report_is_written_in_the_townships_words(
    client, county, township_a, village_a, village_b, bureau_leader
):
    for day in (dt.date(2022, 2, 1), dt.date(2022, 9, 1)):
        activity("publicity_event", day, village_a)
    activity("publicity_event", dt.date(2022, 3, 1), village_b)  # the other township's
    client.force_login(bureau_leader)
    resp = client.get(reverse("reports:preview"), {**Q, "region": township_a.code})
    body = resp.context["body"]
    assert "甲镇司法所2022年度工作总结" in body
    assert "本所" in body and "全镇" in body
    assert ">2</a>场次" in body  # its own records only
    for words in COUNTY_WORDS:
        assert words not in body, words
    # no mediation or correction records: those sentences are left out, not "0件"
    assert "矛盾纠纷" not in body and "社区矫正对象" not in body and "0件" not in body


def test_a_street_office_says_全街道(county, township_b):
    from sifa.reports.data import Period, build_report

    from .factories import synthetic_figures

    data = build_report(
        Period(dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        township_b,
        synthetic_figures({"publicity.events": 1}),
        None,
        [],
    )
    assert (data.names.office, data.names.whole) == ("乙街道司法所", "全街道")


def test_the_township_word_file_and_issued_title(
    client, county, township_a, village_a, bureau_leader
):
    from sifa.reports.models import IssuedReport

    activity("publicity_event", dt.date(2022, 2, 1), village_a)
    client.force_login(bureau_leader)
    resp = client.get(
        reverse("reports:download"), {**Q, "region": township_a.code, "format": "docx"}
    )
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(resp.content)).paragraphs)
    assert text.startswith("甲镇司法所2022年度工作总结") and "本所开展普法宣传活动1场次" in text
    assert "我局" not in text and "全县" not in text
    client.post(reverse("reports:issue"), {**Q, "region": township_a.code, "confirm": "1"})
    assert IssuedReport.objects.get().title == "甲镇司法所2022年度工作总结"


def test_the_county_report_keeps_the_countys_words(client, county, village_a, bureau_leader):
    activity("publicity_event", dt.date(2022, 2, 1), village_a)
    client.force_login(bureau_leader)
    body = client.get(reverse("reports:preview"), Q).context["body"]
    assert "我局" in body and "本所" not in body


def test_the_figures_page_costs_the_same_whatever_the_records(
    client, county, village_a, viewer, django_assert_max_num_queries
):
    client.force_login(viewer)
    client.get(reverse("reports:figures"), {"year": "2022"})  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reports:figures"), {"year": "2022"})
    for n in range(30):
        activity("publicity_event", dt.date(2022, 1, 1) + dt.timedelta(days=n), village_a)
    with django_assert_max_num_queries(len(few)):
        resp = client.get(reverse("reports:figures"), {"year": "2022"})
    assert {r["label"]: r["text"] for r in resp.context["rows"]}["普法宣传活动"] == "30"
    assert len(few) <= 25, len(few)
