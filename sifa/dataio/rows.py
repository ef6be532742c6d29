"""One row of a sheet ↔ one record: reading cells into field values and back."""

from __future__ import annotations

from django.db import models

from sifa.core import access, idnumber, registry

from . import cells
from .cells import CellError, is_blank
from .lookups import Lookups
from .schema import Column, SheetSpec


def cell_reader(col: Column, lookups: Lookups):
    """The reader of one column's cells: a cell's value → the model field's Python value, or
    CellError. The column's kind is looked up once (an import reads many rows)."""
    kind, required, default = col.kind, col.required, col.default
    if kind == "text":
        limit = col.max_length

        def read(raw):
            return cells.read_text(raw, limit)
    elif kind == "choice":
        choices = col.choices

        def read(raw):
            return cells.read_choice(raw, choices)
    elif kind == "date":
        read = cells.read_date
    elif kind in ("int", "measure"):
        read = cells.read_int
    elif kind == "decimal":
        read = cells.read_decimal
    elif kind == "bool":
        read = cells.read_bool
    elif kind in ("region", "unit", "fk"):
        related = col.related

        def read(raw):
            return lookups.resolve(related, cells.read_text(raw))
    elif kind == "multi":

        def read(raw):
            text = cells.read_text(raw).replace(",", "、")
            return [p.strip() for p in text.split("、") if p.strip()]
    else:

        def read(raw):
            raise CellError("无法识别的列。")

    def blank():
        if required:
            raise CellError(cells.MSG_REQUIRED)
        if default is not None:  # a blank optional cell means the field's default
            return default()
        if kind in ("text", "choice"):
            return ""
        if kind == "multi":
            return []
        return None

    def reader(raw):
        # most empty cells read as "": settled without a call
        return blank() if raw == "" or is_blank(raw) else read(raw)

    return reader


def split_measures(values: dict[str, object]) -> tuple[dict[str, object], dict | None]:
    """Field values, and an activity's quantities gathered from its "measure:" columns (None
    when the sheet has no such column)."""
    fields, quantities = {}, None
    for name, value in values.items():
        if name.startswith("measure:"):
            quantities = {} if quantities is None else quantities
            if value is not None:
                quantities[name.split(":", 1)[1]] = value
        else:
            fields[name] = value
    return fields, quantities


def apply(spec: SheetSpec, obj, values: dict[str, object], lookups: Lookups | None = None) -> None:
    """Set parsed values on the instance (quantities for activities).

    With `lookups`, a foreign key gets the related record the lookups already loaded, so
    rules that read it (a case's committee, a mediator's committee) need no query."""
    fields, quantities = split_measures(values)
    for name, value in fields.items():
        col = spec.column_by_name(name)
        if col.kind in ("region", "unit", "fk"):
            if isinstance(value, models.Model):  # planned earlier in the same import
                setattr(obj, name, value)
            else:
                related = lookups.instance(col.related, value) if lookups and value else None
                if related is not None:
                    setattr(obj, name, related)
                else:
                    setattr(obj, f"{name}_id", value)
        elif col.kind == "choice" and value != "":
            # the cell holds the choice's key as text; a number choice (a region's level) is
            # stored as a number, or a re-import would see every such row as changed
            setattr(obj, name, obj._meta.get_field(name).to_python(value))
        else:
            setattr(obj, name, value)
    if quantities is not None:
        obj.quantities = quantities


def write_cells(
    spec: SheetSpec, obj, lookups: Lookups, *, personal: bool, full: bool = True
) -> list:
    """The row of cells for one record, as the reader may see it: `personal` False masks all
    personal data (上级查看); `full` False masks ID and phone numbers (registry.present)."""
    sensitive = registry.sensitive_fields(type(obj))  # e.g. a mediation party's ID number
    out = []
    for col in spec.columns:
        if col.name.startswith("measure:"):
            value = (obj.quantities or {}).get(col.name.split(":", 1)[1])
        elif col.kind in ("region", "unit", "fk"):
            value = lookups.name_of(col.related, getattr(obj, f"{col.name}_id"))
        else:
            value = getattr(obj, col.name)
            if col.kind == "choice":
                value = dict(col.choices).get(str(value), value) if value != "" else ""
            elif col.kind == "bool":
                value = "是" if value else "否"
            elif col.kind == "multi":
                value = "、".join(map(str, value or []))
        if col.name in sensitive and value:
            if not personal:
                value = idnumber.mask(str(value)) if "id_number" in col.name else "***"
            elif not full:
                value = registry.present(type(obj), col.name, value, None, full=False)
        out.append(cells.neutralise(value))
    return out


def can_see_personal(user) -> bool:
    return user is None or access.can_see_personal_data(user)
