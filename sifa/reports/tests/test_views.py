"""Report centre: preview links, drill-down count = figure (scoped), issuing frozen, checks."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from sifa.core.indicators import registry
from sifa.reports import engine, services
from sifa.reports.models import IssuedReport

from .factories import activity

Y0, Y1 = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
Q = {"start": "2022-01-01", "end": "2022-12-31"}


@pytest.fixture
def records(county, township_a, township_b, village_a, village_b):
    activity("rulelaw_inspection", dt.date(2022, 1, 1), county)
    activity("rulelaw_inspection", dt.date(2022, 12, 31), village_a)
    activity("rulelaw_inspection", dt.date(2022, 7, 1), township_b)
    activity("rulelaw_inspection", dt.date(2023, 1, 1), village_a)
    activity("lecture", dt.date(2022, 5, 1), village_b, consultations=300)
    return county


def login(client, user):
    client.force_login(user)
    return client


def test_login_required(client, records):
    resp = client.get(reverse("reports:preview"), Q)
    assert resp.status_code == 302 and "login" in resp["Location"]


def test_preview_links_every_figure_to_its_list(client, records, bureau_leader):
    resp = login(client, bureau_leader).get(reverse("reports:preview"), Q)
    assert resp.status_code == 200
    html = resp.content.decode()
    # the leader's figures are his county's (core.access.user_region), so the links name it
    url = services.drilldown_url("rulelaw.inspections", Y0, Y1, bureau_leader.region)
    assert f'法治督察<a class="figure" href="{url.replace("&", "&amp;")}">3</a>次' in html
    links = set(re.findall(r'href="/reports/figures/([\w.]+)/', html))
    public = {fid for fid, ind in registry().items() if not ind.internal and ind.kind != "rate"}
    left_out_when_zero = {
        "rulelaw.documents_issued",
        "publicity.campaign_themes",
        "offices.construction_offices",
        "offices.construction_investment_wan",
        "rural.first_secretary_village",
        "reconsideration.pending",
        "reconsideration.rejected",
        "enforcement.officers",
        "team.violations_3y",
        "normdocs.pending",
    }
    assert public - links <= left_out_when_zero
    assert links <= set(registry())


@pytest.mark.parametrize("user_fixture", ["bureau_leader", "township_clerk"])
def test_drilldown_count_equals_figure(client, records, request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    client = login(client, user)
    own = user.region if user.role == "office" else None
    figures = engine.compute(Y0, Y1, own)
    for fid in ("rulelaw.inspections", "publicity.lectures", "org.villages"):
        resp = client.get(reverse("reports:drilldown", args=[fid]), Q)
        assert resp.status_code == 200, fid
        count = int(re.search(r'id="count">(\d+)<', resp.content.decode()).group(1))
        assert count == figures.values[fid], fid
    assert figures.values["rulelaw.inspections"] == (3 if own is None else 1)


def test_drilldown_is_scoped_to_the_reader(client, records, township_a, other_township_clerk):
    """A clerk of township B asking for township A's list sees only his own township."""
    client = login(client, other_township_clerk)
    resp = client.get(
        reverse("reports:drilldown", args=["rulelaw.inspections"]), {**Q, "region": township_a.code}
    )
    count = int(re.search(r'id="count">(\d+)<', resp.content.decode()).group(1))
    assert count == 1  # the one in township B, not township A's


def test_every_figure_has_a_drilldown_of_the_same_count(client, records, bureau_leader):
    client = login(client, bureau_leader)
    figures = engine.compute(Y0, Y1, None)
    for fid, ind in registry().items():
        if ind.kind in ("rate", "list", "text"):
            continue
        ind_qs = ind.queryset(Y0, Y1, None)
        resp = client.get(reverse("reports:drilldown", args=[fid]), Q)
        assert resp.status_code == 200, fid
        count = int(re.search(r'id="count">(\d+)<', resp.content.decode()).group(1))
        assert count == ind_qs.count(), fid
        if ind.kind in ("count", "stock"):
            assert count == figures.values[fid], fid


def test_unknown_figure_is_404(client, records, bureau_leader):
    resp = login(client, bureau_leader).get(reverse("reports:drilldown", args=["x.y"]), Q)
    assert resp.status_code == 404


def test_issued_report_is_frozen_after_a_record_edit(client, records, bureau_leader):
    client = login(client, bureau_leader)
    resp = client.post(reverse("reports:issue"), {**Q, "confirm": "1"})
    report = IssuedReport.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse(
        "reports:issued", args=[report.pk]
    )
    assert report.figures["rulelaw.inspections"]["value"] == 3
    assert report.definitions_version == engine.definitions_version()
    file_before = report.file.read()
    activity("rulelaw_inspection", dt.date(2022, 3, 3), records)  # a later edit
    report.refresh_from_db()
    assert report.figures["rulelaw.inspections"]["value"] == 3
    with report.file.open("rb") as f:
        assert f.read() == file_before
    rows = {r["id"]: r for r in services.compare_with_today(report)}
    assert rows["rulelaw.inspections"]["changed"]
    assert (rows["rulelaw.inspections"]["issued"], rows["rulelaw.inspections"]["today"]) == (
        "3次",
        "4次",
    )
    assert not rows["org.villages"]["changed"]
    page = client.get(reverse("reports:issued", args=[report.pk])).content.decode()
    assert "当前数据与签发时有 <strong>1</strong> 项不同" in page
    download = client.get(reverse("reports:issued_file", args=[report.pk]))
    assert b"".join(download.streaming_content) == file_before


def test_only_leaders_issue(client, records, section_clerk):
    resp = login(client, section_clerk).post(reverse("reports:issue"), Q)
    assert resp.status_code == 403
    assert not IssuedReport.objects.exists()


def test_year_over_year(client, records, county, bureau_leader):
    activity("rulelaw_inspection", dt.date(2021, 6, 1), county)
    rows = {r["id"]: r for r in services.year_over_year(Y0, Y1)}
    assert (rows["rulelaw.inspections"]["now"], rows["rulelaw.inspections"]["before"]) == ("3", "1")
    assert rows["rulelaw.inspections"]["change"] == "+2次（+200％）"
    resp = login(client, bureau_leader).get(reverse("reports:yoy"), Q)
    assert resp.status_code == 200 and "法治督察" in resp.content.decode()


def test_downloads(client, records, bureau_leader):
    client = login(client, bureau_leader)
    txt = client.get(reverse("reports:download"), {**Q, "format": "txt", "masked": "1"})
    assert "今年共组织开展法治督察3次" in txt.content.decode()
    docx = client.get(reverse("reports:download"), {**Q, "format": "docx"})
    assert docx.content[:2] == b"PK"


def test_catalogue_lists_every_variable(client, records, bureau_leader):
    html = login(client, bureau_leader).get(reverse("reports:catalogue")).content.decode()
    for fid in registry():
        assert f"F.{fid}" in html
    assert "N.county_full" in html and "plan_items" in html


def test_bad_period_in_the_browser(client, records, bureau_leader):
    resp = login(client, bureau_leader).get(
        reverse("reports:preview"), {"start": "2022-05-01", "end": "2022-01-01"}
    )
    assert resp.status_code == 400
    assert "晚于结束日期" in resp.content.decode()


def test_template_check_page(client, records, bureau_leader):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    doc = Document()
    doc.add_paragraph("法治督察{{r F.rulelaw.inspectionz }}次")
    buf = io.BytesIO()
    doc.save(buf)
    upload = SimpleUploadedFile("t.docx", buf.getvalue())
    resp = login(client, bureau_leader).post(
        reverse("reports:template_check"), {"template": upload}
    )
    assert resp.status_code == 400
    assert "不存在的数据项“rulelaw.inspectionz”" in resp.content.decode()


def test_township_clerk_cannot_open_the_county_issued_report(
    client, records, bureau_leader, township_clerk
):
    login(client, bureau_leader).post(reverse("reports:issue"), {**Q, "confirm": "1"})
    report = IssuedReport.objects.get()
    client.logout()
    resp = login(client, township_clerk).get(reverse("reports:issued", args=[report.pk]))
    assert resp.status_code == 404


@pytest.mark.django_db
def test_drilldown_exports_the_same_records(client, make_user, make_activity, village_a):
    import datetime as dt
    import io

    import openpyxl

    for day in (dt.date(2022, 1, 1), dt.date(2022, 12, 31), dt.date(2023, 1, 1)):
        make_activity("publicity_event", village_a, day)
    client.force_login(make_user("leader"))
    url = "/reports/figures/publicity.events/?year=2022"
    assert "导出为Excel" in client.get(url).content.decode()
    response = client.get(url + "&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert ws.max_row == 1 + 2  # header + the two 2022 events
