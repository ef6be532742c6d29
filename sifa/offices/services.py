"""Every write of the offices line: staff of a judicial office and its building projects."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sifa.core.access import ensure_can_write
from sifa.core.audit import record_write
from sifa.core.errors import RuleViolation
from sifa.core.models import Unit
from sifa.core.services import validate

from .models import BuildingProject, OfficeStaff

MSG_ALREADY_COMPLETED = "该项目已于{date}竣工。"
MSG_ALREADY_LEFT = "该人员已于{date}离任。"


def _prepare(obj) -> None:
    """A record belongs to its office's township."""
    if obj.office_id:
        obj.region_id = obj.office.region_id


def _save(obj, *, user):
    _prepare(obj)
    ensure_can_write(user, obj)
    validate(obj)
    with transaction.atomic(), record_write(user):
        if obj.pk is None and getattr(user, "pk", None):
            obj.created_by = user
        obj.save()
    return obj


def _set_and_save(obj, field: str, value, *, user):
    """Set one field and save; a refused write leaves the object as it was."""
    before = getattr(obj, field)
    setattr(obj, field, value)
    try:
        return _save(obj, user=user)
    except Exception:
        setattr(obj, field, before)
        raise


def _ymd(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _validate(obj, *, user) -> None:
    _prepare(obj)
    ensure_can_write(user, obj)


# --- staff ------------------------------------------------------------------------------------
staff_validate = _validate


def staff_save(obj: OfficeStaff, *, user) -> OfficeStaff:
    return _save(obj, user=user)


def staff_appoint(*, office: Unit, name: str, post: str, since: dt.date, user) -> OfficeStaff:
    return staff_save(OfficeStaff(office=office, name=name, post=post, since=since), user=user)


def staff_leave(staff: OfficeStaff, *, on: dt.date, user) -> OfficeStaff:
    if staff.until:
        raise RuleViolation({"until": MSG_ALREADY_LEFT.format(date=_ymd(staff.until))})
    return _set_and_save(staff, "until", on, user=user)


# --- building projects ------------------------------------------------------------------------
project_validate = _validate


def project_save(obj: BuildingProject, *, user) -> BuildingProject:
    return _save(obj, user=user)


def project_start(
    *,
    office: Unit,
    kind: str,
    investment_yuan: int,
    started_on: dt.date,
    title: str = "",
    completed_on: dt.date | None = None,
    user,
) -> BuildingProject:
    return project_save(
        BuildingProject(
            office=office,
            kind=kind,
            investment_yuan=investment_yuan,
            started_on=started_on,
            completed_on=completed_on,
            title=title,
        ),
        user=user,
    )


def project_complete(project: BuildingProject, *, on: dt.date, user) -> BuildingProject:
    if project.completed_on:
        raise RuleViolation(
            {"completed_on": MSG_ALREADY_COMPLETED.format(date=_ymd(project.completed_on))}
        )
    return _set_and_save(project, "completed_on", on, user=user)
