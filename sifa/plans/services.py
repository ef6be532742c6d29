"""Every write of the plans line: plan items, their status moves and progress notes."""

from __future__ import annotations

import datetime as dt

from sifa.core.access import ensure_can_write
from sifa.core.models import Region
from sifa.core.services import record_save, validate
from sifa.core.workflow import transition

from .models import PlanItem, PlanProgress, PlanStatus


def plan_item_validate(obj: PlanItem, *, user=None, clean=validate) -> None:
    ensure_can_write(user, obj)
    clean(obj)


def plan_item_save(obj: PlanItem, *, user=None) -> PlanItem:
    """Create or edit an item's contents; its status changes only through `plan_item_move`."""
    return record_save(obj, user=user)


def plan_item_create(
    *,
    year: int,
    text: str,
    region: Region,
    order: int = 1,
    heading: str = "",
    section_line: str = "",
    section_text: str = "",
    deadline: dt.date | None = None,
    user=None,
) -> PlanItem:
    obj = PlanItem(
        year=year,
        order=order,
        heading=heading,
        text=text,
        region=region,
        section_line=section_line,
        section_text=section_text,
        deadline=deadline,
    )
    return plan_item_save(obj, user=user)


def plan_item_move(
    obj: PlanItem, target: str, *, on: dt.date, user=None, note: str = ""
) -> PlanItem:
    """Move the item along its pipeline (未开始 → 推进中 → 已完成, or 已取消), stamping the date."""
    ensure_can_write(user, obj)
    return transition(obj, target, on=on, user=user, note=note)


def plan_item_start(obj: PlanItem, *, on: dt.date, user=None, note: str = "") -> PlanItem:
    return plan_item_move(obj, PlanStatus.IN_PROGRESS, on=on, user=user, note=note)


def plan_item_complete(obj: PlanItem, *, on: dt.date, user=None, note: str = "") -> PlanItem:
    return plan_item_move(obj, PlanStatus.DONE, on=on, user=user, note=note)


def plan_item_cancel(obj: PlanItem, *, on: dt.date, user=None, note: str = "") -> PlanItem:
    return plan_item_move(obj, PlanStatus.CANCELLED, on=on, user=user, note=note)


def plan_progress_validate(obj: PlanProgress, *, user=None, clean=validate) -> None:
    if obj.item_id:
        obj.region_id = obj.item.region_id
    ensure_can_write(user, obj)
    clean(obj)


def plan_progress_save(obj: PlanProgress, *, user=None) -> PlanProgress:
    """Save a progress note; it belongs to its item's region."""
    if obj.item_id:
        obj.region_id = obj.item.region_id
    return record_save(obj, user=user)


def plan_progress_add(item: PlanItem, *, date: dt.date, text: str, user=None) -> PlanProgress:
    return plan_progress_save(PlanProgress(item=item, date=date, text=text), user=user)
