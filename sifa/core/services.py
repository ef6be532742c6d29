"""Generic writes for records without a line-specific rule set, and helpers every service uses."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import transaction

from .access import ensure_can_write
from .audit import record_write
from .errors import RuleViolation

_SUBMISSION: ContextVar[set | None] = ContextVar("sifa_submission", default=None)


@contextmanager
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
    unsaved = unsaved_links(obj)
    if unsaved:
        exclude = [*(exclude or []), *unsaved]
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise RuleViolation(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


def record_save(obj, *, user=None, remote_addr: str | None = None):
    """Check access, validate and save one record with its history, atomically."""
    ensure_can_write(user, obj)
    validate(obj)
    with transaction.atomic(), record_write(user, remote_addr):
        if obj.pk is None and user is not None and getattr(user, "pk", None):
            obj.created_by = user
        obj.save()
    return obj


def record_delete(obj, *, user=None) -> None:
    """Soft-delete: the record disappears from every list; its history stays."""
    ensure_can_write(user, obj)
    with transaction.atomic():
        obj.soft_delete(user=user)
