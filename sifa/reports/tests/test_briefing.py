"""The 行政应诉情况通报: its numbers and sentences from litigation records built here, its Word
file (links, page numbers), issuing it and the comparison after a record changes."""

import datetime as dt
import io
import shutil

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from sifa.core.models import Unit, UnitKind
from sifa.litigation.tests.factories import hearing, lawsuit
from sifa.reports import briefings

D = dt.date
Q3 = (D(2022, 7, 1), D(2022, 9, 30))


@pytest.fixture
def agencies(county):
    gov = Unit.objects.create(name="测试县住房和城乡建设局", kind=UnitKind.AGENCY, region=county)
    land = Unit.objects.create(name="测试县自然资源局", kind=UnitKind.AGENCY, region=county)
    return gov, land


@pytest.fixture
def records(county, township_a, agencies):
    gov, land = agencies
    # Served in Q3: three first-instance cases against the government, one appeal against
    # the land bureau.
    a = lawsuit(county, D(2022, 7, 4), defendant=gov)
    b = lawsuit(township_a, D(2022, 8, 1), defendant=gov)
    lawsuit(county, D(2022, 9, 30), defendant=gov)
    c = lawsuit(county, D(2022, 8, 15), defendant=land, instance="second")
    # Outside Q3 (served before and after): not received in the quarter.
    before = lawsuit(county, D(2022, 6, 30), defendant=land)
    lawsuit(county, D(2022, 10, 1), defendant=land)
    # Concluded in Q3 (judgment served in the quarter): dismissed, revoked (a loss), and a
    # case received in Q2 withdrawn; one judgment served in Q4 does not count.
    for case, outcome, on in (
        (a, "j_dismiss", D(2022, 9, 1)),
        (c, "j_revoke", D(2022, 9, 20)),
        (before, "r_withdraw", D(2022, 7, 10)),
        (b, "j_illegal", D(2022, 10, 8)),
    ):
        case.outcome, case.outcome_served_on = outcome, on
        case.save()
    # Hearings in Q3: two with a head in court, one without; one in Q2.
    hearing(a, D(2022, 8, 1))
    hearing(c, D(2022, 9, 1), head_role="principal", head_name="吴某（局长）")
    hearing(
        b,
        D(2022, 8, 20),
        head_role="absent",
        head_name="",
        staff_names="孙某",
        absence_explanation="负责人公务外出",
    )
    hearing(before, D(2022, 6, 30))
    return {"a": a, "b": b, "c": c}


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs if p.text.strip()]


def test_the_quarters_figures_come_from_its_records(records, county):
    written = briefings.write(briefings.get("litigation"), *Q3, county)
    v = written.figures.values
    assert v["litigation.cases"] == 4
    assert v["litigation.cases_first"] == 3
    assert v["litigation.cases_second"] == 1
    assert v["litigation.concluded"] == 3
    assert v["litigation.losses"] == 1
    assert written.figures.text("litigation.loss_rate") == "33.3％"
    assert v["litigation.hearings"] == 3
    assert v["litigation.head_appearances"] == 2
    assert written.figures.text("litigation.head_appearance_rate") == "66.7％"


def test_the_word_file_says_it_in_sentences(records, county):
    written = briefings.write(briefings.get("litigation"), *Q3, county)
    text = "\n".join(paragraphs(briefings.render(written, links=False)))
    assert "测试县2022年第三季度行政应诉情况通报" in text
    assert "共收到行政诉讼案件4件，其中一审案件3件、二审案件1件。" in text
    assert "从被告机关看，测试县住房和城乡建设局3件，测试县自然资源局1件。" in text
    assert "再审" not in text  # no retrial: left out
    assert "审结（送达裁判文书）行政诉讼案件3件" in text
    for part in ("判决驳回诉讼请求1件", "判决撤销（含部分撤销）1件", "裁定准许撤诉1件"):
        assert part in text
    assert "判决确认违法" not in text  # served in Q4
    assert "行政机关败诉1件，败诉率33.3％。" in text
    assert "开庭审理行政诉讼案件3次，行政机关负责人出庭应诉2次，出庭应诉率66.7％。" in text


def test_a_quarter_without_records_leaves_the_sections_out(records, county):
    written = briefings.write(briefings.get("litigation"), D(2021, 1, 1), D(2021, 3, 31), county)
    text = "\n".join(paragraphs(briefings.render(written, links=False)))
    assert "收案情况" not in text and "审结情况" not in text and "出庭应诉情况" not in text
    assert "没有行政诉讼案件收案、审结或开庭" in text


def test_every_figure_links_to_its_records(records, county, client, bureau_leader):
    written = briefings.write(briefings.get("litigation"), *Q3, county)
    content = briefings.render(written, base="https://sifa.example.gov.cn")
    doc = Document(io.BytesIO(content))
    urls = [r.target_ref for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert any("/reports/figures/litigation.losses/" in u for u in urls)
    assert any("/reports/figures/litigation.head_appearances/" in u for u in urls)
    agency = [u for u in urls if "/reports/briefings/litigation/figures/agency." in u]
    assert len(agency) == 2 and all(u.startswith("https://sifa.example.gov.cn/") for u in agency)
    # The government's figure opens its three cases of the quarter.
    client.force_login(bureau_leader)
    gov_url = next(u for u in agency if "start=2022-07-01" in u)
    gov = Unit.objects.get(name="测试县住房和城乡建设局")
    path = reverse("reports:briefing_figure", args=["litigation", f"agency.u{gov.pk}"])
    resp = client.get(path, {"start": "2022-07-01", "end": "2022-09-30"})
    assert resp.status_code == 200 and resp.context["total"] == 3
    assert gov_url


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (.ci/run installs it)")
def test_the_briefing_pages_are_numbered(records, county, tmp_path):
    from .test_word import footer_number, pdf_of

    written = briefings.write(briefings.get("litigation"), *Q3, county)
    pdf = pdf_of(briefings.render(written, links=False), tmp_path)
    for n, page in enumerate(pdf.pages, start=1):
        text, x, size = footer_number(page)
        assert text == f"— {n} —", (n, text)  # 一字线, Arabic numerals, 4号
        assert round(size) == 14
        assert "行政应诉情况通报" in pdf.pages[0].extract_text()


def test_issuing_freezes_it_and_the_comparison_shows_a_changed_figure(
    records, county, client, bureau_leader
):
    client.force_login(bureau_leader)
    url = reverse("reports:briefing_issue", args=["litigation"])
    form = {"start": "2022-07-01", "end": "2022-09-30", "region": county.code}
    confirm = client.post(url, form)
    assert "确认签发" in confirm.content.decode() and "冻结" in confirm.content.decode()
    resp = client.post(url, {**form, "confirm": "1"})
    from sifa.reports.models import IssuedReport

    report = IssuedReport.objects.get()
    assert resp.status_code == 302 and report.kind == "briefing:litigation"
    assert report.title == "测试县2022年第三季度行政应诉情况通报"
    assert report.figures["litigation.losses"]["value"] == 1
    frozen = paragraphs(report.file.read())
    # A second revoked judgment served in the quarter: 2 losses of 3 concluded today.
    records["a"].outcome = "j_revoke"
    records["a"].save()
    page = client.get(reverse("reports:issued", args=[report.pk]))
    rows = {r["label"]: r for r in page.context["rows"]}
    assert (
        rows["行政机关败诉案件"]["issued"] == "1件" and rows["行政机关败诉案件"]["today"] == "2件"
    )
    assert rows["行政机关败诉率"]["today"] == "66.7％"
    assert "行政机关败诉1件" in "\n".join(frozen)  # the issued file is unchanged
    assert paragraphs(IssuedReport.objects.get().file.read()) == frozen


def test_the_command_line_writes_a_quarter(records, county, tmp_path):
    out = tmp_path / "briefing.docx"
    call_command(
        "briefing", "litigation", "--quarter", "2022Q3", "--region", county.code, "-o", str(out)
    )
    assert "共收到行政诉讼案件4件" in "\n".join(paragraphs(out.read_bytes()))


def test_a_bad_quarter_is_one_chinese_sentence(county):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="季度“2022Q5”不正确"):
        call_command("briefing", "litigation", "--quarter", "2022Q5", "-o", "x.docx")


def test_a_township_clerk_gets_his_townships_briefing(records, client, township_clerk, township_a):
    client.force_login(township_clerk)
    resp = client.get(
        reverse("reports:briefing", args=["litigation"]), {"year": "2022", "period": "q3"}
    )
    assert resp.status_code == 200 and resp.context["region"] == township_a
    assert f"{township_a.name}2022年第三季度行政应诉情况通报" in resp.context["title"]


def test_the_viewer_reads_no_records_behind_a_briefing(records, client, viewer, agencies):
    client.force_login(viewer)
    fid = f"agency.u{agencies[0].pk}"
    resp = client.get(reverse("reports:briefing_figure", args=["litigation", fid]), Q)
    assert resp.status_code == 403


def test_only_the_head_issues_a_briefing(records, client, section_clerk, county):
    client.force_login(section_clerk)
    url = reverse("reports:briefing_issue", args=["litigation"])
    resp = client.post(url, {**Q, "region": county.code, "confirm": "1"})
    assert resp.status_code == 403


def test_a_bad_period_on_the_page_is_a_chinese_sentence(county, client, bureau_leader):
    client.force_login(bureau_leader)
    resp = client.get(
        reverse("reports:briefing", args=["litigation"]), {"year": "2022", "period": "q5"}
    )
    assert resp.status_code == 400 and "统计期“q5”不正确" in resp.content.decode()


Q = {"start": "2022-07-01", "end": "2022-09-30"}
