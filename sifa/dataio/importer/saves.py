"""Which service writes a row: the one save its record type declares in the registry (a child's
own save, the generic ones otherwise) and, for new rows, the bulk save."""

from __future__ import annotations

import functools
import inspect

from django.core.exceptions import PermissionDenied, ValidationError

from sifa.core import registry
from sifa.core.models import Record
from sifa.core.services import (
    note_created,
    record_create_many,
    record_save,
)

from ..lookups import attach_planned
from ..schema import is_organisation
from ..writes import plain_save


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
