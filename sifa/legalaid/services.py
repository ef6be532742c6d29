"""Every write of the legalaid line.

An application is received (`application_receive`), reviewed (`application_approve` /
`application_refuse`, within 7 days) and, once approved, assigned (`application_assign`,
within 3 days), which opens its case. Each move goes through core.workflow.transition.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sifa.core import deadlines
from sifa.core.access import ensure_can_write
from sifa.core.errors import RuleViolation
from sifa.core.services import record_service
from sifa.core.workflow import transition

from .models import (
    MSG_LAWYER_REQUIRED,
    MSG_REFUSAL_REASON,
    AidApplication,
    AidCase,
    ApplicationStatus,
)


def review_due(received_on: dt.date, region=None) -> dt.date:
    """The last day to decide on an application received on `received_on` (art. 43)."""
    return deadlines.due_date(received_on, "legalaid.review", region).due


def assign_due(decided_on: dt.date, region=None) -> dt.date:
    """The last day to assign a handler after the decision to grant aid (art. 44)."""
    return deadlines.due_date(decided_on, "legalaid.assign", region).due


# --- applications ----------------------------------------------------------------------------
def _application_prepare(obj: AidApplication) -> None:
    """The review deadline follows the receipt date."""
    if obj.received_on:
        obj.review_due = review_due(obj.received_on, obj.region if obj.region_id else None)


# Create or correct an application (and, `.many`, a file of them).
application_save = record_service(_application_prepare)


def application_validate(obj: AidApplication, *, user) -> None:
    ensure_can_write(user, obj)


def application_receive(
    *,
    region,
    applicant_name: str,
    id_number: str,
    case_type: str,
    matter: str,
    received_on: dt.date,
    phone: str = "",
    user,
) -> AidApplication:
    obj = AidApplication(
        region=region,
        applicant_name=applicant_name,
        id_number=id_number,
        case_type=case_type,
        matter=matter,
        received_on=received_on,
        phone=phone,
    )
    return application_save(obj, user=user)


def application_approve(
    obj: AidApplication, *, on: dt.date, user, note: str = ""
) -> AidApplication:
    """Grant aid; the 3-day assignment period starts from the decision."""
    ensure_can_write(user, obj)
    return transition(
        obj,
        ApplicationStatus.APPROVED,
        on=on,
        user=user,
        note=note,
        fields={"assign_due": assign_due(on, obj.region)},
    )


def application_refuse(obj: AidApplication, *, on: dt.date, reason: str, user) -> AidApplication:
    """Refuse aid; the written reasons are required (art. 43)."""
    ensure_can_write(user, obj)
    if not (reason or "").strip():
        raise RuleViolation({"refusal_reason": [MSG_REFUSAL_REASON]})
    return transition(
        obj,
        ApplicationStatus.REFUSED,
        on=on,
        user=user,
        note=reason,
        fields={"refusal_reason": reason.strip()},
    )


def application_assign(
    obj: AidApplication,
    *,
    on: dt.date,
    handler,
    lawyer: str,
    agri: bool = False,
    recipient_groups=(),
    user,
) -> AidCase:
    """Assign a handler (legal aid centre or law firm) and open the case, atomically."""
    ensure_can_write(user, obj)
    if not (lawyer or "").strip():
        raise RuleViolation({"lawyer": [MSG_LAWYER_REQUIRED]})
    with transaction.atomic():
        transition(
            obj, ApplicationStatus.ASSIGNED, on=on, user=user, note=f"指派{handler}·{lawyer}"
        )
        case = AidCase(
            application=obj,
            region_id=obj.region_id,
            case_type=obj.case_type,
            recipient_name=obj.applicant_name,
            recipient_id_number=obj.id_number,
            handler=handler,
            lawyer=lawyer.strip(),
            assigned_on=on,
            agri=agri,
            recipient_groups=list(recipient_groups),
            summary=obj.matter[:200],
        )
        return case_save(case, user=user)


# --- cases and dated records -----------------------------------------------------------------
# Create or change a case (also a notified defence without an application).
case_save = record_service()


def case_validate(obj: AidCase, *, user) -> None:
    ensure_can_write(user, obj)


def case_close(obj: AidCase, *, on: dt.date, user) -> AidCase:
    obj.closed_on = on
    return case_save(obj, user=user)


plea_help_save = record_service()
consultation_save = record_service()
document_save = record_service()


def record_validate(obj, *, user) -> None:
    ensure_can_write(user, obj)
