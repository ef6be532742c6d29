"""The workbook file: opening it (size limits, calamine), the XML part of each sheet, the
formula cells (read from the XML: calamine returns a formula's cached value), merged cells and
Excel's numbers."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl.utils import column_index_from_string, get_column_letter
from python_calamine import CalamineWorkbook

from .result import Rejected

GUIDE_SHEET = "说明"


OPTIONS_SHEET = "选项"  # hidden sheet of dropdown lists in the template


MSG_NOT_XLSX = "文件不是有效的 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再导入。"


def _sheet_paths(data: bytes, z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → path of its XML part inside the .xlsx (workbook.xml and its rels read
    once, by the same parser the limits check uses)."""
    from ..limits import _sheets

    names = set(z.namelist())
    if "xl/workbook.xml" not in names:
        return {}
    sheets, _shared = _sheets(data, z, names)
    return {title: path for title, path in sheets if path in names}


_ANY_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


_FORMULA_CELL = re.compile(
    rb'<(?:\w+:)?c [^>]*?r="([A-Z]+)(\d+)"[^>]*>(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?f[ >/]',
    re.DOTALL,
)


def _formula_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """Sheet title → (row, column index from 0) of every formula cell, read from the XML.

    The fast reader returns a formula's cached value like any other value, so formulas are
    found here; a sheet without one costs a single scan of its XML. The XML is streamed in
    windows of about 1 MiB cut before a cell's start (limits.windows), never read whole.
    """
    from ..limits import windows

    out: dict[str, set[tuple[int, int]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for title, path in _sheet_paths(data, z).items():
            cells: set[tuple[int, int]] = set()
            found = False
            for xml in windows(data, z.getinfo(path)):
                if not _ANY_FORMULA.search(xml):
                    continue
                found = True
                cells.update(
                    (int(row), column_index_from_string(col.decode()) - 1)
                    for col, row in _FORMULA_CELL.findall(xml)
                )
            if found:
                out[title] = cells or {(0, 0)}
    return out


def sheet_heights(data: bytes) -> dict[str, int]:
    """Sheet title → its data rows by the used range the XML declares (`<dimension>`, at the
    start of the sheet's part: only its first window is read), for the progress bar; a sheet
    without one is left out. Parsing a sheet to count its rows would read it twice."""
    from ..limits import _DIMENSION, _ref, windows

    out: dict[str, int] = {}
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        paths = _sheet_paths(data, z)
    except Exception:  # noqa: BLE001 - progress only: the reader reports a broken file
        return out
    with z:
        for title, path in paths.items():
            for xml in windows(data, z.getinfo(path)):
                found = _DIMENSION.search(xml)
                corner = found and _ref(
                    found.group(1).decode("ascii", "replace").rpartition(":")[2]
                )
                if corner:
                    out[title] = max(0, corner[0] - 1)
                break
    return out


def open_workbook(data: bytes):
    """The workbook, read by calamine (Rust; an order of magnitude faster than openpyxl).

    First `limits.check_workbook` refuses, from the zip's directory and a streamed scan of
    the XML, a workbook whose size, compression, sheets, rows, columns, cells or text pass
    settings.SIFA_IMPORT_LIMITS, so the memory of an import is bounded (see limits).
    """
    from ..limits import LimitExceeded, check_workbook

    if not data.startswith(b"PK\x03\x04"):
        raise Rejected(MSG_NOT_XLSX)
    try:
        check_workbook(data)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "xl/workbook.xml" not in z.namelist():
                raise Rejected(MSG_NOT_XLSX)
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except LimitExceeded as exc:
        raise Rejected(str(exc)) from None
    except Rejected:
        raise
    except Exception:  # noqa: BLE001 - any parse failure is the same message to the user
        raise Rejected(MSG_NOT_XLSX)


class SheetRows:
    """A sheet's rows from A1, as `to_python(skip_empty_area=False)` gives them, converted
    anew on each iteration from the range the reader holds: an import passes over a sheet two
    or three times (its keys, then its rows), and a list of 100,000 rows of Python values
    would outweigh the records built from them. calamine's `iter_rows` starts at the first
    used column; the columns left of it are given back as empty cells."""

    def __init__(self, sheet):
        self.sheet = sheet

    def __iter__(self):
        start = self.sheet.start
        if start is None:  # an empty sheet
            return
        pad = [""] * start[1]
        for row in self.sheet.iter_rows():
            yield pad + row if pad else row


def _merged(sheet) -> list[str]:
    ranges = getattr(sheet, "merged_cell_ranges", None) or []
    return [
        f"{get_column_letter(c1 + 1)}{r1 + 1}:{get_column_letter(c2 + 1)}{r2 + 1}"
        for (r1, c1), (r2, c2) in ranges
    ]


def _number(value):
    """Excel keeps every number as a float; a whole number reads as an int (as openpyxl did)."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value
