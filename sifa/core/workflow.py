"""Case workflows as tables: statuses and allowed moves, and the one function that moves a case.

A model declares `pipeline = Pipeline(moves={status: (next statuses…)}, stamps={status: "date
field"})`. `transition()` checks the move, stamps the date, applies the move's fields, runs the
model's validation, saves, and writes the timeline row and the audit history — in one
transaction, so a refused move leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from .errors import RuleViolation, TransitionNotAllowed

MSG_NOT_ALLOWED = "当前状态为“{current}”，不能办理“{target}”。可办理：{allowed}。"
MSG_FINAL = "当前状态为“{current}”，已办结，不能再变更状态。"


@dataclass(frozen=True)
class Pipeline:
    moves: dict[str, tuple[str, ...]]
    stamps: dict[str, str] = field(default_factory=dict)
    field: str = "status"

    def available(self, status: str) -> tuple[str, ...]:
        return self.moves.get(status, ())

    def is_final(self, status: str) -> bool:
        return not self.moves.get(status)

    def check(self, obj, target: str) -> None:
        current = getattr(obj, self.field)
        if target in self.available(current):
            return
        label = _label(obj, self.field)
        if self.is_final(current):
            raise TransitionNotAllowed(MSG_FINAL.format(current=label(current)))
        allowed = "、".join(label(s) for s in self.available(current))
        raise TransitionNotAllowed(
            MSG_NOT_ALLOWED.format(current=label(current), target=label(target), allowed=allowed)
        )


def _label(obj, field_name: str):
    choices = dict(type(obj)._meta.get_field(field_name).choices or ())
    return lambda value: str(choices.get(value, value))


def transition(
    obj,
    target: str,
    *,
    on: dt.date,
    user=None,
    note: str = "",
    fields: dict | None = None,
    label: str = "",
    pipeline: Pipeline | None = None,
):
    """Move `obj` to `target` on date `on`; returns the saved object.

    Raises TransitionNotAllowed for a move the pipeline does not allow and RuleViolation when
    the moved record breaks one of its rules (dates out of order, a missing reason…).
    """
    from .audit import record_write

    pipeline = pipeline or type(obj).pipeline
    with transaction.atomic(), record_write(user):
        locked = type(obj).all_objects.select_for_update().get(pk=obj.pk) if obj.pk else obj
        pipeline.check(locked, target)
        current = getattr(locked, pipeline.field)
        setattr(obj, pipeline.field, target)
        stamp = pipeline.stamps.get(target)
        if stamp and getattr(obj, stamp, None) is None:
            setattr(obj, stamp, on)
        for name, value in (fields or {}).items():
            setattr(obj, name, value)
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise RuleViolation(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        obj.save()
        log_event(
            obj,
            from_status=current,
            to_status=target,
            label=label or str(_label(obj, pipeline.field)(target)),
            on=on,
            note=note,
            user=user,
        )
    return obj


def event_row(
    obj,
    *,
    to_status: str,
    label: str,
    on: dt.date,
    from_status: str = "",
    note: str = "",
    user=None,
) -> dict:
    """One timeline row of `obj` as CaseEvent values by attname (for `bulk.insert_rows`)."""
    return {
        "content_type_id": ContentType.objects.get_for_model(type(obj)).pk,
        "object_id": obj.pk,
        "from_status": from_status,
        "to_status": to_status,
        "label": label,
        "on": on,
        "note": note,
        "user_id": user.pk if getattr(user, "pk", None) else None,
    }


def log_event(obj, **fields):
    """Write one timeline row of `obj` (the fields of `event_row`): a move, or a step that
    keeps the status (from_status == to_status)."""
    from .models import CaseEvent

    return CaseEvent.objects.create(**event_row(obj, **fields))


def timeline(obj):
    """The case's moves, oldest first."""
    from .models import CaseEvent

    return CaseEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("user")
