"""The import template: one sheet per record type, dropdowns, date cells, and a 说明 sheet."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .importer import GUIDE_SHEET, OPTIONS_SHEET
from .schema import Column, SheetSpec, business_models, parent_link

REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
ROWS = 2000  # rows prepared with dropdowns and date formats


def _example(col: Column) -> str:
    return {
        "date": "2022-03-01",
        "int": "12",
        "measure": "30",
        "decimal": "1500.00",
        "bool": "是",
        "region": "白石镇",
        "unit": "白石司法所",
        "text": col.header,
    }.get(col.kind, col.choices[0][1] if col.choices else "")


def child_models(model) -> list:
    """The child tables filled with a record type (a mediation case's parties): its declared
    children, and every other sheet whose rows belong to one of its records."""
    from sifa.core import registry

    rt = registry.find(model)
    out = [c.model for c in rt.children] if rt is not None else []
    for m in business_models():
        if m is model or m in out or registry.find(m) is not None:
            continue
        link = parent_link(m)
        if link is not None and link.related_model._meta.concrete_model is model:
            out.append(m)
    return out


def importable_types(user) -> list[tuple[str, str, list]]:
    """(key, title, sheets' models) of every record type `user` may import, in the registry's
    order: the type's own sheet first, then its child sheets."""
    from sifa.core import access, registry

    out = []
    for rt in registry.record_types():
        if access.can_write(user, rt.model):
            out.append(
                (
                    rt.model._meta.label_lower,
                    str(rt.model._meta.verbose_name_plural),
                    [rt.model, *child_models(rt.model)],
                )
            )
    return out


def template_workbook(models=None) -> bytes:
    models = models or business_models()
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    guide.append(["工作表", "列名", "含义", "是否必填", "格式", "示例"])
    options = wb.create_sheet(OPTIONS_SHEET)
    options.sheet_state = "hidden"
    option_col = 0
    for model in models:
        spec = SheetSpec(model)
        ws = wb.create_sheet(spec.title)
        ws.append(spec.headers)
        for index, col in enumerate(spec.columns, start=1):
            letter = get_column_letter(index)
            head = ws.cell(row=1, column=index)
            head.font = Font(bold=True)
            if col.required:
                head.fill = REQUIRED_FILL
            ws.column_dimensions[letter].width = max(10, min(40, len(col.header) * 2 + 2))
            labels = [label for _, label in col.choices] or (
                ["是", "否"] if col.kind == "bool" else []
            )
            if labels:
                option_col += 1
                ol = get_column_letter(option_col)
                for r, label in enumerate(labels, start=1):
                    options.cell(row=r, column=option_col, value=label)
                dv = DataValidation(
                    type="list",
                    allow_blank=not col.required,
                    formula1=f"{quote_sheetname(OPTIONS_SHEET)}!${ol}$1:${ol}${len(labels)}",
                    showErrorMessage=True,
                    errorTitle="输入有误",
                    error=f"“{col.header}”请从下拉列表中选择。",
                )
                dv.add(f"{letter}2:{letter}{ROWS + 1}")
                ws.add_data_validation(dv)
            if col.kind == "date":
                for r in range(2, ROWS + 2):
                    ws.cell(row=r, column=index).number_format = "yyyy-mm-dd"
            guide.append(
                [
                    spec.title,
                    col.header,
                    col.help_text or col.header,
                    "是" if col.required else "否",
                    col.format_help,
                    _example(col),
                ]
            )
        ws.freeze_panes = "A2"
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (22, 22, 40, 10, 36, 16), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
