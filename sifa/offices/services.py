"""Every write of the offices line: staff of a judicial office and its building projects."""

from __future__ import annotations

import datetime as dt

from sifa.core.access import ensure_can_write
from sifa.core.dates import ymd
from sifa.core.errors import RuleViolation
from sifa.core.models import Unit
from sifa.core.services import record_service

from .models import BuildingProject, OfficeStaff

MSG_ALREADY_COMPLETED = "该项目已于{date}竣工。"
MSG_ALREADY_LEFT = "该人员已于{date}离任。"


def _prepare(obj) -> None:
    """A record belongs to its office's township."""
    if obj.office_id:
        obj.region_id = obj.office.region_id


# Every save here: the region from the office, then core.services.record_save.
_save = record_service(_prepare)


def _set_and_save(obj, field: str, value, *, user):
    """Set one field and save; a refused write leaves the object as it was."""
    before = getattr(obj, field)
    setattr(obj, field, value)
    try:
        return _save(obj, user=user)
    except Exception:
        setattr(obj, field, before)
        raise


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
        raise RuleViolation({"until": MSG_ALREADY_LEFT.format(date=ymd(staff.until))})
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
            {"completed_on": MSG_ALREADY_COMPLETED.format(date=ymd(project.completed_on))}
        )
    return _set_and_save(project, "completed_on", on, user=user)
