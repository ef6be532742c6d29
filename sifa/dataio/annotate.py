"""An annotated copy of a rejected workbook: bad cells filled red with the message as a comment."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

BAD = PatternFill("solid", fgColor="FFC7CE")


MSG_TOO_LARGE = (
    "文件较大（工作表解压后超过 {limit}），没有生成标注了错误的副本。"
    "请下载问题清单（列出每处问题的工作表、行、列和说明），按清单逐条修改。"
)

ERROR_LIST_HEADERS = ["工作表", "行", "列", "问题"]


def error_list(problems) -> bytes:
    """Every problem of a rejected file as a small workbook (sheet, row, column, message): what a
    clerk works through when the file is too large for an annotated copy. Written row by row
    (openpyxl write-only), so its memory does not grow with the uploaded file."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("问题清单")
    ws.append(ERROR_LIST_HEADERS)
    for p in problems:
        ws.append([p.sheet, p.row, p.column or None, p.message])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def too_large(data: bytes) -> str | None:
    """The annotation limit (as text) when the workbook's sheets are too large to annotate.

    An annotated copy means loading the whole workbook with openpyxl, which takes about 15 times
    the sheets' XML in memory; beyond `annotate_bytes` (SIFA_IMPORT_LIMITS) the problems are
    listed without a copy, so a rejected large file stays within the import's memory bound."""
    from .limits import limits, size_text

    cap = limits().get("annotate_bytes", 20 * 1024 * 1024)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            size = sum(i.file_size for i in z.infolist() if i.filename.startswith("xl/worksheets/"))
    except zipfile.BadZipFile:
        return None
    return size_text(cap) if size > cap else None


def annotate(data: bytes, problems) -> bytes | None:
    if too_large(data) is not None:
        return None
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
