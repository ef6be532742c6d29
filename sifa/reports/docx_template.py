"""The default Word template, built from the prose source with python-docx.

Layout after GB/T 9704 (党政机关公文格式): A4, margins top 37 mm, bottom 35 mm, left 28 mm,
right 26 mm; title 小标宋 二号 (22 pt) centred; body 仿宋_GB2312 三号 (16 pt), first line
indented two characters, fixed 28 pt line spacing; first-level headings 黑体, second-level 楷体.
Every paragraph's template text sits in ONE run, so Word never splits a Jinja tag.
Page numbers as GB/T 9704 7.5: in the footer, 4号 (14 pt) 半角宋体 Arabic numerals with an
一字线 on each side ("— 1 —"), odd pages on the right and even pages on the left, each one
character in from the edge of the text block.

`python -m sifa.reports.docx_template [PATH]` writes the template (default:
templates/reports/template.docx) so an administrator can download, edit and upload it.
"""

from __future__ import annotations

import io
import sys
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

PROSE = Path(__file__).parent / "prose" / "summary.j2"
TOWNSHIP_PROSE = Path(__file__).parent / "prose" / "township.j2"  # a 司法所's own report
MARKERS = ("#title ", "#h1 ", "#h2 ")
TEMPLATE_PATH = Path(__file__).parent / "templates" / "reports" / "template.docx"

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
LINE = Pt(28)
PAGE_NUMBER_FONT = "宋体"
PAGE_NUMBER_SIZE = Pt(14)  # 四号
DASH = "—"  # 一字线 (U+2014)


def _field_runs(paragraph, instruction: str, placeholder: str) -> list:
    """A Word field (PAGE) as Word writes it: one run each for begin, the instruction,
    separate, the shown text and end (so each run carries the page number's font)."""
    runs = []
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", placeholder),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)
        elif kind == "text":
            run.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        runs.append(run)
    return runs


def _page_number(footer, align) -> None:
    """— n — in the footer: odd pages right, even pages left, one character in."""
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.text = ""
    pf = p.paragraph_format
    pf.alignment = align
    pf.first_line_indent = Pt(0)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        pf.right_indent = PAGE_NUMBER_SIZE
    else:
        pf.left_indent = PAGE_NUMBER_SIZE
    runs = [p.add_run(f"{DASH} "), *_field_runs(p, " PAGE ", "1"), p.add_run(f" {DASH}")]
    for run in runs:
        _fonts(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, fallback=PAGE_NUMBER_FONT)


def page_numbers(doc) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    for section in doc.sections:
        section.footer_distance = Mm(21)  # the numbers sit about 7 mm below the text block
        section.footer.is_linked_to_previous = False
        _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _fonts(target, name: str, size=None, fallback: str = "") -> None:
    """Set the East Asian font too (python-docx only sets the Latin ones)."""
    target.font.name = fallback or name
    if size is not None:
        target.font.size = size
    rpr = (
        target.element.get_or_add_rPr()
        if hasattr(target.element, "get_or_add_rPr")
        else (target._element.get_or_add_rPr())
    )
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _style(doc, name: str, font: str, size, *, base="Normal", align=None, indent=True):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, 1)  # paragraph style
        style.base_style = styles[base]
    _fonts(style, font, size, fallback="Times New Roman")
    pf = style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.first_line_indent = Pt(32) if indent else Pt(0)
    if align is not None:
        pf.alignment = align
    return style


def source_paragraphs(source: str) -> list[tuple[str, str]]:
    """(kind, template text) per line of the prose source; the leading comment left out."""
    if source.lstrip().startswith("{#"):
        source = source[source.index("#}") + 2 :]
    out = []
    for line in source.split("\n"):
        if not line.strip():
            continue
        kind = "p"
        for marker in MARKERS:
            if line.startswith(marker):
                kind, line = marker[1:].strip(), line[len(marker) :]
                break
        out.append((kind, line))
    return out


def build(source: str | None = None) -> bytes:
    source = source if source is not None else PROSE.read_text(encoding="utf-8")
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = _style(doc, "Normal", BODY_FONT, BODY_SIZE)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    title = _style(
        doc, "公文标题", TITLE_FONT, TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
    )
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(28)
    h1 = _style(doc, "一级标题", H1_FONT, BODY_SIZE)
    kai = doc.styles.add_style("二级标题", 2)  # character style for the (一) lead sentence
    _fonts(kai, H2_FONT, BODY_SIZE, fallback="Times New Roman")
    for kind, text in source_paragraphs(source):
        if kind == "title":
            doc.add_paragraph(text, style=title)
        elif kind == "h1":
            doc.add_paragraph(text, style=h1)
        elif kind == "h2":
            lead, sep, rest = text.partition("。")
            p = doc.add_paragraph(style=normal)
            p.add_run(lead + sep, style=kai)
            p.add_run(rest)
        else:
            doc.add_paragraph(text, style=normal)
    page_numbers(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@lru_cache(maxsize=2)
def default_template_bytes(township: bool = False) -> bytes:
    """The shipped template.docx, or one built from the prose source if it is missing; a
    township's report: built from the township prose."""
    if township:
        return build(TOWNSHIP_PROSE.read_text(encoding="utf-8"))
    if TEMPLATE_PATH.exists():
        return TEMPLATE_PATH.read_bytes()
    return build()


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else TEMPLATE_PATH
    path.write_bytes(build())
    print(path)


if __name__ == "__main__":
    main()
