"""Import a workbook: validate every row by the entry screens' rules, then write all or nothing.

1. The file must be a real .xlsx; every sheet must be a known record type (or the 说明 sheet)
   with the template's headers; merged cells and formulas are refused.
2. Every row is read and validated by the same services the entry screens use (the
   validation and save its record type declares in the registry, `sifa.core.registry`) and
   the user's write rights.
3. Any problem → nothing is written; the result lists every problem (sheet, row, column,
   Chinese message) and carries an annotated copy of the workbook with the bad cells marked.
4. No problem → one transaction writes every row through the service, records the batch
   (who, when, file digest, counts) and what each row changed, so the batch can be rolled back.
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
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import io
import itertools
import logging
import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from xml.sax.saxutils import unescape as xml_unescape

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, Model
from django.utils import timezone
from openpyxl.utils import column_index_from_string, get_column_letter
from python_calamine import CalamineWorkbook

from sifa.core import registry
from sifa.core.audit import deferred_create_history, record_write
from sifa.core.models import Record
from sifa.core.services import (
    note_created,
    one_submission,
    record_create_many,
    record_save,
)

from .cells import MSG_FORMULA, CellError, is_blank
from .lookups import Lookups, _links, attach_planned, is_planned
from .models import ImportBatch, ImportedRow
from .rows import apply, cell_reader, split_measures
from .schema import SheetSpec, is_organisation, specs
from .validation import BulkContext
from .writes import check_write, plain_save

logger = logging.getLogger(__name__)

GUIDE_SHEET = "说明"
OPTIONS_SHEET = "选项"  # hidden sheet of dropdown lists in the template
MSG_NOT_XLSX = "文件不是有效的 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再导入。"
MSG_EMPTY_BOOK = "工作簿中没有可导入的工作表。"
MSG_UNKNOWN_SHEET = "未知的工作表“{title}”：工作表名称应与导入模板一致。"
MSG_EMPTY_SHEET = "工作表为空：第一行应为列名。"
MSG_UNKNOWN_COLUMN = "未知的列“{header}”（是否改过列名？请使用导入模板的列名）。"
MSG_MISSING_COLUMN = "缺少必填列“{header}”。"
MSG_MERGED = "工作表含有合并单元格（{ranges}），请取消合并后再导入。"
MSG_DUPLICATE_ROW = "与第{row}行是同一条记录（{key}），请删除重复行。"
MSG_NO_ROWS = "工作表没有数据行。"
MSG_WRITE_RULE = "{message}（写入时按本文件中前面各行核对发现；本次没有写入任何数据）"
MSG_DATABASE_REFUSED = (
    "写入时数据库拒绝了数据，可能与已有记录重复或不符合数据约束；没有写入任何数据，"
    "请核对后重新导入。"
)
MSG_DATABASE_RULE = "写入时数据库拒绝了数据：{message}没有写入任何数据，请核对后重新导入。"


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”"
        if self.row:
            where += f"第{self.row}行"
        if self.column:
            where += f"“{self.column}”列"
        return f"{where}：{self.message}"


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0}
    )
    batch: ImportBatch | None = None
    annotated: bytes | None = None
    # Why no annotated copy was made for a rejected file (too large to annotate), or "".
    annotation_note: str = ""
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class Rejected(Exception):
    """The file as a whole cannot be read."""


@dataclass
class Planned:
    spec: SheetSpec
    obj: object
    created: bool
    before: dict | None
    row: int | None = None  # the row of the sheet, for a problem found only while writing


def _sheet_paths(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → path of its XML part inside the .xlsx."""
    names = set(z.namelist())
    if "xl/workbook.xml" not in names:
        return {}
    book = z.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = (
        z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        if "xl/_rels/workbook.xml.rels" in names
        else ""
    )
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    out = {}
    for title, rid in re.findall(r'<(?:\w+:)?sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', book):
        path = targets.get(rid, "")
        path = path.lstrip("/") if path.startswith("/") else f"xl/{path}"
        if path in names:
            out[xml_unescape(title, {"&quot;": '"', "&apos;": "'"})] = path
    return out


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
    from .limits import windows

    out: dict[str, set[tuple[int, int]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for title, path in _sheet_paths(z).items():
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


def open_workbook(data: bytes):
    """The workbook, read by calamine (Rust; an order of magnitude faster than openpyxl).

    First `limits.check_workbook` refuses, from the zip's directory and a streamed scan of
    the XML, a workbook whose size, compression, sheets, rows, columns, cells or text pass
    settings.SIFA_IMPORT_LIMITS, so the memory of an import is bounded (see limits).
    """
    from .limits import LimitExceeded, check_workbook

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


def _services(model):
    """(save, form-time check) of `model`: those its record type declares in the registry, a
    declared child's own save, else the generic ones."""
    if is_organisation(model):
        return _attaching(plain_save), None
    rt = registry.find(model)
    if rt is not None:
        return _attaching(rt.save_service()), rt.validate
    parent = registry.parent_of(model)
    if parent is not None and parent[1].save is not None:
        return _attaching(parent[1].save), None
    if not issubclass(model, Record):
        return _attaching(plain_save), None
    return _attaching(record_save), None


def _attaching(save):
    """`save` that first fills the links to parents saved earlier in the same import."""

    def attached_save(obj, *, user):
        new = obj._state.adding
        try:
            saved = save(attach_planned(obj), user=user)
        except (ValidationError, PermissionDenied) as exc:
            raise RowRejected(obj, exc) from exc
        if new:
            note_created(saved)
        return saved

    return attached_save


@functools.cache
def _takes_clean(check) -> bool:
    """Whether a line's form-time check takes `clean` (see registry.RecordType.validate)."""
    if check is None:
        return False
    try:
        return "clean" in inspect.signature(check).parameters
    except (TypeError, ValueError):
        return False


class RowRejected(Exception):
    """A rule that could only be checked once the rows before it were written failed: the
    transaction is rolled back and the row becomes a problem like any other."""

    def __init__(self, obj, error):
        super().__init__(str(error))
        self.obj, self.error = obj, error


def _bulk_writer(model):
    """How new rows of `model` are written many at a time, or None (one service save each).

    The record type's declared bulk save (`save_many` in its records.py), else the bulk form
    of a save made by `record_service`, else `record_create_many` for a type saved by the
    generic `record_save` (created_by, history, in bulk). Child tables and types whose save has
    no bulk form are written one service save at a time.
    """
    if is_organisation(model):
        return None
    rt = registry.find(model)
    if rt is None:
        found = registry.parent_of(model)
        if found is not None:
            return found[1].save_many  # a child's declared bulk save, else one save each
        return record_create_many if issubclass(model, Record) else None
    return rt.bulk_service() if rt.has_bulk() else None


def _key_value(value):
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    return value


class SheetReader:
    """Reads and validates one sheet into planned writes and problems."""

    def __init__(
        self, spec: SheetSpec, user, lookups: Lookups, result: ImportResult, context: BulkContext
    ):
        self.spec, self.user, self.lookups, self.result = spec, user, lookups, result
        self.context = context
        self.model = spec.model
        self.key_fields = spec.natural_key
        self.save, self.check = _services(self.model)
        # the line's check runs the model's rules with the import's validation, if it runs them
        self.check_kwargs = {"clean": context.validate} if _takes_clean(self.check) else {}
        self.existing = self._existing()
        self.seen: dict[tuple, int] = {}
        self.repeats: dict[tuple, int] = {}
        self._prepare_builder()

    def _prepare_builder(self) -> None:
        """What `_build` needs: the model's fields in constructor order and their defaults."""
        fields = self.model._meta.concrete_fields
        self._slot = {f.name: i for i, f in enumerate(fields)}
        self._dynamic = [
            (i, f) for i, f in enumerate(fields) if f.has_default() and callable(f.default)
        ]
        self._template = [
            None if (f.has_default() and callable(f.default)) else f.get_default() for f in fields
        ]
        self._relations = {
            c.name: self.model._meta.get_field(c.name)
            for c in self.spec.columns
            if c.kind in ("region", "unit", "fk")
        }
        # a choice stored as a number (a region's level) is read from its text key
        self._converted = {
            c.name: self.model._meta.get_field(c.name).to_python
            for c in self.spec.columns
            if c.kind == "choice" and not isinstance(self.model._meta.get_field(c.name), CharField)
        }

    def _build(self, values: dict):
        """A new instance from parsed cell values: Django's positional constructor (a quarter
        of the keyword one's cost), related records attached from the lookups (no query)."""
        args = list(self._template)
        for i, f in self._dynamic:
            args[i] = f.get_default()
        fields, quantities = split_measures(values)
        for name, value in fields.items():
            if name in self._relations and isinstance(value, Model):
                value = value.pk  # a parent planned earlier in this import: attached below
            elif name in self._converted and value != "":
                value = self._converted[name](value)
            args[self._slot[name]] = value
        if quantities is not None:
            args[self._slot["quantities"]] = quantities
        obj = self.model(*args)
        for name, relation in self._relations.items():
            value = values.get(name)
            if isinstance(value, Model):
                relation.set_cached_value(obj, value)
            elif value is not None:
                related = self.lookups.instance(relation.related_model, value)
                if related is not None:
                    relation.set_cached_value(obj, related)
        return obj

    def _key_of_obj(self, obj) -> tuple:
        """The natural key; a row whose key is incomplete (an optional case number left
        blank) is known by all its values instead."""
        if self.key_fields:
            key = tuple(_key_value(self._field_value(obj, f)) for f in self._key_fields)
            if all(k is not None and k != "" for k in key):
                return key
        return ("",) + tuple(_key_value(v) for v in self._row_identity(obj))

    @cached_property
    def _key_fields(self) -> list:
        return [self.model._meta.get_field(f) for f in self.key_fields]

    @cached_property
    def _identity_fields(self) -> list:
        return [
            col.name if col.name.startswith("measure:") else self.model._meta.get_field(col.name)
            for col in self.spec.columns
        ]

    @staticmethod
    def _field_value(obj, f):
        """The stored value of a field; a link to a parent planned in this import (no key
        yet) is that parent object itself, so two new parents' children stay apart."""
        if f.is_relation and f.is_cached(obj):
            related = f.get_cached_value(obj)
            if related is not None and is_planned(related):
                return ("planned", id(related))
        return obj.__dict__.get(f.attname)

    def _row_identity(self, obj):
        out = []
        for f in self._identity_fields:
            if isinstance(f, str):
                out.append((obj.__dict__.get("quantities") or {}).get(f.split(":", 1)[1]))
            else:
                out.append(self._field_value(obj, f))
        return out

    def _existing(self) -> dict[tuple, list]:
        out: dict[tuple, list] = {}
        for o in self.model._default_manager.all():
            out.setdefault(self._key_of_obj(o), []).append(o)
        return out

    def problem(self, row, column, message):
        self.result.problems.append(Problem(self.spec.title, row, column, message))

    def read(self, rows: list[list], formulas: set, plan: list[Planned], progress=None) -> None:
        """`rows`: the sheet's values from A1, one list per row; `formulas`: (row, column)."""
        self.formulas = formulas
        header = rows[0] if rows else None
        if header is None or all(is_blank(v) for v in header):
            self.problem(None, None, MSG_EMPTY_SHEET)
            return
        columns = self._columns(header)
        if columns is None:
            return
        any_row = False
        for row_no, values in enumerate(rows[1:], start=2):
            if all(v == "" or is_blank(v) for v in values):
                continue
            any_row = True
            self._row(row_no, values, columns, plan)
            if progress:
                progress(1)
        if not any_row:
            self.problem(None, None, MSG_NO_ROWS)

    def _columns(self, headers):
        columns, ok = [], True
        for index, header in enumerate(headers):
            if is_blank(header):
                continue
            col = self.spec.column(str(header).strip())
            if col is None:
                self.problem(1, str(header), MSG_UNKNOWN_COLUMN.format(header=header))
                ok = False
            else:
                columns.append((index, col, cell_reader(col, self.lookups)))
        present = {c.header for _, c, _ in columns}
        for col in self.spec.columns:
            if col.required and col.header not in present:
                self.problem(1, col.header, MSG_MISSING_COLUMN.format(header=col.header))
                ok = False
        return columns if ok else None

    def _row(self, row_no, cells, columns, plan):
        values, bad = {}, False
        width, formulas = len(cells), self.formulas
        for index, col, read in columns:
            raw = _number(cells[index]) if index < width else None
            if formulas and (row_no, index) in formulas:
                self.problem(row_no, col.header, MSG_FORMULA)
                bad = True
                continue
            try:
                values[col.name] = read(raw)
            except CellError as exc:
                self.problem(row_no, col.header, str(exc))
                bad = True
        if bad:
            return
        obj = self._build(values)
        key = self._key_of_obj(obj)
        occurrence = self.repeats.get(key, 0)
        if key in self.seen and key[:1] != ("",):  # the same natural key twice
            self.problem(
                row_no,
                None,
                MSG_DUPLICATE_ROW.format(
                    row=self.seen[key],
                    key="、".join(str(k) for k in key if k not in (None, ""))[:60],
                ),
            )
            return
        # A row known by all its values (no natural key): identical rows are separate
        # records (two consultations on one day), matched one to one in order.
        self.seen.setdefault(key, row_no)
        self.repeats[key] = occurrence + 1
        candidates = self.existing.get(key, ())
        existing = candidates[occurrence] if occurrence < len(candidates) else None
        before = None
        if existing is not None:
            attnames = self._attnames
            before = {n: getattr(existing, attnames[n]) for n in values if n in attnames}
            if any(n.startswith("measure:") for n in values):
                before["quantities"] = dict(existing.quantities or {})
            apply(self.spec, existing, values, self.lookups)
            if self._unchanged(existing, before):
                self.result.counts["unchanged"] += 1
                return
            obj = existing
        if not self._validate(obj, row_no):
            return
        plan.append(Planned(self.spec, obj, existing is None, _jsonable(before), row_no))
        self.lookups.register(self.model, obj)  # children further on may name it

    def _unchanged(self, obj, before) -> bool:
        attnames = self._attnames
        for name, old in before.items():
            if getattr(obj, attnames.get(name, name)) != old:  # "quantities" is its own name
                return False
        return True

    @cached_property
    def _attnames(self) -> dict[str, str]:
        """Column name → attribute holding its value (a link's key column), measures aside."""
        return {
            c.name: self.model._meta.get_field(c.name).attname
            for c in self.spec.columns
            if not c.name.startswith("measure:")
        }

    def _validate(self, obj, row_no) -> bool:
        try:
            check_write(self.user, obj)
            if self.check:
                self.check(obj, user=self.user, **self.check_kwargs)
            if id(obj) not in self.context.validated:  # the check did not run the model's rules
                self.context.validate(obj)
        except PermissionDenied as exc:
            self.problem(row_no, None, str(exc) or "无权写入此记录。")
            return False
        except ValidationError as exc:
            for name, messages in _error_dict(exc).items():
                col = None if name == NON_FIELD_ERRORS else self._header(name)
                for message in messages:
                    self.problem(row_no, col, message)
            return False
        return True

    def _header(self, name: str) -> str | None:
        for col in self.spec.columns:
            if col.name == name:
                return col.header
        return None


def _error_dict(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {NON_FIELD_ERRORS: exc.messages}


def _jsonable(values):
    if values is None:
        return None
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def import_workbook(
    data: bytes, *, user, filename: str = "导入.xlsx", dry_run: bool = False, progress=None
) -> ImportResult:
    """Validate and (unless dry_run or invalid) write a workbook; see the module docstring.

    A dry run goes as far as the real import: the rows are written in a transaction that is
    then rolled back, so the rules that read rows written earlier in the same file (a parent
    the file creates, a sibling) are checked exactly as the import checks them. A dry run that
    passes means the import passes; either reports every bad row at once."""
    result = ImportResult(dry_run=dry_run)
    try:
        wb = open_workbook(data)
        formulas = _formula_cells(data)
    except Rejected as exc:
        result.problems.append(Problem(filename, None, None, str(exc)))
        return result
    with BulkContext() as context:
        plan = _read(wb, filename, user, formulas, result, context, progress)
        wb.close()
        if not result.problems:
            for p in plan:
                result.counts["created" if p.created else "updated"] += 1
            try:
                with one_submission():
                    batch = _write(
                        plan, data, filename, user, result.counts, context, dry_run=dry_run
                    )
                result.batch = None if dry_run else batch
            except _Undone as undone:  # nothing was written (one transaction, rolled back)
                result.problems.extend(undone.problems)
            except IntegrityError as exc:
                logger.warning("import %s refused by the database: %s", filename, exc)
                result.problems.append(Problem(filename, None, None, _refusal_message(exc)))
    if result.problems:
        from .annotate import MSG_TOO_LARGE, annotate, too_large

        result.counts = {"created": 0, "updated": 0, "unchanged": 0}
        limit = too_large(data)
        if limit is not None:
            result.annotation_note = MSG_TOO_LARGE.format(limit=limit)
        else:
            result.annotated = annotate(data, result.problems)
    return result


class _Undone(Exception):
    """Raised out of the write transaction to roll it back: a dry run, or rows refused."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _refusal_message(exc: IntegrityError) -> str:
    """The Chinese message of the constraint the database names, else a general one (the
    driver's own text goes to the log, not to the user)."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    text = str(exc)
    for model in _constraint_models():
        for constraint in model._meta.constraints:
            if constraint.name == name or (name is None and constraint.name in text):
                message = getattr(constraint, "violation_error_message", None)
                if message and "%(name)s" not in str(message):
                    return MSG_DATABASE_RULE.format(message=message)
    return MSG_DATABASE_REFUSED


def _constraint_models():
    from django.apps import apps

    return [m for m in apps.get_models() if m._meta.constraints]


def _write_problems(p: Planned, error) -> list[Problem]:
    """A row refused while writing, as problems on its sheet, row and column."""
    sheet, row = p.spec.title, p.row
    if isinstance(error, PermissionDenied):
        return [Problem(sheet, row, None, str(error) or "无权写入此记录。")]
    out = []
    for name, messages in _error_dict(error).items():
        column = None
        if name != NON_FIELD_ERRORS:
            column = next((c.header for c in p.spec.columns if c.name == name), None)
        for message in messages:
            out.append(Problem(sheet, row, column, MSG_WRITE_RULE.format(message=message)))
    return out


def _depends_on(obj, refused: set[int]) -> bool:
    """True when `obj` links to a row of this import that was refused (never saved)."""
    for f in _links(type(obj)):
        related = f.get_cached_value(obj) if f.is_cached(obj) else None
        if related is not None and (id(related) in refused or is_planned(related)):
            return True
    return False


def _read(wb, filename, user, formulas, result, context, progress) -> list[Planned]:
    known = specs()
    lookups = Lookups(user)
    plan: list[Planned] = []
    titles = [
        m.name
        for m in wb.sheets_metadata
        if m.name not in (GUIDE_SHEET, OPTIONS_SHEET) and "WorkSheet" in str(m.typ)
    ]
    # Parents before children, whatever the order of sheets in the file (known is in
    # dependency order; unknown sheets only produce problems).
    order = {title: index for index, title in enumerate(known)}
    titles.sort(key=lambda title: order.get(title, -1))
    if not titles:
        result.problems.append(Problem(filename, None, None, MSG_EMPTY_BOOK))
    for title in titles:
        if title not in known:
            result.problems.append(
                Problem(title, None, None, MSG_UNKNOWN_SHEET.format(title=title))
            )
            continue
        try:
            sheet = wb.get_sheet_by_name(title)
            merged = _merged(sheet)
            rows = sheet.to_python(skip_empty_area=False)
        except Exception:  # noqa: BLE001 - a sheet the reader cannot read is the file's fault
            result.problems.append(Problem(title, None, None, MSG_NOT_XLSX))
            continue
        if merged:
            result.problems.append(
                Problem(title, None, None, MSG_MERGED.format(ranges="、".join(merged[:5])))
            )
            continue
        reader = SheetReader(known[title], user, lookups, result, context)
        reader.read(rows, formulas.get(title, set()), plan, progress)
        del rows
    return plan


def _write(
    plan: list[Planned],
    data: bytes,
    filename: str,
    user,
    counts,
    context: BulkContext,
    *,
    dry_run: bool = False,
) -> ImportBatch:
    """Write the plan in one transaction. A row a rule refuses while writing (one that reads
    rows written before it) does not stop the others: every such row is reported, and the
    transaction rolled back (_Undone), as it is after a dry run. The bulk writers are told
    which rows `context` validated (they re-run those rows' clean() only); a row written by
    its one-row save is validated by that save as on any other door."""
    problems: list[Problem] = []
    refused: set[int] = set()  # id() of the planned objects not written
    with (
        transaction.atomic(),
        record_write(user),
        deferred_create_history(user),
    ):
        batch = ImportBatch.objects.create(
            user=user if getattr(user, "pk", None) else None,
            filename=filename[:255],
            digest=hashlib.sha256(data).hexdigest(),
            counts=counts,
        )
        rows = []

        def refuse(p: Planned, error) -> None:
            refused.add(id(p.obj))
            if error is not None:
                problems.extend(_write_problems(p, error))

        # Plan order is sheet order (parents before children): write each run of one type.
        for (model, created), group in itertools.groupby(
            plan, key=lambda p: (p.spec.model, p.created)
        ):
            group = list(group)
            if refused:  # a row whose parent was refused is not written (its parent is reported)
                for p in group:
                    if _depends_on(p.obj, refused):
                        refuse(p, None)
                group = [p for p in group if id(p.obj) not in refused]
            ct = ContentType.objects.get_for_model(model)
            writer = _bulk_writer(model) if created else None
            if writer is not None:
                objs = _write_many(writer, group, user, refuse, context.validated)
                for obj in objs:
                    note_created(obj)
                rows.extend(_runs(batch, ct, sorted(o.pk for o in objs)))
                continue
            save, _check = _services(model)
            for p in group:
                try:
                    obj = save(p.obj, user=user)
                except RowRejected as exc:
                    refuse(p, exc.error)
                    continue
                rows.append(
                    ImportedRow(
                        batch=batch,
                        content_type=ct,
                        object_id=obj.pk,
                        created=p.created,
                        before=p.before,
                    )
                )
        problems.extend(_children_problems(plan, refused))
        if problems or dry_run:
            raise _Undone(problems)
        ImportedRow.objects.bulk_create(rows, batch_size=1000)
        batch.finished_at = timezone.now()
        batch.save(update_fields=["finished_at"])
    return batch


def _children_problems(plan: list[Planned], refused: set[int]) -> list[Problem]:
    """The children rules of every parent this import writes or whose children it writes (a
    mediation case needs two parties), checked once all rows are written, against the rows
    the parent then has: the same declaration (registry.Child) the entry screen and the API
    check. Reported on the parent's row when the file holds it, else on the child's. The
    children of many parents are read in one query per chunk, not one per parent."""
    parents: dict = {}  # (record type, parent pk) -> (parent, creating, sheet, row)
    for p in plan:
        if id(p.obj) in refused:
            continue
        rt = registry.find(p.spec.model)
        if rt is not None and rt.children:
            parent, creating = p.obj, p.created
        else:
            found = registry.parent_of(p.spec.model)
            if found is None:
                continue
            rt, child = found
            parent, creating = getattr(p.obj, child.link, None), False
        if parent is not None and parent.pk is not None:
            parents.setdefault((rt, parent.pk), (parent, creating, p.spec.title, p.row))
    out: list[Problem] = []
    by_type: dict = {}
    for (rt, _pk), entry in parents.items():
        by_type.setdefault(rt, []).append(entry)
    for rt, entries in by_type.items():
        for child in rt.children:
            if not child.min_count and child.rule is None:
                continue
            for start in range(0, len(entries), 5000):
                chunk = entries[start : start + 5000]
                rows: dict = {}
                link_id = child.model._meta.get_field(child.link).attname
                found = child.model._default_manager.filter(
                    **{f"{link_id}__in": [e[0].pk for e in chunk]}
                )
                for row in found:
                    rows.setdefault(getattr(row, link_id), []).append(row)
                for parent, creating, sheet, row_no in chunk:
                    kids = rows.get(parent.pk, [])
                    for message in child.problems(parent, kids, creating=creating):
                        out.append(Problem(sheet, row_no, None, message))
    return out


def _write_many(writer, group: list[Planned], user, refuse, validated) -> list:
    """New rows of one type by their bulk writer; when it refuses, row by row (each in a
    savepoint), so that every refused row is known."""
    if not group:
        return []
    try:
        with transaction.atomic():
            return writer([attach_planned(p.obj) for p in group], user=user, validated=validated)
    except (ValidationError, PermissionDenied):
        pass
    written = []
    for p in group:
        if p.obj.pk is not None and not p.obj._state.adding:
            p.obj.pk = None  # not written: the savepoint above was rolled back
        try:
            with transaction.atomic():
                written.extend(writer([attach_planned(p.obj)], user=user, validated=validated))
        except (ValidationError, PermissionDenied) as exc:
            refuse(p, exc)
    return written


def _runs(batch, ct, pks: list[int]) -> list[ImportedRow]:
    """New records as runs of consecutive primary keys (one ImportedRow per run)."""
    out = []
    for _, run in itertools.groupby(enumerate(pks), key=lambda item: item[1] - item[0]):
        run = [pk for _, pk in run]
        out.append(
            ImportedRow(
                batch=batch,
                content_type=ct,
                object_id=run[0],
                last_object_id=run[-1] if len(run) > 1 else None,
                created=True,
            )
        )
    return out
