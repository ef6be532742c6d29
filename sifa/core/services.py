"""Generic writes for records without a line-specific rule set, and helpers every service uses."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import UniqueConstraint
from django.db.models.expressions import DatabaseDefault

from .access import ensure_can_write
from .audit import record_write
from .errors import RuleViolation

# Set while many rows are validated at once (an import): see `bulk_validation`.
_bulk: contextvars.ContextVar[set | None] = contextvars.ContextVar("sifa_bulk", default=None)


@contextlib.contextmanager
def bulk_validation():
    """Validate many rows without a query per row; yields the ids of the objects validated.

    Inside, `validate()` runs the same rules with three changes, each safe because the bulk
    caller (the importer) has already done the check or the database repeats it:
    - a foreign key whose related object is attached to the instance (loaded with every other
      row of its table in one query, or planned earlier in the same import) is not looked up
      again;
    - each built-in field's verdict on a value is computed once (`_clean_fields`);
    - CheckConstraints are evaluated in Python (`core.constraints`), not one query each;
    - a county's override of a statutory period is read once, not once per row;
    - uniqueness is checked against each rule's keys read once (`core.uniques`), which grow
      with the rows validated since: a key two rows of one file share is caught too. The
      database's own constraints stay the last guard.
    """
    from .deadlines import overrides_cached

    token = _bulk.set(set())
    keys_token = _keys.set({})
    memo_token = _memo.set({})
    try:
        with overrides_cached():
            yield _bulk.get()
    finally:
        _memo.reset(memo_token)
        _keys.reset(keys_token)
        _bulk.reset(token)


# Field verdicts remembered during the current bulk validation (see _clean_fields).
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("sifa_bulk_memo", default=None)


# The unique keys of each model read during the current bulk validation (core.uniques.Keys).
_keys: contextvars.ContextVar[dict | None] = contextvars.ContextVar("sifa_bulk_keys", default=None)


def _unique_keys(model):
    from .uniques import Keys

    cache = _keys.get()
    assert cache is not None, "called inside bulk_validation() only"
    if model not in cache:
        cache[model] = Keys(model)
    return cache[model]


_writing: contextvars.ContextVar[bool] = contextvars.ContextVar("sifa_bulk_writing", default=False)


@contextlib.contextmanager
def bulk_writing():
    """The write phase of a bulk validation: a row validated earlier in it is checked again
    by its model's clean() only — the rules that may read rows written since (a parent closed
    earlier in the same file). Its fields cannot have changed, and the database enforces the
    constraints and uniqueness itself."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def _attached_relations(obj) -> set[str]:
    return {
        f.name
        for f in obj._meta.concrete_fields
        if f.is_relation  # a ForeignKey or OneToOneField (concrete fields only)
        and f.is_cached(obj)
        and f.get_cached_value(obj) is not None
    }


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
            if related is not None and related._state.adding:
                out.append(f.name)
    return out


def validate(obj, *, exclude=None) -> None:
    """full_clean() re-raised as RuleViolation so callers catch one error type. Links to
    objects not saved yet are not looked up (see unsaved_links)."""
    seen = _bulk.get()
    unsaved = unsaved_links(obj) if seen is None else []
    if unsaved:
        exclude = [*(exclude or []), *unsaved]
    try:
        if seen is None:
            obj.full_clean(exclude=exclude)
        elif _writing.get() and id(obj) in seen:
            obj.clean()
        else:
            _validate_in_bulk(obj, exclude)
            seen.add(id(obj))
    except ValidationError as exc:
        raise RuleViolation(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


# Values whose equality is identity for a field's verdict (not Decimal: 1.0 == 1.00, but their
# decimal places differ; not datetime: equal instants in different time zones).
_MEMO_TYPES = frozenset({str, int, float, bool, dt.date})


def _clean_fields(obj, exclude: set, memo: dict) -> None:
    """Model.clean_fields, with each built-in field's verdict on a value remembered for the
    rest of the bulk validation: Django's `Field.clean` of a plain field depends on the value
    alone (to_python, choices, blank/null, validators), and an import repeats values (a
    dispute type, a status, a date) across thousands of rows."""
    errors = {}
    for f in obj._meta.fields:
        if f.name in exclude or f.generated:
            continue
        raw_value = getattr(obj, f.attname)
        if f.blank and raw_value in f.empty_values:
            continue
        if isinstance(raw_value, DatabaseDefault):
            continue
        memo_ok = not f.is_relation and type(raw_value) in _MEMO_TYPES and _builtin(type(f))  # type: ignore[arg-type]  # mypy: a class is not Hashable
        key = (f, type(raw_value), raw_value) if memo_ok else None
        verdict = memo.get(key) if memo_ok else None
        if verdict is None:
            try:
                verdict = (True, f.clean(raw_value, obj))
            except ValidationError as e:
                verdict = (False, e.error_list)
            if memo_ok:
                memo[key] = verdict
        if verdict[0]:
            setattr(obj, f.attname, verdict[1])
        else:
            errors[f.name] = verdict[1]
    if errors:
        raise ValidationError(errors)


@functools.cache
def _builtin(field_class) -> bool:
    return field_class.__module__.startswith("django.db.models.")


def _validate_in_bulk(obj, exclude) -> None:
    from .constraints import validate_checks

    skip = set(exclude or ()) | _attached_relations(obj)
    errors: dict = {}
    memo = _memo.get()
    assert memo is not None, "called inside bulk_validation() only"
    try:
        _clean_fields(obj, skip, memo)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    try:
        obj.clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if not errors:
        try:
            validate_checks(obj)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if not errors and _has_uniques(type(obj)):  # type: ignore[arg-type]  # as above
        # The clear message beats the database's refusal of the whole batch.
        keys = _unique_keys(type(obj))
        try:
            keys.check(obj, exclude=set(exclude or ()))
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        else:
            keys.add(obj)
    if errors:
        raise ValidationError(errors)


@functools.cache
def _has_uniques(model) -> bool:
    opts = model._meta
    return (
        any(f.unique and not f.primary_key for f in opts.concrete_fields)
        or bool(opts.unique_together)
        or any(isinstance(c, UniqueConstraint) for c in opts.constraints)
    )


def record_save(obj, *, user=None, remote_addr: str | None = None):
    """Check access, validate and save one record with its history, atomically."""
    ensure_can_write(user, obj)
    validate(obj)
    with transaction.atomic(), record_write(user, remote_addr):
        if obj.pk is None and user is not None and getattr(user, "pk", None):
            obj.created_by = user
        obj.save()
    return obj


def validated_in_bulk(obj) -> bool:
    """True when `obj` passed `validate()` inside the current `bulk_validation()`."""
    seen = _bulk.get()
    return seen is not None and id(obj) in seen


def record_create_many(objs, *, user=None) -> list:
    """`record_save` for many new records of one type: access, rules, created_by and one
    history entry each, atomically, in a few statements instead of several per record.

    A record already validated in the current `bulk_validation()` only re-runs its clean()
    (see `bulk_writing`), as it would when saved alone in the same import.
    """
    from .audit import bulk_create_with_history

    objs = list(objs)
    if not objs:
        return objs
    for obj in objs:
        ensure_can_write(user, obj)
        validate(obj)  # in an import's write phase, a row validated earlier re-runs clean() only
    if user is not None and getattr(user, "pk", None):
        for obj in objs:
            obj.created_by = user
    with transaction.atomic():
        return bulk_create_with_history(type(objs[0]), objs, user=user)


def record_service(prepare=None):
    """A line's save service that is `prepare(obj)` (its derived fields: a due date, the region
    of its parent) then `record_save`; the returned function's `.many(objs, *, user)` is its bulk
    counterpart for an import: the same preparation, then `record_create_many`."""

    def save(obj, *, user=None, remote_addr: str | None = None):
        if prepare is not None:
            prepare(obj)
        return record_save(obj, user=user, remote_addr=remote_addr)

    def many(objs, *, user=None) -> list:
        objs = list(objs)
        if prepare is not None:
            for obj in objs:
                prepare(obj)
        return record_create_many(objs, user=user)

    save.many = many  # type: ignore[attr-defined]  # the bulk counterpart, read by the importer
    return save


def record_delete(obj, *, user=None) -> None:
    """Soft-delete: the record disappears from every list; its history stays."""
    ensure_can_write(user, obj)
    with transaction.atomic():
        obj.soft_delete(user=user)
