"""The Word report as a 公文: page numbers after GB/T 9704, figure links to the site's own
address (the request's, or SIFA_REPORT_BASE_URL where set)."""

import datetime as dt
import io
import os
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from sifa.reports import render
from sifa.reports.data import Period, build_report

from .factories import activity, synthetic_figures

Q = {"start": "2022-01-01", "end": "2022-12-31"}
EM_DASH = "—"


def pdf_of(docx_bytes: bytes, tmp_path) -> "object":
    """The file as LibreOffice prints it (its own profile: runs beside other conversions)."""
    from pypdf import PdfReader

    src = tmp_path / "report.docx"
    src.write_bytes(docx_bytes)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        timeout=300,
        capture_output=True,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    return PdfReader(tmp_path / "report.pdf")


def footer_number(page) -> tuple[str, float, float]:
    """(text, x, font size) of the line printed lowest on the page (its footer)."""
    pieces = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            pieces.append((round(tm[5]), tm[4], text, size * tm[0] if tm[0] else size))

    page.extract_text(visitor_text=visit)
    lowest = min(y for y, *_ in pieces)
    line = sorted(p for p in pieces if p[0] == lowest)
    text = "".join(t for _y, _x, t, _s in sorted(line, key=lambda p: p[1]))
    return text.strip(), min(x for _y, x, *_ in line), max(s for *_, s in line)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (.ci/run installs it)")
def test_pages_are_numbered_as_official_documents(tmp_path):
    data = build_report(
        Period(dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        None,
        synthetic_figures({"rulelaw.inspections": 2}),
        None,
        [],
    )
    pdf = pdf_of(render.render_docx(data), tmp_path)
    assert len(pdf.pages) >= 3  # odd and even pages both seen
    for n, page in enumerate(pdf.pages, start=1):
        text, x, size = footer_number(page)
        # "— 1 —": Arabic numerals with an 一字线 on each side, 4号 (14 pt)
        assert text == f"{EM_DASH} {n} {EM_DASH}", (n, text)
        assert round(size) == 14, (n, size)
        middle = float(page.mediabox.width) / 2
        if n % 2:
            assert x > middle, f"page {n}: odd page numbers sit on the right"
        else:
            assert x < middle, f"page {n}: even page numbers sit on the left"


def test_the_template_sets_odd_and_even_footers():
    from sifa.reports.docx_template import TEMPLATE_PATH

    for doc in (
        Document(
            io.BytesIO(
                render.render_docx(
                    build_report(
                        Period(dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
                        None,
                        synthetic_figures(),
                        None,
                        [],
                    )
                )
            )
        ),
        Document(str(TEMPLATE_PATH)),
    ):
        assert doc.settings.odd_and_even_pages_header_footer
        section = doc.sections[0]
        assert "PAGE" in section.footer._element.xml
        assert "PAGE" in section.even_page_footer._element.xml


def links_of(content: bytes) -> set[str]:
    rels = Document(io.BytesIO(content)).part.rels.values()
    return {r.target_ref for r in rels if r.is_external}


@pytest.mark.django_db
def test_word_links_use_the_address_the_site_is_served_on(client, county, bureau_leader, settings):
    settings.SIFA_REPORT_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["sifa.anlan.gov.cn", "testserver"]
    activity("rulelaw_inspection", dt.date(2022, 3, 1), county)
    client.force_login(bureau_leader)
    resp = client.get(
        reverse("reports:download"), {**Q, "format": "docx"}, HTTP_HOST="sifa.anlan.gov.cn"
    )
    links = links_of(resp.content)
    assert links and all(u.startswith("http://sifa.anlan.gov.cn/reports/figures/") for u in links)


@pytest.mark.django_db
def test_the_setting_wins_where_set(client, county, bureau_leader, settings):
    settings.SIFA_REPORT_BASE_URL = "https://sf.example.gov.cn/"
    activity("rulelaw_inspection", dt.date(2022, 3, 1), county)
    client.force_login(bureau_leader)
    resp = client.get(reverse("reports:download"), {**Q, "format": "docx"})
    links = links_of(resp.content)
    assert links and all(u.startswith("https://sf.example.gov.cn/reports/figures/") for u in links)
    client.post(reverse("reports:issue"), {**Q, "confirm": "1"})
    from sifa.reports.models import IssuedReport

    with IssuedReport.objects.get().file.open("rb") as f:
        issued = links_of(f.read())
    assert issued and all(u.startswith("https://sf.example.gov.cn/") for u in issued)


@pytest.mark.django_db
def test_the_command_line_uses_the_setting_or_says_there_is_none(county, tmp_path, settings):
    activity("rulelaw_inspection", dt.date(2022, 3, 1), county)
    settings.SIFA_REPORT_BASE_URL = ""
    err = io.StringIO()
    out = tmp_path / "a.docx"
    call_command("report", year="2022", output=str(out), stdout=io.StringIO(), stderr=err)
    assert "未设置 SIFA_REPORT_BASE_URL" in err.getvalue()
    assert links_of(out.read_bytes()) == set()
    settings.SIFA_REPORT_BASE_URL = "https://sf.example.gov.cn"
    err = io.StringIO()
    call_command("report", year="2022", output=str(out), stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == ""
    links = links_of(out.read_bytes())
    assert links and all(u.startswith("https://sf.example.gov.cn/reports/figures/") for u in links)
