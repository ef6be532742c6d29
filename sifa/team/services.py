"""Every write of the team line: typed activities with their quantities, and the line's records.

Quantities of an activity are entered one field per measure; `activity_quantities` turns those
values into the `quantities` dict the core model stores, refusing a negative number or a value
for a measure the activity's type does not record, so the entry screen, an import and the demo
obey the same rules.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sifa.core.access import ensure_can_write
from sifa.core.audit import record_write
from sifa.core.errors import RuleViolation
from sifa.core.models import Activity, ActivityType, Measure, Region
from sifa.core.services import record_save, validate

from .models import (
    ACTIVITY_GROUPS,
    Donation,
    DonationKind,
    FirstSecretary,
    HouseholdVisit,
    Incident,
    RuralActivity,
    TeamBuildingActivity,
    VillageProject,
)

# The entry form names the field of measure `code` QUANTITY_FIELD.format(code=code).
QUANTITY_FIELD = "q_{code}"

MSG_QUANTITY_INVALID = "“{name}”应为不小于0的整数。"
MSG_QUANTITY_NOT_MEASURED = "“{type}”不登记“{name}”，请留空。"
MSG_TYPE_NOT_IN_GROUP = "“{type}”不在“{group}”中登记，请选择：{allowed}。"
MSG_TYPE_REQUIRED = "请选择活动类型。"


def group_of(obj) -> type[TeamBuildingActivity | RuralActivity | HouseholdVisit] | None:
    """The entry group (proxy class) of an activity, or None for a plain core.Activity."""
    cls = type(obj)
    return cls if cls in ACTIVITY_GROUPS else None


def _type_codes(obj) -> tuple[str, ...]:
    group = group_of(obj)
    if group is not None:
        return group.type_codes
    return tuple(c for g in ACTIVITY_GROUPS for c in g.type_codes)


def activity_quantities(activity_type: ActivityType, values: dict[str, int | None]) -> dict:
    """The quantities dict for `activity_type` from one value per measure code.

    Empty values are left out; a value for a measure the type does not record, or a value
    that is not a whole number ≥ 0, is refused with an error on that measure's field.
    """
    measured = {m.code: m for m in activity_type.measures.all()}
    names = dict(Measure.objects.filter(code__in=list(values)).values_list("code", "name"))
    errors, out = {}, {}
    for code, value in values.items():
        if value in (None, ""):
            continue
        key = QUANTITY_FIELD.format(code=code)
        if code not in measured:
            errors[key] = MSG_QUANTITY_NOT_MEASURED.format(
                type=activity_type.name, name=names.get(code, code)
            )
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors[key] = MSG_QUANTITY_INVALID.format(name=measured[code].name)
            continue
        out[code] = value
    if errors:
        raise RuleViolation(errors)
    return out


def team_activity_validate(obj: Activity, *, user=None, clean=validate) -> None:
    """The activity's type belongs to its entry group; then the core rules (full_clean)."""
    if not obj.type_id:
        raise RuleViolation({"type": MSG_TYPE_REQUIRED})
    codes = _type_codes(obj)
    if obj.type.code not in codes:
        group = group_of(obj)
        allowed = "、".join(
            ActivityType.objects.filter(code__in=codes)
            .order_by("code")
            .values_list("name", flat=True)
        )
        raise RuleViolation(
            {
                "type": MSG_TYPE_NOT_IN_GROUP.format(
                    type=obj.type.name,
                    group=group._meta.verbose_name if group else "队伍建设与乡村振兴",
                    allowed=allowed,
                )
            }
        )
    ensure_can_write(user, obj)
    clean(obj)


def team_activity_save(obj: Activity, *, user=None) -> Activity:
    """Check, validate and save one activity of this line, atomically with its history."""
    team_activity_validate(obj, user=user)
    with transaction.atomic(), record_write(user):
        if obj.pk is None and getattr(user, "pk", None):
            obj.created_by = user
        obj.save()
    return obj


def team_activity_create(
    group,
    *,
    type_code: str,
    date: dt.date,
    title: str,
    region: Region,
    quantities: dict[str, int | None] | None = None,
    theme: str = "",
    note: str = "",
    end_date: dt.date | None = None,
    unit=None,
    user=None,
) -> Activity:
    """Record one activity of `group` (a proxy of ACTIVITY_GROUPS) with its quantities."""
    activity_type = ActivityType.objects.get(code=type_code)
    obj = group(
        type=activity_type,
        date=date,
        end_date=end_date,
        title=title,
        theme=theme,
        note=note,
        region=region,
        unit=unit,
    )
    obj.quantities = activity_quantities(activity_type, quantities or {})
    return team_activity_save(obj, user=user)


# --- the line's own records -------------------------------------------------------------------
def _validate(obj, *, user=None, clean=validate) -> None:
    ensure_can_write(user, obj)
    clean(obj)


def donation_validate(obj: Donation, *, user=None, clean=validate) -> None:
    _validate(obj, user=user, clean=clean)


def donation_save(obj: Donation, *, user=None) -> Donation:
    return record_save(obj, user=user)


def donation_create(
    *,
    kind: DonationKind | str,
    date: dt.date,
    amount_yuan: int,
    region: Region,
    note: str = "",
    user=None,
) -> Donation:
    return donation_save(
        Donation(kind=kind, date=date, amount_yuan=amount_yuan, region=region, note=note), user=user
    )


def village_project_validate(obj: VillageProject, *, user=None, clean=validate) -> None:
    _validate(obj, user=user, clean=clean)


def village_project_save(obj: VillageProject, *, user=None) -> VillageProject:
    return record_save(obj, user=user)


def village_project_create(
    *,
    village: Region,
    name: str,
    investment_yuan: int,
    started_on: dt.date,
    completed_on: dt.date | None = None,
    note: str = "",
    user=None,
) -> VillageProject:
    obj = VillageProject(
        region=village,
        name=name,
        investment_yuan=investment_yuan,
        started_on=started_on,
        completed_on=completed_on,
        note=note,
    )
    return village_project_save(obj, user=user)


def village_project_complete(obj: VillageProject, *, on: dt.date, user=None) -> VillageProject:
    """Record the project's completion date (checked against its start)."""
    obj.completed_on = on
    return village_project_save(obj, user=user)


def first_secretary_validate(obj: FirstSecretary, *, user=None, clean=validate) -> None:
    _validate(obj, user=user, clean=clean)


def first_secretary_save(obj: FirstSecretary, *, user=None) -> FirstSecretary:
    return record_save(obj, user=user)


def first_secretary_create(
    *,
    person: str,
    township: Region,
    village: Region,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    note: str = "",
    user=None,
) -> FirstSecretary:
    obj = FirstSecretary(
        person=person,
        township=township,
        region=village,
        started_on=started_on,
        ended_on=ended_on,
        note=note,
    )
    return first_secretary_save(obj, user=user)


def incident_validate(obj: Incident, *, user=None, clean=validate) -> None:
    _validate(obj, user=user, clean=clean)


def incident_save(obj: Incident, *, user=None) -> Incident:
    return record_save(obj, user=user)


def incident_create(
    *, kind: str, occurred_on: dt.date, description: str, region: Region, user=None
) -> Incident:
    obj = Incident(kind=kind, occurred_on=occurred_on, description=description, region=region)
    return incident_save(obj, user=user)
