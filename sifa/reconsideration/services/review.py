"""Intake and the acceptance review (行政复议法 art. 20, 30, 31): receive, correct, refuse,
accept, and the deemed acceptance and abandonment."""

from __future__ import annotations

import datetime as dt

from sifa.core import deadlines
from sifa.core.access import ensure_can_write
from sifa.core.errors import RuleViolation
from sifa.core.models import UnitKind
from sifa.core.services import validate

from ..models import (
    ACCEPTANCE_REVIEW,
    CORRECTION_NOTICE,
    MSG_REASON_REQUIRED,
    Procedure,
    ReconsiderationCase,
    Status,
)
from .common import (
    MSG_CORRECTED_LATE,
    MSG_ITEMS_REQUIRED,
    MSG_NOTICE_LATE,
    MSG_REPLY_NOT_EXPIRED,
    MSG_RESPONDENT_KIND,
    MSG_REVIEW_EXPIRED,
    MSG_STATUS_FIELDS_LOCKED,
    _before,
    _move,
    _save,
)

# --- intake and edits -----------------------------------------------------------------------
# Statuses a case reaches only after its acceptance review ended.
_REVIEWED = (Status.REJECTED, Status.UNDER_REVIEW, Status.SUSPENDED, Status.CLOSED)


def _derive_review(case: ReconsiderationCase) -> None:
    """A case saved with a status past the acceptance review (an import of earlier years'
    cases) gets the states the moves would have given it: the review's due date, and — when
    its acceptance is dated after that period ran out — the deemed acceptance (视为受理) on the
    day it expired, under the ordinary procedure, as `case_accept` records it; the decision
    period then runs from that day (refresh_deadlines). A stored case keeps its recorded
    acceptance unless the save changes it."""
    start = case.corrected_on or case.received_on
    if case.status not in _REVIEWED or start is None:
        return
    due = case._due(start, ACCEPTANCE_REVIEW.code).due
    late = case.accepted_on is not None and case.accepted_on > due
    if case.pk is not None:
        if not late:
            return
        stored = (
            ReconsiderationCase.all_objects.filter(pk=case.pk)
            .values_list("accepted_on", flat=True)
            .first()
        )
        if stored == case.accepted_on:
            return
    case.acceptance_due = due
    if late:
        case.accepted_on, case.deemed_accepted = due, True
        case.procedure = Procedure.ORDINARY


def case_validate(case: ReconsiderationCase, *, user) -> None:
    """Rules beyond clean(): the respondent is an agency; moves own the status fields."""
    ensure_can_write(user, case)
    _derive_review(case)
    if case.respondent_id and case.respondent.kind != UnitKind.AGENCY:
        raise RuleViolation({"respondent": MSG_RESPONDENT_KIND})
    case.refresh_deadlines()
    validate(case)


def case_save(case: ReconsiderationCase, *, user) -> ReconsiderationCase:
    """Register a received application (with its late-application warning) or edit one."""
    case_validate(case, user=user)
    if case.pk:
        stored = ReconsiderationCase.all_objects.get(pk=case.pk)
        locked = ("status", "accepted_on", "rejected_on", "closed_on", "close_kind")
        if any(getattr(stored, f) != getattr(case, f) for f in locked):
            raise RuleViolation({"status": MSG_STATUS_FIELDS_LOCKED})
    return _save(case, user=user)


def case_receive(*, user, **fields) -> ReconsiderationCase:
    """收到申请: a new case awaiting the acceptance review."""
    return case_save(ReconsiderationCase(**fields), user=user)


# --- acceptance review (art. 30, 31) --------------------------------------------------------
def _ensure_in_review(case: ReconsiderationCase, on: dt.date) -> None:
    if case.acceptance_due and on > case.acceptance_due:
        raise RuleViolation({"on": MSG_REVIEW_EXPIRED.format(due=case.acceptance_due)})
    start = case.corrected_on or case.received_on
    if on < start:
        raise _before("收到申请（补正材料）日期", start)


def case_request_correction(case, *, on: dt.date, items: str, user) -> ReconsiderationCase:
    """补正: notice within 5 working days of receipt; the applicant then has 10 working days."""
    if not items.strip():
        raise RuleViolation({"correction_items": MSG_ITEMS_REQUIRED})
    if case.status == Status.RECEIVED:
        start = case.corrected_on or case.received_on
        notice = deadlines.due_date(start, CORRECTION_NOTICE.code, case.region)
        if on > notice.due:
            raise RuleViolation(
                {
                    "on": MSG_NOTICE_LATE.format(
                        period=notice.period.text, law=notice.period.law, due=notice.due
                    )
                }
            )
        _ensure_in_review(case, on)
    return _move(
        case,
        Status.CORRECTION,
        on=on,
        user=user,
        note=items,
        fields={"correction_items": items, "correction_notice_on": on},
    )


def case_correction_received(case, *, on: dt.date, user) -> ReconsiderationCase:
    """补正材料收到: the acceptance review starts again from this day."""
    if case.status == Status.CORRECTION:
        if on < case.correction_notice_on:
            raise _before("补正通知日期", case.correction_notice_on)
        if case.correction_reply_due and on > case.correction_reply_due:
            raise RuleViolation({"on": MSG_CORRECTED_LATE.format(due=case.correction_reply_due)})
    return _move(
        case, Status.RECEIVED, on=on, user=user, label="收到补正材料", fields={"corrected_on": on}
    )


def case_abandon(case, *, user, on: dt.date | None = None) -> ReconsiderationCase:
    """视为放弃: the applicant's correction period ran out without the materials."""
    if case.status == Status.CORRECTION:
        due = case.correction_reply_due
        on = on or (due + dt.timedelta(days=1) if due else None)
        if due is None or on <= due:
            raise RuleViolation({"on": MSG_REPLY_NOT_EXPIRED.format(due=due)})
    return _move(
        case,
        Status.ABANDONED,
        on=on,
        user=user,
        note="申请人无正当理由逾期不补正，视为放弃行政复议申请（第三十一条）",
    )


def case_reject(case, *, on: dt.date, reason: str, user) -> ReconsiderationCase:
    """不予受理: only within the review period, and with its reason."""
    if not reason.strip():
        raise RuleViolation({"rejection_reason": MSG_REASON_REQUIRED})
    if case.status == Status.RECEIVED:
        _ensure_in_review(case, on)
    return _move(
        case, Status.REJECTED, on=on, user=user, note=reason, fields={"rejection_reason": reason}
    )


def case_accept(
    case, *, on: dt.date, procedure: str = Procedure.ORDINARY, user
) -> ReconsiderationCase:
    """受理. Recorded after the review period ran out, it is the deemed acceptance (视为受理):
    the case counts as accepted from the day the period expired."""
    if case.status == Status.RECEIVED:
        start = case.corrected_on or case.received_on
        if on < start:
            raise _before("收到申请（补正材料）日期", start)
        if case.acceptance_due and on > case.acceptance_due:
            return _deem_accepted(case, user=user)
    return _move(
        case,
        Status.UNDER_REVIEW,
        on=on,
        user=user,
        label="受理",
        fields={"accepted_on": on, "procedure": procedure},
    )


def _deem_accepted(case, *, user) -> ReconsiderationCase:
    due = case.acceptance_due
    return _move(
        case,
        Status.UNDER_REVIEW,
        on=due,
        user=user,
        label="视为受理",
        note=f"受理审查期限{due}届满，未作出不予受理决定，依第三十条视为受理",
        fields={"accepted_on": due, "deemed_accepted": True, "procedure": Procedure.ORDINARY},
    )


def apply_deemed_acceptance(*, user, today: dt.date | None = None) -> list[ReconsiderationCase]:
    """Record 视为受理 for every visible case whose review period ran out before `today`."""
    from ..selectors import cases_deemed_accepted

    return [_deem_accepted(c, user=user) for c in cases_deemed_accepted(user, today=today)]


def apply_deemed_abandonment(*, user, today: dt.date | None = None) -> list[ReconsiderationCase]:
    """Record 视为放弃 for every visible case whose correction period ran out before `today`."""
    from ..selectors import cases_deemed_abandoned

    return [case_abandon(c, user=user) for c in cases_deemed_abandoned(user, today=today)]
