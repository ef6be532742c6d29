# ruff: noqa: F811  (the fixtures imported from test_briefing)
"""A briefing's editions beside the shipped one, as the annual summary has them: a county's own
Word template (checked on upload, used when writing and issuing), the masked edition, month
periods, and every figure of the preview opening its records. Records are built here."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from sifa.litigation.tests.factories import hearing, lawsuit
from sifa.reports import briefings, services
from sifa.reports.docx_template import build
from sifa.reports.models import BriefingTemplate, IssuedReport
from sifa.reports.template_check import TemplateProblem

from .test_briefing import Q3, agencies, paragraphs, records  # noqa: F401

D = dt.date
LITIGATION = briefings.get("litigation")
OWN_PROSE = (
    "#title {{ N.scope }}{{ T.period }}应诉简报\n"
    "本期收案{{r F.litigation.cases }}件，败诉{{r F.litigation.losses }}件，"
    "败诉率{{r F.litigation.loss_rate }}。\n"
    "{%p for a in T.agencies %}\n"
    "{{ a.name }}：{{r F.agency[a.key] }}件。\n"
    "{%p endfor %}"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def text_of(content: bytes) -> str:
    return "\n".join(paragraphs(content))


def upload(client, content: bytes, name="本县通报模板.docx"):
    f = io.BytesIO(content)
    f.name = name
    return client.post(reverse("reports:briefing_template", args=["litigation"]), {"template": f})


# --- a county's own template ---------------------------------------------------------------


def test_the_shipped_template_passes_the_briefings_own_check():
    briefings.check_template(LITIGATION, briefings.template_bytes("litigation"))


def test_a_county_template_is_used_to_write_download_preview_and_issue(
    records, county, client, bureau_leader
):
    client.force_login(bureau_leader)
    resp = upload(client, build(OWN_PROSE))
    assert resp.status_code == 302
    assert BriefingTemplate.objects.get().county == county
    # Written from it: 4 cases served in Q3, 1 lost of 3 concluded, by defendant.
    own = "本期收案4件，败诉1件，败诉率33.3％。"
    written = briefings.write(LITIGATION, *Q3, county)
    text = text_of(briefings.render(written, links=False))
    assert "测试县2022年第三季度应诉简报" in text and own in text
    assert "测试县住房和城乡建设局：3件。" in text and "测试县自然资源局：1件。" in text
    assert "现将" not in text  # not the shipped prose
    # Downloaded from the report centre, previewed, and issued from it.
    query = {"start": "2022-07-01", "end": "2022-09-30", "region": county.code}
    got = client.get(reverse("reports:briefing_download", args=["litigation"]), query)
    assert own in text_of(got.content)
    page = client.get(reverse("reports:briefing", args=["litigation"]), query)
    body = re.sub(r"<[^>]+>", "", page.context["body"])
    assert own in body and page.context["own_template"] is not None
    url = reverse("reports:briefing_issue", args=["litigation"])
    client.post(url, {**query, "confirm": "1"})
    assert own in text_of(IssuedReport.objects.get().file.read())
    # A township's briefing uses its county's template too.
    township = county.children.order_by("code").first()
    assert "应诉简报" in text_of(
        briefings.render(briefings.write(LITIGATION, *Q3, township), links=False)
    )


def test_removing_the_county_template_goes_back_to_the_shipped_one(
    records, county, client, bureau_leader
):
    client.force_login(bureau_leader)
    upload(client, build(OWN_PROSE))
    url = reverse("reports:briefing_template", args=["litigation"])
    assert client.post(url, {"action": "remove"}).status_code == 302
    assert not BriefingTemplate.objects.exists()
    text = text_of(briefings.render(briefings.write(LITIGATION, *Q3, county), links=False))
    assert "共收到行政诉讼案件4件" in text and "应诉简报" not in text


def test_a_template_with_unknown_variables_is_refused_naming_them(
    records, county, client, bureau_leader
):
    client.force_login(bureau_leader)
    bad = build(
        "#title {{ N.scope }}{{ T.period }}通报\n"
        "收案{{r F.litigation.cases }}件，检查{{r F.rulelaw.inspections }}次。\n"
        "{{ T.ranking }}{{ N.mayor }}{{ chairman }}"
    )
    resp = upload(client, bad)
    assert resp.status_code == 400
    message = resp.context["result"]["message"]
    for name in ("第2段“F.rulelaw.inspections”", "第3段“T.ranking”", "第3段“N.mayor”"):
        assert name in message
    assert "“chairman”" in message and "F.litigation.cases" not in message
    assert not BriefingTemplate.objects.exists()  # nothing kept
    # The page lists what the template may use, the briefing's own figures among them.
    variables = {r["variable"] for r in resp.context["rows"]}
    assert {"F.litigation.cases", "F.litigation.loss_rate", "T.agencies", "N.scope"} <= variables
    assert "F.rulelaw.inspections" not in variables
    assert "F.litigation.head_appearance_rate" in resp.content.decode()


def test_a_file_that_is_not_word_is_refused(county, client, bureau_leader):
    client.force_login(bureau_leader)
    resp = upload(client, b"not a zip", name="x.docx")
    assert resp.status_code == 400 and "不是有效的Word" in resp.context["result"]["message"]
    assert not BriefingTemplate.objects.exists()


def test_only_the_head_or_the_administrator_changes_the_template(county, client, section_clerk):
    client.force_login(section_clerk)
    assert upload(client, build(OWN_PROSE)).status_code == 403
    assert not BriefingTemplate.objects.exists()


def test_the_command_line_takes_a_template_file_checked_as_an_upload(records, county, tmp_path):
    from django.core.management.base import CommandError

    tpl, out = tmp_path / "own.docx", tmp_path / "out.docx"
    tpl.write_bytes(build(OWN_PROSE))
    call_command(
        "briefing", "litigation", "--quarter", "2022Q3", "--region", county.code,
        "--template", str(tpl), "-o", str(out),
    )  # fmt: skip
    assert "本期收案4件，败诉1件" in text_of(out.read_bytes())
    tpl.write_bytes(build("{{r F.rulelaw.inspections }}"))
    with pytest.raises(CommandError, match="“F.rulelaw.inspections”"):
        call_command("briefing", "litigation", "--quarter", "2022Q3", "--template", str(tpl),
                     "-o", str(out))  # fmt: skip


# --- the masked edition --------------------------------------------------------------------

COUNTS = ("4件", "3件", "1件", "3次", "2次")


def test_the_masked_edition_shows_no_digit_of_the_records_numbers(records, county):
    written = briefings.write(LITIGATION, *Q3, county)
    content = briefings.render(written, masked=True, base="https://sifa.example.gov.cn")
    text = text_of(content)
    assert "共收到行政诉讼案件*件，其中一审案件*件、二审案件*件。" in text
    assert "审结（送达裁判文书）行政诉讼案件*件" in text
    assert "开庭审理行政诉讼案件*次，行政机关负责人出庭应诉*次" in text
    # Every count of the records is hidden; what digits remain are the period's year and the
    # rates, printed in full in every masked edition (masking.py).
    rest = text.replace("2022", "").replace("33.3％", "").replace("66.7％", "")
    assert not re.search(r"[0-9０-９]", rest), rest
    # Names hidden: the county and the defendant agencies.
    assert "测试" not in text and "**县住房和城乡建设局" in text
    doc = Document(io.BytesIO(content))
    assert not [r for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    # The internal edition of the same quarter does print them.
    assert all(c in text_of(briefings.render(written, links=False)) for c in COUNTS)


def test_the_masked_edition_from_the_report_centre_and_the_command_line(
    records, county, client, bureau_leader, tmp_path
):
    client.force_login(bureau_leader)
    query = {"year": "2022", "period": "q3", "region": county.code, "masked": "1"}
    resp = client.get(reverse("reports:briefing_download", args=["litigation"]), query)
    assert "%EF%BC%88%E8%84%B1%E6%95%8F%E7%89%88%EF%BC%89" in resp["Content-Disposition"]
    assert "共收到行政诉讼案件*件" in text_of(resp.content)
    page = client.get(reverse("reports:briefing", args=["litigation"]), query)
    assert 'class="figure"' not in page.context["body"]
    assert "共收到行政诉讼案件*件" in page.context["body"]
    out = tmp_path / "masked.docx"
    call_command(
        "briefing", "litigation", "--quarter", "2022Q3", "--region", county.code, "--masked",
        "-o", str(out),
    )  # fmt: skip
    text = text_of(out.read_bytes())
    assert "共收到行政诉讼案件*件" in text and "4件" not in text


def test_a_county_template_is_masked_too(records, county, client, bureau_leader):
    client.force_login(bureau_leader)
    upload(client, build(OWN_PROSE))
    written = briefings.write(LITIGATION, *Q3, county)
    text = text_of(briefings.render(written, masked=True))
    assert "本期收案*件，败诉*件" in text and "**县住房和城乡建设局：*件。" in text


# --- month periods -------------------------------------------------------------------------


@pytest.fixture
def months(county, agencies):
    gov, land = agencies
    for day in (D(2022, 7, 1), D(2022, 7, 31)):
        lawsuit(county, day, defendant=gov)
    for day in (D(2022, 6, 30), D(2022, 8, 1), D(2022, 8, 2)):
        lawsuit(county, day, defendant=land)  # June's and August's
    july = lawsuit(county, D(2022, 7, 15), defendant=land, instance="second")
    hearing(july, D(2022, 7, 20))
    hearing(july, D(2022, 8, 20))


def test_a_month_counts_only_that_months_records(months, county, tmp_path):
    out = tmp_path / "july.docx"
    call_command(
        "briefing", "litigation", "--month", "2022-07", "--region", county.code, "-o", str(out)
    )
    text = text_of(out.read_bytes())
    assert "测试县2022年7月行政应诉情况通报" in text
    assert "2022年7月，全县共收到行政诉讼案件3件，其中一审案件2件、二审案件1件。" in text
    assert "测试县住房和城乡建设局2件，测试县自然资源局1件。" in text
    assert "开庭审理行政诉讼案件1次" in text
    august = briefings.write(LITIGATION, D(2022, 8, 1), D(2022, 8, 31), county)
    assert august.figures.values["litigation.cases"] == 2


def test_the_report_centre_offers_months(months, county, client, bureau_leader):
    client.force_login(bureau_leader)
    centre = client.get(reverse("reports:centre"))
    assert '<option value="m7">7月</option>' in centre.content.decode()
    page = client.get(
        reverse("reports:briefing", args=["litigation"]),
        {"year": "2022", "period": "m7", "region": county.code},
    )
    assert page.context["title"] == "测试县2022年7月行政应诉情况通报"
    assert (page.context["start"], page.context["end"]) == (D(2022, 7, 1), D(2022, 7, 31))
    # Opened again by its dates (the masked preview's link), the selector still says 7月.
    again = client.get(
        reverse("reports:briefing", args=["litigation"]),
        {"start": "2022-07-01", "end": "2022-07-31", "masked": "1"},
    )
    assert again.context["period"] == "m7"
    assert "共收到行政诉讼案件*件" in again.context["body"]


# --- drill-down from the preview -----------------------------------------------------------


def test_every_figure_of_the_preview_opens_its_records(records, county, client, bureau_leader):
    client.force_login(bureau_leader)
    page = client.get(
        reverse("reports:briefing", args=["litigation"]),
        {"year": "2022", "period": "q3", "region": county.code},
    )
    body = page.context["body"]
    links = re.findall(r'<a class="figure" href="([^"]+)">([^<]+)</a>', body)
    plain = re.sub(r'<a class="figure"[^>]*>[^<]*</a>', "", body)
    # No figure printed without its link: no digit is left outside the links but the year.
    assert not re.search(r"\d", re.sub(r"<[^>]+>", "", plain).replace("2022", ""))
    assert len(links) >= 14
    for url, text in links:
        resp = client.get(url.replace("&amp;", "&"))
        assert resp.status_code == 200, url
        if not text.endswith("％"):  # a count opens exactly as many records as it says
            assert resp.context["total"] == int(text), (url, text)
    assert any("/figures/litigation.cases/" in u and t == "4" for u, t in links)
    # The agencies' figures open their own cases.
    agency = [u for u, _t in links if "/briefings/litigation/figures/agency." in u]
    totals = sorted(client.get(u.replace("&amp;", "&")).context["total"] for u in agency)
    assert totals == [1, 3]
    # The rates open their numerators' records: 1 loss, 2 hearings with the head in court.
    rates = {t: u for u, t in links if t.endswith("％")}
    assert client.get(rates["33.3％"].replace("&amp;", "&")).context["total"] == 1
    assert client.get(rates["66.7％"].replace("&amp;", "&")).context["total"] == 2


def test_issuing_after_a_template_upload_freezes_the_county_template(
    records, county, bureau_leader
):
    briefings.save_template(LITIGATION, county, build(OWN_PROSE), user=bureau_leader)
    report = services.issue_briefing(LITIGATION, *Q3, county, user=bureau_leader)
    frozen = text_of(report.file.read())
    briefings.remove_template(LITIGATION, county)
    assert "本期收案4件" in frozen
    assert text_of(IssuedReport.objects.get().file.read()) == frozen


def test_a_template_that_fails_to_render_is_refused(records, county, bureau_leader):
    with pytest.raises(TemplateProblem, match="试生成"):
        briefings.save_template(
            LITIGATION, county, build("{{ V.litigation.cases + T.period }}"), user=bureau_leader
        )
    assert not BriefingTemplate.objects.exists()
