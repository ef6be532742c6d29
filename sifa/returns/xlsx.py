"""A return as .xlsx in the form's own layout: title, 填报单位, 统计期, merged headers, the table,
and 填报人 / 审核人 / 报出日期 under it (openpyxl)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from sifa.core.dates import ymd
from sifa.core.models import Unit, UnitKind

from .compute import Table

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_ROWS = (4, 5)  # the two header rows (groups, then columns)
FIRST_DATA_ROW = 6


def reporting_unit(table: Table) -> str:
    """填报单位: the county bureau, or the township's judicial office."""
    region = table.region
    if region is None:
        return "（全部）"
    unit = (
        Unit.objects.filter(region=region, kind__in=(UnitKind.BUREAU, UnitKind.JUDICIAL_OFFICE))
        .order_by("kind")
        .first()
    )
    return unit.name if unit else f"{region.name}司法行政机关"


def period_text(table: Table) -> str:
    return f"{ymd(table.start)}至{ymd(table.end)}"


def workbook(table: Table, *, reported_on: dt.date | None = None) -> bytes:
    spec = table.spec
    wb = Workbook()
    ws = wb.active
    ws.title = spec.title[:31]
    ncols = 2 + len(spec.columns)
    last = get_column_letter(ncols)

    ws["A1"] = spec.title
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = CENTRE
    ws.row_dimensions[1].height = 30
    ws["A2"] = f"填报单位：{reporting_unit(table)}"
    ws.merge_cells(f"A2:{get_column_letter(max(2, ncols // 2))}2")
    right = get_column_letter(max(3, ncols // 2 + 1))
    ws[f"{right}2"] = f"统计期：{period_text(table)}"
    ws.merge_cells(f"{right}2:{last}2")
    ws["A3"] = f"计量单位：{spec.unit}" if spec.unit else ""

    top, bottom = HEADER_ROWS
    ws.cell(top, 1, "分类")
    ws.merge_cells(start_row=top, start_column=1, end_row=bottom, end_column=1)
    ws.cell(top, 2, "项目")
    ws.merge_cells(start_row=top, start_column=2, end_row=bottom, end_column=2)
    col = 3
    for group, span in spec.header_groups():
        if group:
            ws.cell(top, col, group)
            if span > 1:
                ws.merge_cells(
                    start_row=top, start_column=col, end_row=top, end_column=col + span - 1
                )
            for i in range(span):
                ws.cell(bottom, col + i, spec.columns[col - 3 + i].label)
        else:
            ws.cell(top, col, spec.columns[col - 3].label)
            ws.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)
        col += span

    row_no = FIRST_DATA_ROW
    section_start: dict[str, int] = {}
    for row, cells in table.grid():
        if row.section not in section_start:
            section_start[row.section] = row_no
            ws.cell(row_no, 1, row.section)
        ws.cell(row_no, 2, row.label)
        for j, value in enumerate(cells):
            ws.cell(row_no, 3 + j, value)
        if row.total:
            for j in range(1, ncols + 1):
                ws.cell(row_no, j).font = Font(bold=True)
        row_no += 1
    bounds = sorted(section_start.values()) + [row_no]
    for a, b in zip(bounds, bounds[1:], strict=False):
        if b - a > 1:
            ws.merge_cells(start_row=a, start_column=1, end_row=b - 1, end_column=1)

    for r in range(top, row_no):
        for c in range(1, ncols + 1):
            cell = ws.cell(r, c)
            cell.border = BOX
            if r <= bottom or c == 1:
                cell.alignment = CENTRE
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 22
    for c in range(3, ncols + 1):
        ws.column_dimensions[get_column_letter(c)].width = 12
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 3)

    foot = row_no + 1
    reported_on = reported_on or dt.date.today()
    ws.cell(foot, 1, "填报人：")
    ws.cell(foot, 3, "审核人：")
    ws.cell(foot, max(5, ncols - 1), f"报出日期：{ymd(reported_on)}")
    if spec.form:
        ws.cell(foot + 1, 1, f"说明：{spec.form}")
        ws.merge_cells(start_row=foot + 1, start_column=1, end_row=foot + 1, end_column=ncols)
        ws.cell(foot + 1, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[foot + 1].height = 45

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
