"""Checking an uploaded Word template before use, and the catalogue of its variables.

A template is refused, with a Chinese message naming the problem, when it is not a .docx,
when a tag is split across runs by Word (the tag then silently vanishes), when a Jinja tag is
broken, or when it names a figure id or profile name that does not exist. The figures a
bureau defined itself (`F.u.<key>`) are figures of the registry like the built-in ones.
"""

from __future__ import annotations

import io
import re
import zipfile

import jinja2

from sifa.core.indicators import registry

from .data import REMAINDER_LABELS

MSG_NOT_DOCX = "上传的文件不是有效的Word（.docx）文件。"
MSG_SPLIT = (
    "第{n}段的标签“{tag}”被Word拆分成了几段不同格式的文字，请在Word中删除该标签后"
    "一次性重新输入（不要中途改格式）。"
)
MSG_SYNTAX = "第{n}段的标签有错误：{error}。"
MSG_UNKNOWN_FIGURE = "第{n}段引用了不存在的数据项“{id}”，可用的数据项见“模板变量目录”。"
MSG_UNKNOWN_NAME = "第{n}段引用了不存在的名称“N.{name}”，可用的名称见“模板变量目录”。"
MSG_UNKNOWN_VARIABLE = "第{n}段引用了不存在的变量“{name}”，可用的变量见“模板变量目录”。"

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
FIGURE_REF = re.compile(r"\b([FV])\.([A-Za-z_]\w*)\.([A-Za-z_]\w*)")
NAME_REF = re.compile(r"\bN\.([A-Za-z_]\w*)")

NAMES = {
    "county": "县名（不含“县”字），如“安澜”",
    "county_full": "县全称，如“安澜县”",
    "city": "市名（不含“市”字）",
    "city_full": "市全称，如“北原市”",
    "province": "省份简称，如“陕”",
    "congress": "县委届次，如“十七届三次”",
    "slogan": "县域口号",
    "bureau": "本局名称，如“安澜县司法局”",
    "scope": "统计范围（县或乡镇名称）",
}
OTHER = {
    "year": "统计年度",
    "start": "统计开始日期",
    "end": "统计结束日期",
    "plan_items": "下一步工作方向（工作计划事项，已编号“一是……”）",
}
TOP_LEVEL = {"F", "V", "N", *OTHER, "loop", "item", "range", "true", "false", "none"}


class TemplateProblem(ValueError):
    """str(exc) is the Chinese message shown to the user."""


def figure_ids() -> set[str]:
    return set(registry()) | set(REMAINDER_LABELS)


def catalogue() -> list[dict]:
    """Every variable a template may use, for the catalogue page."""
    rows = []
    reg = registry()
    for fid, ind in reg.items():
        rows.append(
            {
                # the figures the bureau defined itself (u.…, sifa.returns.figures)
                "group": "本局自定义指标" if fid.startswith("u.") else "数据项",
                "variable": f"F.{fid}",
                "raw": f"V.{fid}",
                "label": ind.label,
                "unit": ind.unit,
                "kind": ind.kind,
                "format": ind.format,
                "internal": ind.internal,
            }
        )
    for fid, label in REMAINDER_LABELS.items():
        rows.append(
            {
                # the figures the bureau defined itself (u.…, sifa.returns.figures)
                "group": "本局自定义指标" if fid.startswith("u.") else "数据项",
                "variable": f"F.{fid}",
                "raw": f"V.{fid}",
                "label": label,
                "unit": "件",
                "kind": "count",
                "format": "exact",
                "internal": True,
            }
        )
    for name, label in NAMES.items():
        rows.append(
            {
                "group": "县情名称",
                "variable": f"N.{name}",
                "raw": "",
                "label": label,
                "unit": "",
                "kind": "",
                "format": "",
                "internal": False,
            }
        )
    for name, label in OTHER.items():
        rows.append(
            {
                "group": "其他",
                "variable": name,
                "raw": "",
                "label": label,
                "unit": "",
                "kind": "",
                "format": "",
                "internal": False,
            }
        )
    return rows


def _paragraph_runs(document) -> list[list[str]]:
    """Run texts of every paragraph, body and table cells, headers and footers."""
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for section in document.sections:
        for part in (section.header, section.footer):
            paragraphs.extend(part.paragraphs)
    out = []
    for p in paragraphs:
        runs = [t.text or "" for t in p._p.iter() if t.tag.endswith("}t")]
        out.append(runs)
    return out


def check_paragraphs(paragraphs: list[list[str]]) -> None:
    """Raise TemplateProblem for the first problem found (paragraph numbers from 1)."""
    ids = figure_ids()
    lines = []
    for n, runs in enumerate(paragraphs, start=1):
        text = "".join(runs)
        bounds, pos = [], 0
        for run in runs:
            bounds.append((pos, pos + len(run)))
            pos += len(run)
        for m in TAG.finditer(text):
            if not any(a <= m.start() and m.end() <= b for a, b in bounds):
                raise TemplateProblem(MSG_SPLIT.format(n=n, tag=m.group(0)))
            tag = m.group(0)
            for _ns, line, name in FIGURE_REF.findall(tag):
                if f"{line}.{name}" not in ids:
                    raise TemplateProblem(MSG_UNKNOWN_FIGURE.format(n=n, id=f"{line}.{name}"))
            for name in NAME_REF.findall(tag):
                if name not in NAMES:
                    raise TemplateProblem(MSG_UNKNOWN_NAME.format(n=n, name=name))
        lines.append(text)
    source = "\n".join(lines)
    source = re.sub(r"\{\{([rp])\s", "{{ ", source)
    source = re.sub(r"\{%([rp]|tr|tc)\s", "{% ", source)
    env = jinja2.Environment()
    try:
        ast = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(MSG_SYNTAX.format(n=exc.lineno, error=exc.message))
    from jinja2 import meta

    for name in meta.find_undeclared_variables(ast):
        if name not in TOP_LEVEL:
            n = next((i for i, line in enumerate(lines, 1) if re.search(rf"\b{name}\b", line)), 0)
            raise TemplateProblem(MSG_UNKNOWN_VARIABLE.format(n=n, name=name))


def check_docx(content: bytes) -> None:
    """Check an uploaded template (bytes of a .docx); raise TemplateProblem if unusable."""
    from docx import Document

    try:
        if not zipfile.is_zipfile(io.BytesIO(content)):
            raise TemplateProblem(MSG_NOT_DOCX)
        document = Document(io.BytesIO(content))
    except TemplateProblem:
        raise
    except Exception:
        raise TemplateProblem(MSG_NOT_DOCX)
    check_paragraphs(_paragraph_runs(document))
