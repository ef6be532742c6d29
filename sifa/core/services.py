"""Generic writes for records without a line-specific rule set, and helpers every service uses."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction

from . import casenumbers
from .access import ensure_can_write
from .audit import record_write
from .errors import RuleViolation

# Kept a context variable (unlike the import's bulk validation, which is explicit: see
# sifa.dataio.validation): the rule that reads it sits in a model's clean() (normdocs), which
# every door calls with no arguments, so passing the submission explicitly would change the
# signature of every line's validation and save for one rule.
_SUBMISSION: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "sifa_submission", default=None
)


@contextlib.contextmanager
def one_submission():
    """Writes that form one submission (an import of a round and its items together): rules
    that refuse changes to a parent already closed in the database let a parent created in the
    same submission through (see created_in_submission)."""
    token = _SUBMISSION.set(set())
    try:
        yield
    finally:
        _SUBMISSION.reset(token)


def note_created(obj) -> None:
    created = _SUBMISSION.get()
    if created is not None:
        created.add((obj._meta.concrete_model, obj.pk))


def created_in_submission(model, pk) -> bool:
    created = _SUBMISSION.get()
    return created is not None and (model._meta.concrete_model, pk) in created


def unsaved_links(obj) -> list[str]:
    """Names of `obj`'s links to an object not saved yet: a parent an import writes earlier in
    the same transaction. Its row cannot be looked up in the database before then."""
    out = []
    for f in obj._meta.concrete_fields:
        if f.is_relation and f.is_cached(obj):
            related = f.get_cached_value(obj)
            # not saved, or saved but its key not copied into this row yet (an import
            # attaches it when it writes the row)
            if related is not None and (
                related._state.adding or obj.__dict__.get(f.attname) is None
            ):
                out.append(f.name)
    return out


def validate(obj, *, exclude=None) -> None:
    """full_clean() re-raised as RuleViolation so callers catch one error type. Links to
    objects not saved yet are not looked up (see unsaved_links). An import validates its rows
    with its own `sifa.dataio.validation.BulkContext` (the same rules, fewer queries)."""
    unsaved = unsaved_links(obj)
    if unsaved:
        exclude = [*(exclude or []), *unsaved]
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise RuleViolation(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


def validate_before_write(obj, validated: Collection[int] = ()) -> None:
    """`validate(obj)` in a bulk save; a row the import has validated already (its id() in
    `validated`, the import's BulkContext.validated) re-runs its model's clean() only: the
    rules that may read rows written since (a parent closed earlier in the same file). Its
    fields cannot have changed, and the database enforces the constraints and uniqueness."""
    if id(obj) not in validated:
        validate(obj)
        return
    try:
        obj.clean()
    except ValidationError as exc:
        raise RuleViolation(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


def record_save(obj, *, user=None, remote_addr: str | None = None):
    """Check access, validate and save one record with its history, atomically."""
    ensure_can_write(user, obj)
    validate(obj)
    with transaction.atomic(), record_write(user, remote_addr):
        if obj.pk is None and user is not None and getattr(user, "pk", None):
            obj.created_by = user
        casenumbers.number_new([obj])  # a case registered gets its number (core.casenumbers)
        obj.save()
    return obj


def record_create_many(objs, *, user=None, validated: Collection[int] = ()) -> list:
    """`record_save` for many new records of one type: access, rules, created_by and one
    history entry each, atomically, in a few statements instead of several per record.

    A record the import has validated already (its id() in `validated`) only re-runs its
    clean() (see `validate_before_write`).
    """
    from .audit import bulk_create_with_history

    objs = list(objs)
    if not objs:
        return objs
    for obj in objs:
        ensure_can_write(user, obj)
        validate_before_write(obj, validated)
    if user is not None and getattr(user, "pk", None):
        for obj in objs:
            obj.created_by = user
    with transaction.atomic():
        casenumbers.number_new(objs)
        return bulk_create_with_history(type(objs[0]), objs, user=user)


def record_service(prepare=None):
    """A line's save service that is `prepare(obj)` (its derived fields: a due date, the region
    of its parent) then `record_save`; the returned function's `.many(objs, *, user, validated)`
    is its bulk counterpart for an import: the same preparation, then `record_create_many`."""

    def save(obj, *, user=None, remote_addr: str | None = None):
        if prepare is not None:
            prepare(obj)
        return record_save(obj, user=user, remote_addr=remote_addr)

    def many(objs, *, user=None, validated: Collection[int] = ()) -> list:
        objs = list(objs)
        if prepare is not None:
            for obj in objs:
                prepare(obj)
        return record_create_many(objs, user=user, validated=validated)

    save.many = many  # type: ignore[attr-defined]  # the bulk counterpart, read by the importer
    return save


def record_delete(obj, *, user=None) -> None:
    """Soft-delete: the record disappears from every list; its history stays."""
    ensure_can_write(user, obj)
    with transaction.atomic():
        obj.soft_delete(user=user)
