"""The read phase: each sheet's rows read, built into model instances (related records from
the lookups, no query), matched to existing records by natural key and validated by the
import's BulkContext and the line's check, into a plan of writes and a list of problems."""

from __future__ import annotations

import itertools
from functools import cached_property

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import CharField, Model

from sifa.core import registry

from ..cells import MSG_FORMULA, CellError, is_blank
from ..lookups import Lookups, is_planned
from ..rows import apply, cell_reader, split_measures
from ..schema import SheetSpec, specs
from ..validation import BulkContext
from ..writes import check_write
from .ooxml import GUIDE_SHEET, MSG_NOT_XLSX, OPTIONS_SHEET, SheetRows, _merged, _number
from .result import ImportResult, Planned, Problem, _error_dict, as_progress
from .saves import _services, _takes_clean

# field kinds whose cell value is the stored value itself (a narrowing filter can use it)
NARROWING_KINDS = frozenset({"text", "choice", "date", "int", "region", "unit", "fk"})

MSG_EMPTY_BOOK = "工作簿中没有可导入的工作表。"


MSG_UNKNOWN_SHEET = "未知的工作表“{title}”：工作表名称应与导入模板一致。"


MSG_EMPTY_SHEET = "工作表为空：第一行应为列名。"


MSG_UNKNOWN_COLUMN = "未知的列“{header}”（是否改过列名？请使用导入模板的列名）。"


MSG_MISSING_COLUMN = "缺少必填列“{header}”。"


MSG_MERGED = "工作表含有合并单元格（{ranges}），请取消合并后再导入。"


MSG_DUPLICATE_ROW = "与第{row}行是同一条记录（{key}），请删除重复行。"


MSG_NO_ROWS = "工作簿中没有任何数据行：请在对应的工作表中填写要导入的记录（其余工作表可以留空）。"


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
        self.existing: dict[tuple, list] = {}  # loaded in read(), for the file's rows only
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
                # a parent this import creates (planned, or written already): attached below,
                # its key copied in when the row is written (lookups.attach_planned); until
                # then the row is validated as every door validates one whose parent is not
                # saved yet, and the rules that read its siblings run as the rows are written
                value = None
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
        if f.is_relation and f.is_cached(obj) and obj.__dict__.get(f.attname) is None:
            related = f.get_cached_value(obj)
            if related is not None:
                return ("planned", id(related)) if is_planned(related) else related.pk
        return obj.__dict__.get(f.attname)

    def _row_identity(self, obj):
        out = []
        for f in self._identity_fields:
            if isinstance(f, str):
                out.append((obj.__dict__.get("quantities") or {}).get(f.split(":", 1)[1]))
            else:
                out.append(self._field_value(obj, f))
        return out

    def _existing(self, rows: list[list], columns) -> dict[tuple, list]:
        """The stored records a row of this sheet may match, by key. Only those whose value of
        one narrowing field (a field of the natural key, a child's parent, the region) is
        among the file's values are loaded: the cost follows the file, not the installation."""
        queryset = self.model._default_manager.all()
        narrowed = self._narrowing(rows, columns)
        if narrowed is None:
            chunks = [queryset]
        else:
            attname, values = narrowed
            known = sorted(v for v in values if v is not None)
            chunks = [
                queryset.filter(**{f"{attname}__in": known[start : start + 5000]})
                for start in range(0, len(known), 5000)
            ]
            if None in values:
                chunks.append(queryset.filter(**{f"{attname}__isnull": True}))
        out: dict[tuple, list] = {}
        for chunk in chunks:
            for o in chunk:  # the default order: identical rows match in it, as before
                out.setdefault(self._key_of_obj(o), []).append(o)
        return out

    def _narrowing_column(self, columns):
        """The column that narrows the stored records to load (see `_existing`), or None."""
        by_name = {col.name: (index, col, read) for index, col, read in columns}
        # a key's own text (a case number) narrows most; then its links, a child's parent, the region
        kinds = {col.name: col.kind for _, col, _ in columns}
        candidates = sorted(self.key_fields, key=lambda name: kinds.get(name) != "text")
        found = registry.parent_of(self.model)
        if found is not None:
            candidates.append(found[1].link)
        candidates.append("region")
        for name in candidates:
            entry = by_name.get(name)
            if entry is not None and entry[1].kind in NARROWING_KINDS:
                return entry
        return None

    def _narrowing(self, rows, columns) -> tuple[str, set] | None:
        """(attname, the stored values the file's rows can match), or None to load every
        record: no narrowing column, or a cell of it that cannot be read before the rows
        before it are registered (a link to a row further up the same sheet)."""
        entry = self._narrowing_column(columns)
        if entry is None:
            return None
        index, col, read = entry
        field = self.model._meta.get_field(col.name)
        convert = self._converted.get(col.name)
        values: set = set()
        for cells in itertools.islice(rows, 1, None):
            if _blank_row(cells):
                continue
            raw = _number(cells[index]) if index < len(cells) else None
            try:
                value = read(raw)
            except CellError:
                return None
            if isinstance(value, Model):
                continue  # a parent this import creates: nothing stored can match
            elif convert is not None and value != "":
                value = convert(value)
            if value == "" and field.null and not isinstance(field, CharField):
                value = None
            values.add(value)
        return field.attname, values

    def problem(self, row, column, message):
        self.result.problems.append(Problem(self.spec.title, row, column, message))

    def read(self, rows, formulas: set, plan, progress=None) -> bool:
        """`rows`: the sheet's values from A1, one list per row, readable more than once (a
        list, or ooxml.SheetRows: each pass converts the rows again, so no list of every row
        is held); `formulas`: (row, column); `plan`: where each planned row goes (a list, or
        the import's write.PlanWriter, which writes them as they come). Returns whether the sheet holds any data row: a
        sheet of the template left empty (its headers only, or nothing at all) is skipped,
        not an error."""
        self.formulas = formulas
        progress = as_progress(progress) if progress is not None else None
        if not any(not _blank_row(values) for values in itertools.islice(rows, 1, None)):
            return False
        header = next(iter(rows), None)
        if header is None or all(is_blank(v) for v in header):
            self.problem(None, None, MSG_EMPTY_SHEET)
            return True
        columns = self._columns(header)
        if columns is None:
            return True
        self.existing = self._existing(rows, columns)
        for row_no, values in enumerate(itertools.islice(rows, 1, None), start=2):
            if _blank_row(values):
                continue
            self._row(row_no, values, columns, plan)
            if progress:
                progress.validated(1)
        return True

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
            self._refused(row_no, values)
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
        # records (two consultations on one day), matched one to one in order; only keys a
        # stored record holds are counted (a new row's occurrence matches nothing).
        candidates = self.existing.get(key, ())
        if key[:1] != ("",):
            self.seen[key] = row_no
        if candidates:
            self.repeats[key] = occurrence + 1
        existing = candidates[occurrence] if occurrence < len(candidates) else None
        before = None
        if existing is not None:
            # a blank cell of a column the system derives (a deadline computed on save, a date
            # a move stamps) keeps the stored value: the re-imported row is unchanged
            values = {n: v for n, v in values.items() if not (n in self._derived and is_blank(v))}
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
            self.lookups.refuse(self.model, obj, self.spec.title, row_no)
            return
        plan.append(Planned(self.spec, obj, existing is None, _jsonable(before), row_no))
        self.lookups.register(self.model, obj)  # children further on may name it

    def _refused(self, row_no, values) -> None:
        """A row refused for its cells: its label (from the cells that could be read), so that
        a child row naming it is told its parent's row is wrong, not that it exists nowhere."""
        try:
            obj = self._build({k: v for k, v in values.items()})
        except Exception:  # noqa: BLE001 - a partial row may not build; then no label is known
            return
        self.lookups.refuse(self.model, obj, self.spec.title, row_no)

    def _unchanged(self, obj, before) -> bool:
        attnames = self._attnames
        for name, old in before.items():
            if getattr(obj, attnames.get(name, name)) != old:  # "quantities" is its own name
                return False
        return True

    @cached_property
    def _derived(self) -> set[str]:
        """Columns of fields the system writes (editable=False), not the clerk."""
        return {
            c.name
            for c in self.spec.columns
            if not c.name.startswith("measure:") and not self.model._meta.get_field(c.name).editable
        }

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


def _blank_row(values) -> bool:
    return all(v == "" or is_blank(v) for v in values)


def _jsonable(values):
    if values is None:
        return None
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _rows_to_read(wb, titles: list[str], heights: dict[str, int]) -> int:
    """The data rows of these sheets by their used ranges (for progress only): as the XML
    declares them (ooxml.sheet_heights), else as the reader finds them."""
    total = 0
    for title in titles:
        if title in heights:
            total += heights[title]
            continue
        try:
            total += max(0, wb.get_sheet_by_name(title).height - 1)
        except Exception:  # noqa: BLE001, S112 - an unreadable sheet is reported when read
            continue
    return total


def _read(wb, filename, user, formulas, result, context, progress, heights=None, plan=None):
    """Every sheet read into `plan` (a list, returned, or the import's write.PlanWriter)."""
    known = specs()
    lookups = Lookups(user)
    if plan is None:
        plan = []
    elif hasattr(plan, "lookups"):
        plan.lookups = lookups
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
    # the types the file's sheets link to: only their planned rows are kept to be named
    lookups.linked = {
        col.related._meta.concrete_model
        for title in titles
        if title in known
        for col in known[title].columns
        if col.related is not None
    }
    progress.reading(_rows_to_read(wb, [t for t in titles if t in known], heights or {}))
    filled = 0  # sheets holding data rows: the template's other sheets may stay empty
    for title in titles:
        if title not in known:
            result.problems.append(
                Problem(title, None, None, MSG_UNKNOWN_SHEET.format(title=title))
            )
            continue
        try:
            sheet = wb.get_sheet_by_name(title)
            merged = _merged(sheet)
            rows = SheetRows(sheet)
        except Exception:  # noqa: BLE001 - a sheet the reader cannot read is the file's fault
            result.problems.append(Problem(title, None, None, MSG_NOT_XLSX))
            continue
        if merged:
            result.problems.append(
                Problem(title, None, None, MSG_MERGED.format(ranges="、".join(merged[:5])))
            )
            continue
        reader = SheetReader(known[title], user, lookups, result, context)
        if reader.read(rows, formulas.get(title, set()), plan, progress):
            filled += 1
        if hasattr(plan, "flush"):
            plan.flush()  # a sheet's last rows are written before the next sheet names them
        del rows, reader
    if titles and not filled and not result.problems:
        result.problems.append(Problem(filename, None, None, MSG_NO_ROWS))
    return plan
