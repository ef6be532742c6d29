"""The report's prose from its data: conditional sentences, text = Word = HTML, layout."""

import datetime as dt
import io
import shutil
import subprocess

import pytest
from docx import Document
from docx.shared import Pt

from sifa.core.models import CountyProfile
from sifa.reports import render
from sifa.reports.data import Period, build_report, ordinal
from sifa.reports.docx_template import TEMPLATE_PATH, build, source_paragraphs
from sifa.reports.masking import NameBook, name_book

from .factories import synthetic_figures

Y = Period(dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def report(overrides=None, plan_items=(), profile=None, public=frozenset(), aliases=None):
    return build_report(
        Y,
        None,
        synthetic_figures(overrides),
        profile,
        list(plan_items),
        public_ids=public,
        aliases=aliases,
    )


def text_of(overrides=None, **kw):
    return render.render_text(report(overrides, **kw))


def test_ordinals():
    assert [ordinal(n) for n in (1, 5, 10, 11, 20, 23)] == [
        "一",
        "五",
        "十",
        "十一",
        "二十",
        "二十三",
    ]


def test_all_certified_only_at_100_percent():
    full = text_of({"enforcement.officers": 642, "enforcement.certified_rate": (642, 642)})
    assert "全县642名行政执法人员全部持证上岗。" in full
    part = text_of({"enforcement.officers": 642, "enforcement.certified_rate": (600, 642)})
    assert "全县642名行政执法人员持证上岗率93.5％。" in part
    assert "全部持证上岗" not in part
    none = text_of({})
    assert "完成了0人行政执法证件新申领和换发工作。三是" not in none  # 三是 follows elsewhere
    assert "行政执法人员" not in none.split("完成了0人行政执法证件新申领和换发工作")[1][:10]


def test_empty_rate_denominator_leaves_the_clause_out():
    text = text_of({"litigation.cases": 3})
    assert "办理县政府行政诉讼案件3件。三是做好行政执法监督工作" in text
    assert "出庭应诉率" not in text
    text = text_of({"litigation.cases": 3, "litigation.head_appearance_rate": (2, 3)})
    assert "办理县政府行政诉讼案件3件，行政机关负责人出庭应诉率66.7％。" in text
    assert "调解成功率" not in text_of({})
    assert "调解成功率100％" in text_of({"mediation.success_rate": (87, 87)})


def test_no_violations_sentence_only_when_zero():
    profile = CountyProfile(
        county_name="安澜",
        city_name="北原",
        province_short="陕",
        party_congress="十七届三次",
        county_slogan="民族圣地﹒绿色安澜",
    )
    zero = text_of({}, profile=profile)
    assert "近三年，安澜县司法局未发生一起违纪违法行为和未因执法不当引发的群体性事件。" in zero
    two = text_of({"team.violations_3y": 2}, profile=profile)
    assert "未发生" not in two
    assert "近三年，安澜县司法局发生违纪违法行为和因执法不当引发的群体性事件2起。" in two


def test_amendments_shown_only_when_non_zero():
    base = {
        "cleanup.docs_reviewed": 35,
        "cleanup.docs_invalidated": 7,
        "cleanup.docs_retained": 28,
        "cleanup.agreements_reviewed": 5,
        "cleanup.agreements_invalidated": 2,
        "cleanup.agreements_retained": 3,
    }
    text = text_of(base)
    assert "提出了失效7件、保留28件、协议失效2件、保留3件的建议" in text
    text = text_of({**base, "cleanup.docs_retained": 25})
    assert "提出了失效7件、保留25件、修改3件、协议失效2件、保留3件的建议" in text


def test_pending_documents_and_rejections():
    text = text_of({"normdocs.reviewed": 8, "normdocs.published": 8})
    assert "发布8件。" in text and "尚在讨论中" not in text
    text = text_of({"normdocs.reviewed": 8, "normdocs.published": 6, "normdocs.pending": 2})
    assert "发布6件（2件尚在讨论中）。" in text
    rec = {
        "reconsideration.received": 23,
        "reconsideration.rejected": 2,
        "reconsideration.accepted": 21,
        "reconsideration.concluded": 18,
        "reconsideration.pending": 3,
    }
    assert (
        "全年共办理行政复议案件23件，除2件不符合行政复议法的受案条件作出不予受理决定外，"
        "其余21件均已立案受理，目前审结18件"
    ) in text_of(rec)
    assert "另外3件正在审理中" in text_of(rec)


def test_lists_and_names_in_prose():
    text = text_of(
        {
            "offices.construction_offices": ["白石", "柳林", "青岗"],
            "offices.construction_investment_wan": 1_280_000,
            "legalaid.handlers": ["安澜县法律援助中心", "正衡律师事务所", "明德律师事务所"],
            "rulelaw.documents_issued": ["甲规划", "乙方案"],
            "publicity.consultations": 12683,
            "rural.class_attendees": 13560,
        },
        aliases={"安澜县法律援助中心": "法援中心"},
    )
    assert "投资128万元对白石、柳林、青岗司法所业务用房进行了新建和维修改造。" in text
    assert "今年以来，法援中心，正衡、明德律师事务所共办理案件0件" in text
    assert "制定印发了《甲规划》《乙方案》。" in text
    assert "解答各类群众咨询12000余人次" in text
    assert "受教育群众1万余，" in text
    assert "四是全面完成“六好司法所”建设" not in text_of({})


def test_plan_items_numbered():
    items = [{"heading": "全面落实工作责任", "text": "全面落实……。"}, "二是自带编号。"]
    lines = text_of({}, plan_items=items).split("\n")
    i = lines.index("二、下一步工作方向")
    assert lines[i + 1 : i + 3] == ["一是全面落实工作责任。全面落实……。", "二是自带编号。"]


def test_masked_edition(county, township_a):
    profile = CountyProfile.objects.get()
    data = report(
        {
            "publicity.consultations": 12683,
            "rulelaw.inspections": 2,
            "org.villages": 114,
            "mediation.success_rate": (87, 87),
            "mediation.cases": 87,
            "rural.first_secretary_village": "甲镇甲1村",
            "offices.construction_offices": ["甲"],
            "mediation.amount_wan": 2_346_800,
        },
        profile=profile,
        public=frozenset({"org.villages", "rulelaw.inspections"}),
    )
    text = render.render_text(data, render.Edition(masked=True, book=name_book(profile)))
    assert "解答各类群众咨询*****余人次" in text
    assert "今年共组织开展法治督察2次" in text
    assert "在全县114个村（社区）" in text
    assert "调解矛盾纠纷**件" in text and "调解成功率100％" in text
    assert "涉及金额***万元" in text
    assert "选派年轻党员到*镇**村担任第一书记" in text
    assert "对*司法所业务用房" in text
    assert "县委**届*次全会" in text and "历次来*考察" in text
    assert "“民族圣地﹒绿色**”" in text
    assert "测试" not in text


def test_html_links_every_figure():
    data = report({"rulelaw.inspections": 2})

    def link(fid):
        return f"/f/{fid}"

    html = render.render_html_body(data, render.Edition(link=link))
    assert '法治督察<a class="figure" href="/f/rulelaw.inspections">2</a>次' in html
    masked = render.render_html_body(data, render.Edition(masked=True, book=NameBook(), link=link))
    assert "<a " not in masked


def test_docx_reads_like_the_text_and_keeps_the_layout():
    data = report({"rulelaw.inspections": 2, "publicity.consultations": 12683})
    content = render.render_docx(data)
    doc = Document(io.BytesIO(content))
    paragraphs = [p.text for p in doc.paragraphs if p.text.strip()]
    assert paragraphs == render.render_text(data).rstrip("\n").split("\n")
    section = doc.sections[0]
    mm = [
        round(v.mm, 1)
        for v in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert mm == [210, 297, 37, 35, 28, 26]  # A4, GB/T 9704 margins
    styles = doc.styles
    assert styles["Normal"].font.size == Pt(16)
    assert styles["公文标题"].font.size == Pt(22)
    east = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    fonts = {
        name: styles[name].element.rPr.rFonts.get(east)
        for name in ("Normal", "公文标题", "一级标题", "二级标题")
    }
    assert fonts == {
        "Normal": "仿宋_GB2312",
        "公文标题": "方正小标宋简体",
        "一级标题": "黑体",
        "二级标题": "楷体_GB2312",
    }
    h2 = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert h2.runs[0].text == "（一）依法治县稳步推进。" and h2.runs[0].style.name == "二级标题"


def test_internal_docx_links_figures_masked_does_not(county):
    data = report({"rulelaw.inspections": 2})
    linked = render.render_docx(data, render.Edition(link=lambda fid: f"http://x/f/{fid}"))
    rels = Document(io.BytesIO(linked)).part.rels.values()
    targets = {r.target_ref for r in rels if r.is_external}
    assert "http://x/f/rulelaw.inspections" in targets
    masked = render.render_docx(
        data, render.Edition(masked=True, book=NameBook(), link=lambda fid: f"http://x/f/{fid}")
    )
    assert not [r for r in Document(io.BytesIO(masked)).part.rels.values() if r.is_external]


def test_shipped_template_matches_the_prose_source():
    shipped = Document(str(TEMPLATE_PATH))
    built = Document(io.BytesIO(build()))
    assert [p.text for p in shipped.paragraphs] == [p.text for p in built.paragraphs]
    assert [p.text for p in shipped.paragraphs if p.text] == [
        t for _k, t in source_paragraphs(render.PROSE.read_text(encoding="utf-8"))
    ]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_docx_opens_in_libreoffice(tmp_path):
    path = tmp_path / "r.docx"
    path.write_bytes(render.render_docx(report({"rulelaw.inspections": 2})))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    assert (tmp_path / "r.pdf").exists()
