"""Every write of the notary line."""

from __future__ import annotations

import datetime as dt

from sifa.core import deadlines
from sifa.core.access import ensure_can_write
from sifa.core.errors import RuleViolation
from sifa.core.services import record_service
from sifa.core.workflow import transition

from .models import (
    MSG_CERT_REQUIRED,
    MSG_REASON_REQUIRED,
    Notarization,
    Status,
)


def issue_due(accepted_on: dt.date, region=None) -> dt.date:
    """The last day to issue the certificate: 15 working days after acceptance (art. 30)."""
    return deadlines.due_date(accepted_on, "notary.issue", region).due


def _notarization_prepare(obj: Notarization) -> None:
    """The issue deadline follows the acceptance date."""
    if obj.accepted_on:
        obj.issue_due = issue_due(obj.accepted_on, obj.region if obj.region_id else None)


# Create or correct a notarization (and, `.many`, a file of them).
notarization_save = record_service(_notarization_prepare)


def notarization_validate(obj: Notarization, *, user) -> None:
    ensure_can_write(user, obj)


def notarization_issue(
    obj: Notarization, *, on: dt.date, certificate_no: str, user
) -> Notarization:
    """Issue the certificate (出证) under a number no other certificate carries."""
    ensure_can_write(user, obj)
    if not (certificate_no or "").strip():
        raise RuleViolation({"certificate_no": [MSG_CERT_REQUIRED]})
    return transition(
        obj,
        Status.ISSUED,
        on=on,
        user=user,
        fields={"certificate_no": certificate_no.strip(), "closed_on": on},
    )


def notarization_refuse(
    obj: Notarization, *, on: dt.date, reason: str, user, terminate: bool = False
) -> Notarization:
    """Refuse (不予办理) or terminate (终结) the matter, with its reasons."""
    ensure_can_write(user, obj)
    if not (reason or "").strip():
        raise RuleViolation({"reason": [MSG_REASON_REQUIRED]})
    target = Status.TERMINATED if terminate else Status.REFUSED
    return transition(obj, target, on=on, user=user, note=reason, fields={"reason": reason.strip()})


consultation_save = record_service()
document_save = record_service()


def record_validate(obj, *, user) -> None:
    ensure_can_write(user, obj)
