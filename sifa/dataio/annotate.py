"""An annotated copy of a rejected workbook: bad cells filled red with the message as a comment."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

BAD = PatternFill("solid", fgColor="FFC7CE")


def annotate(data: bytes, problems) -> bytes | None:
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - the file itself was unreadable: nothing to annotate
        return None
    notes: dict[tuple[str, int, int], list[str]] = {}
    for p in problems:
        if p.sheet not in wb.sheetnames:
            continue
        ws = wb[p.sheet]
        row = p.row or 1
        col = 1
        if p.column:
            for cell in ws[1]:
                if cell.value is not None and str(cell.value).strip() == p.column:
                    col = cell.column
                    break
        notes.setdefault((p.sheet, row, col), []).append(p.message)
    for (sheet, row, col), messages in notes.items():
        cell = wb[sheet].cell(row=row, column=col)
        cell.fill = BAD
        cell.comment = Comment("\n".join(messages), "司法业务系统", width=300, height=120)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
