"""Names in cells ↔ related records, loaded once per import or export (no query per row).

A cell names a related record by its label (`str(record)`, as the entry screens show it). A
label two records share gets an identification code: `张三（识别码3f9a2c）`, six hex digits of a digest
of the record's own row (its cells as the export writes them, with its own links named the same
way). The code depends on nothing an installation assigns (no primary key), so a workbook
exported from one installation resolves in another, including an empty one being filled from it.

An import registers every row it plans under its label as it goes (`register`), so a child row
resolves to its parent planned earlier in the same import, before either is saved.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from decimal import Decimal

from django.db import models

from sifa.core import access
from sifa.core.models import Record, Region, Unit

from .cells import CellError

CODE_LEN = 6
_CODED = re.compile(rf"^(.*)[（(]识别码\s*([0-9a-fA-F]{{{CODE_LEN}}})\s*[）)]$")
_LEGACY = re.compile(r"^(.*)#(\d+)$")  # "名称#主键" written by earlier exports (same installation)

MSG_REGION_NOT_FOUND = "找不到{what}“{key}”，请核对名称（重名时请写“上级/名称”或代码）。"
MSG_NOT_FOUND = (
    "找不到{what}“{key}”：系统和本文件中都没有这条记录。请核对名称，"
    "或把这条{what}一并放入本文件（对应工作表）再导入。"
)
MSG_AMBIGUOUS = (
    "有{n}条{what}都叫“{key}”，无法确定是哪一条：请改填其中一条的写法——{candidates}"
    "（重名时写角色或识别码，导出文件中已自动填写）。"
)
MAX_CANDIDATES = 10
MSG_PARENT_REFUSED = (
    "所属{what}第{row}行有错误（工作表“{sheet}”），请先改正那一行；本行随后即可导入。"
)


def is_planned(obj) -> bool:
    """An object an import will create (not saved yet)."""
    return obj._state.adding


@functools.cache
def _links(model) -> list:
    return [f for f in model._meta.concrete_fields if f.is_relation]


def attach_planned(obj):
    """Copy into `obj`'s link columns the keys its parents got when they were saved earlier in
    the same import (Django only does so inside save(), after the services' validation)."""
    for f in _links(type(obj)):
        related = f.get_cached_value(obj) if f.is_cached(obj) else None
        if related is not None and obj.__dict__.get(f.attname) != related.pk:
            setattr(obj, f.name, related)
    return obj


def coded(label: str, code: str) -> str:
    """A label with its identification code (document numbers already use 〔〕, so not those)."""
    return f"{label}（识别码{code}）"


def canonical(value) -> str:
    """A value as text independent of how it was stored or read (1500.00 and 1500 alike)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal | float):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, list | tuple):
        return "、".join(map(str, value))
    if isinstance(value, dict):
        return "、".join(f"{k}={v}" for k, v in sorted(value.items()))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class _Table:
    """The records of one model the reader may name: label → {identity: target}."""

    def __init__(self):
        self.by_label: dict[str, dict[object, object]] = {}
        self.objects: dict[object, object] = {}  # identity → object
        self.alias: dict[str, object] = {}  # further names (a unit's short name) → target
        # the bare name of a record whose label adds to it (a member "刘佳（主任）": "刘佳")
        self.by_name: dict[str, dict[object, object]] = {}

    def add(self, obj, label: str, target) -> None:
        identity = obj.pk if not is_planned(obj) else ("planned", id(obj))
        self.objects[identity] = obj
        self.by_label.setdefault(label, {})[identity] = target
        name = obj.__dict__.get("name")
        if isinstance(name, str) and name.strip() and name.strip() != label:
            self.by_name.setdefault(name.strip(), {})[identity] = target


class Lookups:
    def __init__(self, user):
        self.user = user
        self._tables: dict[type, _Table] = {}
        # rows planned by the import, labelled only when a link to their type is read
        self._pending: dict[type, list] = {}
        self._region_map: dict[str, object] | None = None
        self._region_names: dict[object, str] = {}
        self._codes: dict[tuple[type, object], str] = {}
        self._region_objects: dict[object, object] | None = None
        # rows of this import refused while read: (model, label or name) → (sheet, row)
        self._refused: dict[tuple[type, str], tuple[str, int]] = {}
        # the types a sheet of the file links to (None: any): only their planned rows are
        # kept to be named, so the rows of a type nothing names are let go once written
        self.linked: set[type] | None = None

    # --- regions: code, unique name, or 镇/村 path ---------------------------------------
    def _regions(self):
        if self._region_map is None:
            rows = list(Region.objects.values_list("code", "name", "parent__name"))
            counts = Counter(name for _, name, _ in rows)
            by_key: dict[str, object] = {}
            for code, name, parent in rows:
                by_key[code] = code
                if parent:
                    by_key[f"{parent}/{name}"] = code
                if counts[name] == 1:
                    by_key[name] = code
                self._region_names[code] = name if counts[name] == 1 else f"{parent}/{name}"
            self._region_map = by_key
            self._region_counts = counts
        return self._region_map

    def _register_region(self, region) -> None:
        by_key = self._regions()
        by_key[region.code] = region
        parent = region.parent if region.parent_id else None
        if parent is not None:
            by_key[f"{parent.name}/{region.name}"] = region
        self._region_counts[region.name] += 1
        if self._region_counts[region.name] == 1:
            by_key[region.name] = region
        elif by_key.get(region.name) is not None:
            by_key.pop(region.name)
        self._region_names[region.code] = region.name

    # --- every other model ----------------------------------------------------------------
    def _table(self, model) -> _Table:
        model = model._meta.concrete_model
        table = self._tables.get(model)
        if table is None:
            table = self._tables[model] = _Table()
            qs = model._default_manager.all()
            if issubclass(model, Record) and self.user is not None:
                qs = access.scope(self.user, qs)
            for obj in qs:
                table.add(obj, str(obj), obj.pk)
                if model is Unit and obj.short_name:
                    table.alias.setdefault(obj.short_name, obj.pk)
        pending = self._pending.pop(model, None)
        for obj in pending or ():
            table.add(obj, str(obj), obj if is_planned(obj) else obj.pk)
        return table

    def register(self, model, obj) -> None:
        """A row an import has planned (new, or an update that may change its label)."""
        if model._meta.concrete_model is Region:
            if is_planned(obj):
                self._register_region(obj)
            return
        model = model._meta.concrete_model
        if self.linked is not None and model not in self.linked:
            return
        self._pending.setdefault(model, []).append(obj)

    def prepare(self, model) -> None:
        """Read the stored records a link to `model` may name, before the import writes its
        own rows of that type (which are then known as planned, not read back)."""
        model = model._meta.concrete_model
        if model is not Region and (self.linked is None or model in self.linked):
            self._table(model)

    def refuse(self, model, obj, sheet: str, row: int) -> None:
        """A row of this import refused while read: a link naming it says which row is wrong."""
        model = model._meta.concrete_model
        try:
            label = str(obj)
        except Exception:  # noqa: BLE001 - a half-built row may have no label
            return
        names = {label}
        name = obj.__dict__.get("name")
        if isinstance(name, str) and name.strip():
            names.add(name.strip())
        for n in names:
            if n.strip():
                self._refused.setdefault((model, n.strip()), (sheet, row))

    def resolve(self, model, text: str):
        """What a link cell names: a primary key, an object planned earlier in this import,
        or CellError."""
        key = text.strip()
        what = model._meta.verbose_name
        if model._meta.concrete_model is Region:
            table = self._regions()
            if key in table:
                return table[key]
            raise CellError(MSG_REGION_NOT_FOUND.format(what=what, key=key))
        table = self._table(model)
        found = table.by_label.get(key, {})
        if len(found) == 1:
            return next(iter(found.values()))
        if len(found) > 1:
            raise self._ambiguous(table, found, what, key)
        coded = _CODED.match(key)
        if coded:
            base, code = coded.group(1).strip(), coded.group(2).lower()
            for identity, target in table.by_label.get(base, {}).items():
                if self.code_of(table.objects[identity]) == code:
                    return target
        legacy = _LEGACY.match(key)
        if legacy:
            base, pk = legacy.group(1).strip(), int(legacy.group(2))
            if not base or pk in table.by_label.get(base, {}):
                if pk in table.objects:
                    return pk
        if key in table.alias:
            return table.alias[key]
        # the name alone, where it is unique (the role or code is needed only between equals)
        named = table.by_name.get(key, {})
        if len(named) == 1:
            return next(iter(named.values()))
        if len(named) > 1:
            raise self._ambiguous(table, named, what, key)
        refused = self._refused.get((model._meta.concrete_model, key))
        if refused is not None:
            sheet, row = refused
            raise CellError(MSG_PARENT_REFUSED.format(what=what, row=row, sheet=sheet))
        raise CellError(MSG_NOT_FOUND.format(what=what, key=key))

    def _ambiguous(self, table: _Table, found: dict, what, key: str) -> CellError:
        """The message for a name several records share, listing how to write each."""
        names = sorted(self._cell_label(table, table.objects[i]) for i in found)
        shown = "、".join(f"“{n}”" for n in names[:MAX_CANDIDATES])
        if len(names) > MAX_CANDIDATES:
            shown += f"等{len(names)}条"
        return CellError(MSG_AMBIGUOUS.format(n=len(found), what=what, key=key, candidates=shown))

    def _cell_label(self, table: _Table, obj) -> str:
        label = str(obj)
        if len(table.by_label.get(label, {})) > 1:
            return coded(label, self.code_of(obj))
        return label

    def instance(self, model, pk):
        """The record already loaded for `pk` (no query per row), or None."""
        if model._meta.concrete_model is Region:
            if self._region_objects is None:
                self._region_objects = {r.code: r for r in Region.objects.all()}
            return self._region_objects.get(pk)
        table = self._tables.get(model._meta.concrete_model)
        return table.objects.get(pk) if table is not None else None

    def name_of(self, model, pk) -> str:
        """The cell text naming the record `pk` (for a region: its name, or 上级/名称)."""
        if pk is None:
            return ""
        if model._meta.concrete_model is Region:
            self._regions()
            return self._region_names.get(pk, str(pk))
        table = self._table(model)
        obj = table.objects.get(pk)
        if obj is None:  # outside the reader's scope: the label alone
            obj = model._default_manager.filter(pk=pk).first()
            return str(obj) if obj is not None else str(pk)
        label = str(obj)
        if len(table.by_label.get(label, {})) > 1:
            return coded(label, self.code_of(obj))
        return label

    # --- identification codes ----------------------------------------------------------------
    def code_of(self, obj) -> str:
        """Six hex digits identifying `obj` among records of the same label: a digest of its
        row, whatever installation it is in (its links named by their own label and code)."""
        key = (type(obj)._meta.concrete_model, obj.pk if not is_planned(obj) else id(obj))
        if key not in self._codes:
            self._codes[key] = hashlib.sha256(
                "\x1f".join(self._identity(obj)).encode("utf-8")
            ).hexdigest()[:CODE_LEN]
        return self._codes[key]

    def _identity(self, obj) -> list[str]:
        from .schema import SheetSpec

        out = [str(obj)]
        for col in SheetSpec(type(obj)._meta.concrete_model).columns:
            if col.name.startswith("measure:"):
                out.append(canonical((obj.quantities or {}).get(col.name.split(":", 1)[1])))
                continue
            f = obj._meta.get_field(col.name)
            if f.is_relation:
                related = getattr(obj, f.name)
                if related is None:
                    out.append("")
                elif isinstance(related, Region):
                    out.append(related.code)
                elif _has_sheet(type(related)):
                    out.append(coded(str(related), self.code_of(related)))
                else:
                    out.append(str(related))
            else:
                out.append(canonical(getattr(obj, f.attname)))
        return out


def _has_sheet(model) -> bool:
    from .schema import NO_SHEET

    return isinstance(model, type) and issubclass(model, models.Model) and model not in NO_SHEET
