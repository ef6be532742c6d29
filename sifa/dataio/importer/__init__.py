"""Import a workbook: validate every row by the entry screens' rules, then write all or nothing.

1. The file must be a real .xlsx; every sheet must be a known record type (or the 说明 sheet)
   with the template's headers; merged cells and formulas are refused.
2. Every row is read and validated by the same services the entry screens use (the
   validation and save its record type declares in the registry, `sifa.core.registry`) and
   the user's write rights.
3. Rows are written through the services as they are read, a chunk at a time, in one
   transaction (`write.PlanWriter`), which also records the batch (who, when, file digest,
   counts) and what each row changed, so the batch can be rolled back.
4. Any problem → the transaction is rolled back: nothing is written; the result lists every
   problem (sheet, row, column, Chinese message) and carries an annotated copy of the
   workbook with the bad cells marked. A dry run is rolled back the same way.
Re-importing the same file matches rows on each type's natural key and changes nothing (a
type without one, or a row whose key is left blank, is matched on the whole row; identical
rows are that many records).

Sheets are read and written parents first (schema.sheet_models), whatever their order in the
file. A row planned in an earlier sheet is registered in the lookups under its label, so a
child row names a parent the same import creates: the child holds the parent object, model
validation skips that link (core.services) and the write fills in its key once the parent is
saved. Organisation sheets (regions, units, county profile) are for the system or an
administrator only; child rows that are not records follow the rights on their parent.

Speed: the file is read by calamine; rows are validated by one `dataio.validation.BulkContext`
(no query per row: related records come from the lookups, CheckConstraints are read in
Python, unique keys are read once); new rows of a type whose line declares a bulk writer
(`save_many` in its records.py, a save made by `record_service`, or the generic
`record_create_many`) are written many at a time (COPY on PostgreSQL).

Modules: `ooxml` (the file: limits, sheets, formula and merged cells), `result` (problems, the
result, planned writes), `saves` (which service writes a row), `plan` (the read: rows built,
matched and validated), `write` (the writes as the rows come, the children check, the refusals);
this module runs them (`import_workbook`) and re-exports what other modules use.
"""

from __future__ import annotations

import contextlib
import gc
import logging

from django.db import IntegrityError

from sifa.core.services import one_submission

from ..validation import BulkContext
from .ooxml import (
    GUIDE_SHEET,
    MSG_NOT_XLSX,
    OPTIONS_SHEET,
    _formula_cells,
    open_workbook,
    sheet_heights,
)
from .plan import (
    MSG_DUPLICATE_ROW,
    MSG_EMPTY_BOOK,
    MSG_EMPTY_SHEET,
    MSG_MERGED,
    MSG_MISSING_COLUMN,
    MSG_NO_ROWS,
    MSG_UNKNOWN_COLUMN,
    MSG_UNKNOWN_SHEET,
    SheetReader,
    _read,
)
from .result import ImportResult, Planned, Problem, Progress, Rejected, as_progress
from .saves import RowRejected, _services
from .write import (
    MSG_DATABASE_REFUSED,
    MSG_DATABASE_RULE,
    MSG_WRITE_RULE,
    PlanWriter,
    _refusal_message,
    _Undone,
)

__all__ = [
    "GUIDE_SHEET",
    "MSG_DATABASE_REFUSED",
    "MSG_DATABASE_RULE",
    "MSG_DUPLICATE_ROW",
    "MSG_EMPTY_BOOK",
    "MSG_EMPTY_SHEET",
    "MSG_MERGED",
    "MSG_MISSING_COLUMN",
    "MSG_NOT_XLSX",
    "MSG_NO_ROWS",
    "MSG_UNKNOWN_COLUMN",
    "MSG_UNKNOWN_SHEET",
    "MSG_WRITE_RULE",
    "OPTIONS_SHEET",
    "ImportResult",
    "Planned",
    "Problem",
    "Progress",
    "Rejected",
    "RowRejected",
    "SheetReader",
    "_formula_cells",
    "_services",
    "import_workbook",
    "open_workbook",
]

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def _few_collections():
    """The cyclic garbage collector run less often while an import builds its rows: the rows
    of a chunk and the parents a later sheet names are many small objects that live until
    written, and with the default threshold every 700 allocations the collector kept scanning
    them (a seventh of a 100,000-case import's time). Reference counting frees as before."""
    old = gc.get_threshold()
    gc.set_threshold(50_000, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def import_workbook(
    data: bytes, *, user, filename: str = "导入.xlsx", dry_run: bool = False, progress=None
) -> ImportResult:
    """Validate and (unless dry_run or invalid) write a workbook; see the module docstring.

    A dry run goes as far as the real import: the rows are written in a transaction that is
    then rolled back, so the rules that read rows written earlier in the same file (a parent
    the file creates, a sibling) are checked exactly as the import checks them. A dry run that
    passes means the import passes; either reports every bad row at once."""
    result = ImportResult(dry_run=dry_run)
    progress = as_progress(progress)
    try:
        wb = open_workbook(data)
        formulas = _formula_cells(data)
        heights = sheet_heights(data)
    except Rejected as exc:
        result.problems.append(Problem(filename, None, None, str(exc)))
        return result
    with BulkContext() as context, _few_collections():
        try:
            with (
                one_submission(),
                PlanWriter(
                    data, filename, user, result, context, dry_run=dry_run, progress=progress
                ) as writer,
            ):
                _read(wb, filename, user, formulas, result, context, progress, heights, writer)
                wb.close()
                batch = writer.finish()
            result.batch = None if dry_run else batch
        except _Undone as undone:  # nothing was written (one transaction, rolled back)
            result.problems.extend(undone.problems)
        except IntegrityError as exc:
            logger.warning("import %s refused by the database: %s", filename, exc)
            result.problems.append(Problem(filename, None, None, _refusal_message(exc)))
    if result.problems:
        from ..annotate import MSG_TOO_LARGE, annotate, error_list, too_large

        result.counts = {"created": 0, "updated": 0, "unchanged": 0}
        limit = too_large(data)
        if limit is not None:
            result.annotation_note = MSG_TOO_LARGE.format(limit=limit)
        else:
            result.annotated = annotate(data, result.problems)
        if result.annotated is None:  # no copy to mark: every problem as a list to download
            result.error_list = error_list(result.problems)
    return result
