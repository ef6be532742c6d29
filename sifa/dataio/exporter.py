"""Export record lists to .xlsx: scoped to the reader, sensitive fields by role, sealed files never."""

from __future__ import annotations

import importlib
import io

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sifa.core import access

from .lookups import Lookups
from .rows import can_see_personal, write_cells
from .schema import SheetSpec, record_models

DATE_FORMAT = "yyyy-mm-dd"


def exportable(user, model, queryset=None):
    """What `user` may take out of the system: scoped, and the line's own export rule.

    A line whose selectors define `exportable_queryset(user)` (e.g. community correction,
    which never exports sealed minors' files) decides for its model.
    """
    qs = queryset if queryset is not None else model._default_manager.all()
    if user is not None:
        qs = access.scope(user, qs)
    try:
        selectors = importlib.import_module(f"{model.__module__.split('.models')[0]}.selectors")
    except ModuleNotFoundError:
        selectors = None
    rule = getattr(selectors, "exportable_queryset", None)
    if rule is not None:
        try:
            allowed = rule(user, model)
        except TypeError:  # a rule for the line's main record type only
            allowed = rule(user)
        if allowed.model is model:
            qs = qs.filter(pk__in=allowed.values("pk"))
    return qs


def write_sheet(wb, spec: SheetSpec, queryset, user, lookups: Lookups) -> int:
    ws = wb.create_sheet(spec.title)
    ws.append(spec.headers)
    personal = can_see_personal(user)
    n = 0
    for obj in queryset.iterator(chunk_size=2000):
        ws.append(write_cells(spec, obj, lookups, personal=personal))
        n += 1
    for index, col in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(
            10, min(40, len(col.header) * 2 + 2)
        )
        if col.kind == "date":
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = DATE_FORMAT
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    return n


def export_workbook(items, user) -> bytes:
    """items: iterable of (model, queryset or None). Returns the .xlsx bytes."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    lookups = Lookups(user)
    for model, queryset in items:
        spec = SheetSpec(model)
        write_sheet(wb, spec, exportable(user, model, queryset), user, lookups)
    if not wb.sheetnames:
        wb.create_sheet("空")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_all(user) -> bytes:
    return export_workbook([(m, None) for m in record_models()], user)
