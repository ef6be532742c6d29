"""Every write of the litigation line: cases and their hearings."""

from __future__ import annotations

from django.db import transaction

from sifa.core import casenumbers
from sifa.core.access import ensure_can_write
from sifa.core.audit import record_write
from sifa.core.errors import RuleViolation
from sifa.core.models import UnitKind
from sifa.core.services import validate

from .models import Hearing, LitigationCase

MSG_DEFENDANT_KIND = "被告应为行政机关（县人民政府或其工作部门）。"


def case_validate(case: LitigationCase, *, user, clean=validate) -> None:
    ensure_can_write(user, case)
    if case.defendant_id and case.defendant.kind != UnitKind.AGENCY:
        raise RuleViolation({"defendant": MSG_DEFENDANT_KIND})
    case.refresh_deadlines()
    clean(case)


def case_save(case: LitigationCase, *, user) -> LitigationCase:
    """Register or update a lawsuit; the answer and appeal due dates are recomputed."""
    case_validate(case, user=user)
    with transaction.atomic(), record_write(user):
        if case.pk is None and getattr(user, "pk", None):
            case.created_by = user
        casenumbers.number_new([case])
        case.save()
    return case


def case_register(*, user, **fields) -> LitigationCase:
    return case_save(LitigationCase(**fields), user=user)


def hearing_validate(hearing: Hearing, *, user, clean=validate) -> None:
    """A hearing belongs to its case's region; without the head a staff member must attend."""
    if hearing.case_id:
        hearing.region_id = hearing.case.region_id
    ensure_can_write(user, hearing)
    clean(hearing)


def hearing_save(hearing: Hearing, *, user) -> Hearing:
    hearing_validate(hearing, user=user)
    with transaction.atomic(), record_write(user):
        if hearing.pk is None and getattr(user, "pk", None):
            hearing.created_by = user
        hearing.save()
    return hearing


def hearing_record(*, case: LitigationCase, user, **fields) -> Hearing:
    return hearing_save(Hearing(case=case, region_id=case.region_id, **fields), user=user)
